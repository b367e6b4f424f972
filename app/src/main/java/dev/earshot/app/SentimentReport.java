package dev.earshot.app;

import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.LabelledTexts;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.language.LanguageAccuracy;
import dev.earshot.classifier.language.LanguageDetector;
import dev.earshot.classifier.sentiment.SentimentEvaluation;
import dev.earshot.classifier.sentiment.SentimentScorer;
import dev.earshot.model.Classification;
import dev.earshot.model.Mention;
import dev.earshot.model.Sentiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code earshot evaluate --sentiment} and {@code --languages} print. */
final class SentimentReport {
    private SentimentReport() {
    }

    /**
     * Scores each labelled text as the classifier does (toward the first tracked brand it names, with
     * that pair's feedback kind; the whole text when it names none), and the VADER lexicon alone on
     * the same rows; with a sentiment model loaded, the rules alone too. Rows whose {@code n} (or line
     * number) is a multiple of three are the held-out part, fixed before the thresholds were chosen on
     * the rest and left out of any model trained with {@code train-sentiment --tuning-part-only}.
     */
    static void run(Path csv, ClassifierOptions options, PrintWriter out) throws Exception {
        LabelledTexts file = LabelledTexts.read(csv);
        List<Mention> mentions = file.texts().stream().map(t -> t.mention()).toList();
        SentimentScorer plain = SentimentScorer.plainLexicon();
        List<String> names = new ArrayList<>();
        List<SentimentEvaluation[]> scored = new ArrayList<>();
        long unread = 0;
        try (Classifier classifier = options.build()) {
            unread = score(classifier, mentions, file, scored);
            names.add(classifier.sentimentModel() == null ? "Earshot" : "Earshot, rules + sentiment model " + options.sentimentModel);
            if (classifier.sentimentModel() != null) {
                try (Classifier rules = options.build(options.settings().withSentimentModel(null))) {
                    score(rules, mentions, file, scored);
                    names.add("Earshot, rules alone");
                }
            }
        }
        SentimentEvaluation[] baseline = parts();
        for (int i = 0; i < mentions.size(); i++) {
            add(baseline, file, i, plain.score(mentions.get(i).text()).label());
        }
        out.printf(Locale.ROOT, "Sentiment on %s (%,d rows scored, %,d left out as unlabelled or unclear, %,d in a "
                + "language the scorer does not read)%n", csv, mentions.size(), file.skipped(), unread);
        String[] parts = {"All rows", "Tuning part (n not a multiple of 3)", "Held-out part (n a multiple of 3: tune nothing to it)",
            "Held-out part without the texts also in the tuning part (retweets and copies, compared without RT prefixes, "
                    + "links, handles and case): what a model trained on the tuning part never saw"};
        if (names.size() > 1) {
            out.println("(The held-out parts are unseen by the model only if it was trained with train-sentiment --tuning-part-only.)");
        }
        for (int p = 0; p < parts.length; p++) {
            out.println();
            out.println(parts[p] + ":");
            for (int k = 0; k < names.size(); k++) {
                out.println(" " + names.get(k) + ":");
                out.print(scored.get(k)[p].report());
            }
            out.println(" VADER lexicon alone (baseline):");
            out.print(baseline[p].report());
            out.printf(Locale.ROOT, " macro-F1 above the baseline: %+.3f%n", scored.get(0)[p].macroF1() - baseline[p].macroF1());
        }
    }

    /** Scores every text with this classifier, adds its evaluation to {@code scored}, returns how many it could not read. */
    private static long score(Classifier classifier, List<Mention> mentions, LabelledTexts file,
                              List<SentimentEvaluation[]> scored) {
        SentimentEvaluation[] parts = parts();
        long unread = 0;
        List<List<Classification>> results = classifier.classifyAll(mentions);
        for (int i = 0; i < mentions.size(); i++) {
            Sentiment s = classifier.sentimentOf(mentions.get(i), results.get(i));
            if (s == null) {
                unread++; // a language the scorer does not read: counted as NEUTRAL, as a user would see no sentiment
            }
            add(parts, file, i, s == null ? Sentiment.Label.NEUTRAL : s.label());
        }
        scored.add(parts);
        return unread;
    }

    private static SentimentEvaluation[] parts() {
        return new SentimentEvaluation[] {new SentimentEvaluation(), new SentimentEvaluation(), new SentimentEvaluation(),
            new SentimentEvaluation()};
    }

    private static void add(SentimentEvaluation[] parts, LabelledTexts file, int i, Sentiment.Label got) {
        Sentiment.Label expected = file.texts().get(i).label();
        parts[0].add(expected, got);
        parts[file.heldOut().get(i) ? 2 : 1].add(expected, got);
        if (file.heldOut().get(i) && !file.copiedInTuningPart().get(i)) {
            parts[3].add(expected, got);
        }
    }

    /** Language accuracy, in all and on posts of 20 characters or fewer, per language. */
    static void languages(Path tsv, ClassifierSettings settings, PrintWriter out) throws Exception {
        LanguageDetector detector = new LanguageDetector(settings.languages());
        LanguageAccuracy accuracy = LanguageAccuracy.measure(detector, tsv);
        out.printf(Locale.ROOT, "Language on %s, among %s:%n", tsv, detector.languages());
        out.printf(Locale.ROOT, "  all posts: %.3f (%d of %d); %d characters or fewer: %.3f (%d of %d)%n",
                accuracy.all().accuracy(), accuracy.all().right(), accuracy.all().posts(), LanguageAccuracy.SHORT,
                accuracy.shortPosts().accuracy(), accuracy.shortPosts().right(), accuracy.shortPosts().posts());
        accuracy.byLanguage().forEach((language, t) -> out.printf(Locale.ROOT, "  %s %.3f (%d of %d)%n", language,
                t.accuracy(), t.right(), t.posts()));
    }
}
