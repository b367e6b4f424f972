package dev.earshot.app;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.earshot.classifier.Classifier;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code earshot evaluate --sentiment} and {@code --languages} print. */
final class SentimentReport {
    private SentimentReport() {
    }

    /**
     * Scores each labelled text as the classifier does (toward the first tracked brand it names, with
     * that pair's feedback kind; the whole text when it names none), and the VADER lexicon alone on
     * the same rows. Rows whose {@code n} (or line number) is a multiple of three are the held-out
     * part, fixed before the thresholds were chosen on the rest.
     */
    static void run(Path csv, ClassifierOptions options, PrintWriter out) throws Exception {
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            rows = it.readAll();
        }
        List<Mention> mentions = new ArrayList<>();
        List<Sentiment.Label> labels = new ArrayList<>();
        List<Boolean> heldOut = new ArrayList<>();
        int line = 1;
        int skipped = 0;
        for (Map<String, String> row : rows) {
            line++;
            Sentiment.Label label = switch (row.getOrDefault("emotion", "").trim().toLowerCase(Locale.ROOT)) {
                case "positive" -> Sentiment.Label.POSITIVE;
                case "negative" -> Sentiment.Label.NEGATIVE;
                case "none", "neutral" -> Sentiment.Label.NEUTRAL;
                default -> null;
            };
            String text = row.get("text");
            if (label == null || text == null || text.isBlank()) {
                skipped++;
                continue;
            }
            String n = row.getOrDefault("n", "").trim();
            if (!n.matches("\\d{1,18}")) {
                n = String.valueOf(line); // no number of its own: the record's place in the file
            }
            mentions.add(Mention.of("evaluate:" + n, "evaluate", Instant.EPOCH.plusSeconds(line), text));
            labels.add(label);
            heldOut.add(Long.parseLong(n) % 3 == 0);
        }
        SentimentScorer plain = SentimentScorer.plainLexicon();
        SentimentScorer whole = SentimentScorer.defaults();
        LanguageDetector language = new LanguageDetector(options.settings().languages());
        SentimentEvaluation[] earshot = {new SentimentEvaluation(), new SentimentEvaluation(), new SentimentEvaluation()};
        SentimentEvaluation[] baseline = {new SentimentEvaluation(), new SentimentEvaluation(), new SentimentEvaluation()};
        long unread = 0;
        try (Classifier classifier = options.build()) {
            List<List<Classification>> results = classifier.classifyAll(mentions);
            for (int i = 0; i < mentions.size(); i++) {
                Sentiment scored;
                if (!results.get(i).isEmpty()) {
                    scored = results.get(i).get(0).sentiment();
                } else {
                    // Naming no tracked brand, scored as the classifier scores a pair: English (or no letters) only.
                    String told = language.detect(mentions.get(i).text(), null);
                    scored = told == null || "en".equals(told) ? whole.score(mentions.get(i).text()) : null;
                }
                if (scored == null) {
                    unread++; // a language the scorer does not read: counted as NEUTRAL, as a user would see no sentiment
                }
                Sentiment.Label got = scored == null ? Sentiment.Label.NEUTRAL : scored.label();
                Sentiment.Label base = plain.score(mentions.get(i).text()).label();
                int part = heldOut.get(i) ? 2 : 1;
                earshot[0].add(labels.get(i), got);
                earshot[part].add(labels.get(i), got);
                baseline[0].add(labels.get(i), base);
                baseline[part].add(labels.get(i), base);
            }
        }
        out.printf(Locale.ROOT, "Sentiment on %s (%,d rows scored, %,d left out as unlabelled or unclear, %,d in a "
                + "language the scorer does not read)%n", csv, mentions.size(), skipped, unread);
        String[] parts = {"All rows", "Tuning part (n not a multiple of 3)", "Held-out part (n a multiple of 3: tune nothing to it)"};
        for (int p = 0; p < 3; p++) {
            out.println();
            out.println(parts[p] + ":");
            out.println(" Earshot:");
            out.print(earshot[p].report());
            out.println(" VADER lexicon alone (baseline):");
            out.print(baseline[p].report());
            out.printf(Locale.ROOT, " macro-F1 above the baseline: %+.3f%n", earshot[p].macroF1() - baseline[p].macroF1());
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
