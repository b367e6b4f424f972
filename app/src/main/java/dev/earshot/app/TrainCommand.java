package dev.earshot.app;

import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.Evaluation;
import dev.earshot.classifier.FeedbackTraining;
import dev.earshot.classifier.LabelledMention;
import dev.earshot.classifier.learned.FeedbackModel;
import dev.earshot.classifier.learned.FeedbackTrainer;
import dev.earshot.model.Classification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code earshot train}: learns a feedback model from the user's own labelled mentions. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Learns a feedback model (logistic regression over the words, word pairs, hashtags, shapes and",
            "fired rules of each mention) from labelled mention JSONL, as 'evaluate' reads it, and writes it as",
            "JSON. First measures rules + model by k-fold cross-validation beside the rules alone, so you see",
            "what the model adds on your data before you load it with --model or classifier.model."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Mixin
    TrainingOptions training;

    @Option(names = "--tuning-part-only", description = {"Learn from the tuning part only, leaving out the held-out third",
        "(chosen by a hash of each id), so that 'evaluate --model' reports the held-out part on mentions the model",
        "never saw."})
    boolean tuningPartOnly;

    @Option(names = "--input", required = true, description = "Labelled mention JSONL.")
    Path input;

    @Option(names = "--min-count", defaultValue = "" + FeedbackTrainer.Options.DEFAULT_MIN_COUNT,
            description = "Leave out features seen in fewer labelled pairs (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--c", defaultValue = "" + FeedbackTrainer.Options.DEFAULT_C,
            description = "Inverse regularisation strength: lower keeps the model closer to zero (default: ${DEFAULT-VALUE}).")
    double c;

    @Option(names = "--length-exponent", defaultValue = "" + FeedbackTrainer.Options.DEFAULT_LENGTH_EXPONENT,
            description = {"Each of a pair's n known features weighs n to the minus this, between 0 and 1: 0.5 scales",
                "every pair to unit length, lower lets a long post's many words add up (default: ${DEFAULT-VALUE})."})
    double lengthExponent;

    @Option(names = "--threshold", defaultValue = "" + FeedbackTrainer.Options.DEFAULT_THRESHOLD,
            description = "Probability from which the model names a feedback kind (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--not-feedback-below", defaultValue = "" + FeedbackTrainer.Options.DEFAULT_NOT_FEEDBACK_BELOW,
            description = {"Under this feedback probability the model takes away the feedback of rules it does not",
                "trust, unless it names a kind itself at --threshold (default: ${DEFAULT-VALUE}); 0 lets it only add."})
    double notFeedbackBelow;

    @Option(names = "--feedback-from", defaultValue = "" + FeedbackTrainer.Options.DEFAULT_FEEDBACK_FROM,
            description = {"From this feedback probability the model makes a pair the rules did not call feedback",
                "feedback of its likeliest kind, though no kind reaches --threshold (default: ${DEFAULT-VALUE});",
                "above 1, never."})
    double feedbackFrom;

    @Option(names = "--trust-rules-from", defaultValue = "" + FeedbackTrainer.Options.DEFAULT_TRUST_RULES_FROM,
            description = {"Rules whose weights for a feedback kind add up to this keep their decision; below it the",
                "model may find a pair is not feedback or of another kind (default: ${DEFAULT-VALUE}, three agreeing rules",
                "of weight 1)."})
    double trustRulesFrom;

    @Spec
    CommandSpec spec;

    /**
     * The options' names in place of the settings' ("feedbackFrom" as "--feedback-from"): the trainer
     * words its refusals in the settings' names, as a model file spells them.
     */
    private String inOptionNames(String message) {
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (name.startsWith("--")) {
                String setting = java.util.regex.Pattern.compile("-([a-z])").matcher(name.substring(2))
                        .replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));
                message = message.replaceAll("\\b" + setting + "\\b", name);
            }
        }
        return message;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (classifier.model != null) {
            err.println("train learns beside the rules alone: --model is for classify, evaluate and streams.");
            return 2;
        }
        if (training.foldsProblem() != null) {
            err.println(training.foldsProblem());
            return 2;
        }
        FeedbackTrainer.Options options;
        try {
            options = new FeedbackTrainer.Options(c, minCount, lengthExponent, threshold, notFeedbackBelow, feedbackFrom,
                    trustRulesFrom);
        } catch (IllegalArgumentException e) {
            err.println(inOptionNames(e.getMessage()));
            return 2;
        }
        LabelledFile file = LabelledFile.read(input, err);
        if (file.bad() > 0) {
            err.println(file.bad() + " lines are not labelled mentions; fix them before training.");
            return 1;
        }
        List<LabelledMention> labelled = tuningPartOnly
                ? file.mentions().stream().filter(m -> !Evaluation.heldOut(m.mention().id())).toList() : file.mentions();
        try (Classifier rules = classifier.build()) {
            if (training.folds > 0) {
                Evaluation alone = new Evaluation();
                Evaluation withModel = new Evaluation();
                List<List<Classification>> crossValidated = FeedbackTraining.crossValidate(rules, labelled, training.folds, training.seed, options);
                for (int i = 0; i < labelled.size(); i++) {
                    alone.add(labelled.get(i), rules.classify(labelled.get(i).mention()));
                    withModel.add(labelled.get(i), crossValidated.get(i));
                }
                out.println("Rules alone:");
                out.print(alone.report());
                out.println();
                out.printf(Locale.ROOT, "Rules + model, %d-fold cross-validation (each mention scored by a model that never saw it):%n", training.folds);
                out.print(withModel.report());
                out.println();
            }
            FeedbackModel model = FeedbackTraining.train(rules, labelled, options);
            model.write(training.output);
            out.printf(Locale.ROOT, "Wrote %s: %d features for %s, from %d labelled pairs %s%s.%n", training.output,
                    model.featureCount(), model.kinds(), model.training().examples(), model.training().perLabel(),
                    tuningPartOnly ? " (the tuning part)" : "");
        } catch (IllegalArgumentException e) {
            err.println("cannot train: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }
}
