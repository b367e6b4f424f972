package dev.earshot.app;

import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.Evaluation;
import dev.earshot.classifier.LabelledMention;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.JsonLines;
import dev.earshot.model.MentionCodec;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
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
            "per category, macro-F1, feedback-kind scores and the confusion matrix."})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Option(names = "--input", required = true, description = "Labelled mention JSONL.")
    Path input;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MentionCodec codec = MentionCodec.strict();
        PrintWriter out = spec.commandLine().getOut();
        Evaluation evaluation = new Evaluation();
        Evaluation tuning = new Evaluation();
        Evaluation heldOut = new Evaluation();
        long bad = 0;
        try (Classifier c = classifier.build();
                InputStream in = Files.newInputStream(input);
                JsonLines lines = new JsonLines(in, codec.limits().maxDocumentBytes())) {
            for (JsonLines.Line line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    LabelledMention lm = LabelledMention.decode(line.bytes(), codec);
                    var results = c.classify(lm.mention());
                    evaluation.add(lm, results);
                    (Evaluation.heldOut(lm.mention().id()) ? heldOut : tuning).add(lm, results);
                } catch (InvalidMentionException e) {
                    bad++;
                    spec.commandLine().getErr().println("line " + line.number() + ": " + e.getMessage());
                }
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
        out.flush();
        return bad == 0 ? 0 : 1;
    }
}
