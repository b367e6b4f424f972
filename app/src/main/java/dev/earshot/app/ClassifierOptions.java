package dev.earshot.app;

import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.ConfigException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose brands, rules, a trained model and thresholds, shared by every command that classifies. */
final class ClassifierOptions {
    @Option(names = "--brands", description = "Brand file (YAML). Without it, strategy only: one result per mention with a null brand.")
    Path brands;

    @Option(names = "--rules", description = "Rule file (YAML) extending or replacing the default rule pack.")
    Path rules;

    @Option(names = "--model", description = "Feedback model written by 'earshot train', asked where no feedback rule decides.")
    Path model;

    @Option(names = "--sentiment-model", description = "Sentiment model written by 'earshot train-sentiment', "
            + "deciding each English pair's sentiment from the rules' reading of it.")
    Path sentimentModel;

    @Option(names = "--influencer-followers", defaultValue = "10000",
            description = "Followers from which an author counts as an influencer (default: ${DEFAULT-VALUE}).")
    long influencerFollowers;

    ClassifierSettings settings() {
        return ClassifierSettings.DEFAULT.withInfluencerFollowers(influencerFollowers).withSentimentModel(sentimentModel);
    }

    Classifier build() throws ConfigException {
        return build(settings());
    }

    /** A classifier of these files with other settings (the rules alone beside a sentiment model, say). */
    Classifier build(ClassifierSettings settings) throws ConfigException {
        return Classifier.load(brands, rules, model, settings);
    }
}
