package dev.earshot.app;

import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.JsonLines;
import dev.earshot.model.MentionCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code earshot validate}: checks a JSONL file against the mention wire format. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {"Checks a JSON Lines file of mentions against the wire format.",
            "Reports every bad line with its number and reason; exits 1 if any line is bad."})
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "JSONL file of mentions, or - for standard input.")
    String input;

    @Option(names = "--quiet", description = "Print only the summary line.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        MentionCodec codec = MentionCodec.strict();
        PrintWriter out = spec.commandLine().getOut();
        long valid = 0;
        long invalid = 0;
        long blank = 0;
        try (InputStream in = "-".equals(input) ? System.in : Files.newInputStream(Path.of(input));
                JsonLines lines = new JsonLines(in, codec.limits().maxDocumentBytes())) {
            for (JsonLines.Line line : lines) {
                if (line.isBlank()) {
                    blank++;
                    continue;
                }
                try {
                    codec.decode(line);
                    valid++;
                } catch (InvalidMentionException e) {
                    invalid++;
                    if (!quiet) {
                        out.println("line " + line.number() + ": " + e.getMessage());
                    }
                }
            }
        }
        out.printf("%s: %d valid, %d invalid%s%n", input, valid, invalid,
                blank == 0 ? "" : ", " + blank + " blank lines skipped");
        out.flush();
        return invalid == 0 ? 0 : 1;
    }

}
