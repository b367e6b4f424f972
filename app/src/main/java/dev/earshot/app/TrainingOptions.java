package dev.earshot.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What {@code train} and {@code train-sentiment} share: where the model goes and the cross-validation. */
final class TrainingOptions {
    @Option(names = "--output", required = true, description = "Where to write the model (JSON).")
    Path output;

    @Option(names = "--folds", defaultValue = "5",
            description = "Cross-validation folds before training on everything; 0 skips it (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", defaultValue = "2019", description = "Seed of the fold draw (default: ${DEFAULT-VALUE}).")
    long seed;

    /** What is wrong with --folds, or null: one fold would train on nothing, and a negative count skipped it silently. */
    String foldsProblem() {
        return folds == 0 || folds >= 2 ? null : "--folds is 0 (no cross-validation) or at least 2, not " + folds;
    }
}
