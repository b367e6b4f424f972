package dev.earshot.app;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.ConfigException;
import dev.earshot.classifier.ConfigProblem;
import dev.earshot.classifier.Rule;
import dev.earshot.classifier.RulePack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code earshot rules}: check rule and brand files, list the effective rules. */
@Command(name = "rules",
        mixinStandardHelpOptions = true,
        description = "Checks rule and brand files; lists rules.",
        subcommands = {RulesCommand.Check.class, RulesCommand.ListRules.class})
final class RulesCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validates a rule file or a brand file (told apart by its top-level keys)",
                "and explains each error with its line. Exit 1 if the file has errors."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Rule or brand file (YAML).")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            try {
                if (BrandCatalog.isBrandFile(text)) {
                    BrandCatalog catalog = BrandCatalog.load(file);
                    if (catalog.noBrands(file.toString()) != null) {
                        throw new ConfigException(List.of(catalog.noBrands(file.toString())));
                    }
                    out.printf("%s: ok, a brand file with %d brands and %d competitor sets%n", file, catalog.size(),
                            catalog.competitorSets().size());
                } else {
                    RulePack pack = RulePack.load(file);
                    out.printf("%s: ok, %d rules in force (the default pack has %d)%s%n", file, pack.size(),
                            RulePack.defaults().size(), pack.precedence() == null ? ""
                                    : "; categories win in the order " + pack.precedenceText());
                }
                out.flush();
                return 0;
            } catch (ConfigException e) {
                for (ConfigProblem problem : e.problems()) {
                    out.println(problem);
                }
                out.printf("%s: %d error%s%n", file, e.problems().size(), e.problems().size() == 1 ? "" : "s");
                out.flush();
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the rules in force: the default pack, or the pack a rule file makes.")
    static final class ListRules implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Rule file extending the default pack.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws ConfigException {
            RulePack pack = file == null ? RulePack.defaults() : RulePack.load(file);
            PrintWriter out = spec.commandLine().getOut();
            for (Rule rule : pack.rules()) {
                out.printf(Locale.ROOT, "%-42s %-13s %-9s %5.2f  %s%n", rule.id(), rule.category(),
                        rule.kind() == null ? "" : rule.kind(), rule.weight(),
                        rule.queryString().length() > 80 ? rule.queryString().substring(0, 77) + "..." : rule.queryString());
            }
            out.flush();
            return 0;
        }
    }
}
