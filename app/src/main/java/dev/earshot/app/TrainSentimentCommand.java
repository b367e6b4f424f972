package dev.earshot.app;

import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.LabelledTexts;
import dev.earshot.classifier.SentimentTraining;
import dev.earshot.classifier.SentimentTraining.LabelledText;
import dev.earshot.classifier.learned.SentimentModel;
import dev.earshot.classifier.sentiment.SentimentEvaluation;
import dev.earshot.model.Sentiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code earshot train-sentiment}: learns a sentiment model from the user's own labelled texts. */
@Command(name = "train-sentiment",
        mixinStandardHelpOptions = true,
        description = {"Learns a sentiment model (logistic regression over the words with their negation, word pairs,",
            "emoji and the sentiment rules' own reading toward the brand) from a CSV of 'text' and 'emotion'",
            "(positive, negative, none or neutral), as 'evaluate --sentiment' reads it, and writes it as JSON.",
            "First measures it by k-fold cross-validation beside the rules alone, so you see what it adds on",
            "your data before you load it with --sentiment-model or classifier.sentiment.model."})
final class TrainSentimentCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Mixin
    TrainingOptions training;

    @Option(names = "--input", required = true, description = "Labelled CSV with columns text and emotion (and optionally n).")
    Path input;

    @Option(names = "--tuning-part-only", description = {"Learn from the tuning part only, leaving out the rows",
        "whose n is a multiple of three, so that 'evaluate --sentiment' can report the held-out part on texts",
        "the model never saw."})
    boolean tuningPartOnly;

    @Option(names = "--min-count", defaultValue = "" + SentimentTraining.Options.DEFAULT_MIN_COUNT,
            description = "Leave out features seen in fewer labelled texts (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--c", defaultValue = "" + SentimentTraining.Options.DEFAULT_C,
            description = "Inverse regularisation strength: lower keeps the model closer to zero (default: ${DEFAULT-VALUE}).")
    double c;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (classifier.sentimentModel != null) {
            err.println("train-sentiment learns beside the rules alone: --sentiment-model is for classify, evaluate and streams.");
            return 2;
        }
        if (training.foldsProblem() != null) {
            err.println(training.foldsProblem());
            return 2;
        }
        SentimentTraining.Options options;
        try {
            options = new SentimentTraining.Options(c, minCount);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        LabelledTexts file = LabelledTexts.read(input);
        List<LabelledText> labelled = tuningPartOnly ? file.tuningPart() : file.texts();
        try (Classifier rules = classifier.build()) {
            if (training.folds > 0) {
                SentimentEvaluation alone = new SentimentEvaluation();
                SentimentEvaluation withModel = new SentimentEvaluation();
                List<Sentiment> crossValidated = SentimentTraining.crossValidate(rules, labelled, training.folds, training.seed, options);
                List<List<dev.earshot.model.Classification>> byRules = rules.classifyAll(
                        labelled.stream().map(LabelledText::mention).toList());
                for (int i = 0; i < labelled.size(); i++) {
                    Sentiment ruled = rules.sentimentOf(labelled.get(i).mention(), byRules.get(i));
                    alone.add(labelled.get(i).label(), ruled == null ? Sentiment.Label.NEUTRAL : ruled.label());
                    Sentiment learned = crossValidated.get(i);
                    withModel.add(labelled.get(i).label(), learned == null ? Sentiment.Label.NEUTRAL : learned.label());
                }
                out.printf(Locale.ROOT, "%,d labelled texts%s, %,d left out as unlabelled or unclear.%n", labelled.size(),
                        tuningPartOnly ? " (the tuning part)" : "", file.skipped());
                out.println("Rules alone:");
                out.print(alone.report());
                out.println();
                out.printf(Locale.ROOT, "Model, %d-fold cross-validation (each text scored by a model that never saw it):%n", training.folds);
                out.print(withModel.report());
                out.println();
            }
            SentimentModel model = SentimentTraining.train(rules, labelled, options);
            model.write(training.output);
            out.printf(Locale.ROOT, "Wrote %s: %d features, from %d labelled texts %s.%n", training.output,
                    model.featureCount(), model.training().examples(), model.training().perLabel());
        } catch (IllegalArgumentException e) {
            err.println("cannot train: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }
}
