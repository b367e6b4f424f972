package dev.earshot.app;

import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.Evaluation;
import dev.earshot.classifier.LabelledMention;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code earshot evaluate}: scores the classifier on labelled mentions. */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {"Scores the classifier on labelled mention JSONL: each line is a mention plus a 'label',",
            "either \"CATEGORY[:KIND]\" or {\"brand\": \"CATEGORY[:KIND]\", …}. Prints precision, recall and F1",
            "per category, macro-F1, feedback-kind scores and the confusion matrix. A line may also carry",
            "'sentiment': {\"brand\": \"POSITIVE|NEUTRAL|NEGATIVE\"}, the sentiment toward each brand, scored too.",
            "--sentiment scores sentiment on a CSV of 'text' and 'emotion' (positive, negative, none; unclear",
            "is left out) beside the VADER lexicon alone; --languages scores language detection on a TSV of",
            "language and text."})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Option(names = "--input", description = "Labelled mention JSONL.")
    Path input;

    @Option(names = "--sentiment", description = "CSV with columns text and emotion (and optionally n), as "
            + "../shared/datasets/sxsw-brand-emotion.csv.")
    Path sentiment;

    @Option(names = "--languages", description = "TSV of ISO 639-1 code and text per line ('#' starts a comment), "
            + "as docs/eval/language-short-posts.tsv.")
    Path languages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (input == null && sentiment == null && languages == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give --input, --sentiment or --languages (or several)");
        }
        int status = 0;
        if (input != null) {
            status = categories(out);
        }
        if (sentiment != null) {
            SentimentReport.run(sentiment, classifier, out);
        }
        if (languages != null) {
            SentimentReport.languages(languages, classifier.settings(), out);
        }
        out.flush();
        return status;
    }

    private int categories(PrintWriter out) throws Exception {
        Evaluation evaluation = new Evaluation();
        Evaluation tuning = new Evaluation();
        Evaluation heldOut = new Evaluation();
        LabelledFile file = LabelledFile.read(input, spec.commandLine().getErr());
        try (Classifier c = classifier.build()) {
            for (LabelledMention lm : file.mentions()) {
                var results = c.classify(lm.mention());
                evaluation.add(lm, results);
                (Evaluation.heldOut(lm.mention().id()) ? heldOut : tuning).add(lm, results);
            }
        }
        out.print(evaluation.report());
        // Both parts, always: a figure only on data the rules were tuned to flatters them.
        out.println();
        out.println("Tuning part (two thirds, by hash of id):");
        out.print(tuning.report());
        out.println();
        out.println("Held-out part (the other third: tune nothing to it):");
        out.print(heldOut.report());
        return file.bad() == 0 ? 0 : 1;
    }
}
