package dev.earshot.app;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.ConfigException;
import dev.earshot.classifier.RulePack;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose brands, rules and thresholds, shared by every command that classifies. */
final class ClassifierOptions {
    @Option(names = "--brands", description = "Brand file (YAML). Without it, strategy only: one result per mention with a null brand.")
    Path brands;

    @Option(names = "--rules", description = "Rule file (YAML) extending or replacing the default rule pack.")
    Path rules;

    @Option(names = "--influencer-followers", defaultValue = "10000",
            description = "Followers from which an author counts as an influencer (default: ${DEFAULT-VALUE}).")
    long influencerFollowers;

    Classifier build() throws ConfigException {
        BrandCatalog catalog = brands == null ? BrandCatalog.empty() : BrandCatalog.load(brands);
        RulePack pack = rules == null ? RulePack.defaults() : RulePack.load(rules);
        return Classifier.create(catalog, pack, ClassifierSettings.DEFAULT.withInfluencerFollowers(influencerFollowers));
    }
}
