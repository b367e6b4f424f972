package dev.earshot.classifier;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.earshot.classifier.SentimentTraining.LabelledText;
import dev.earshot.classifier.sentiment.SentimentEvaluation;
import dev.earshot.model.Mention;
import dev.earshot.model.Sentiment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV of texts labelled with their sentiment, as {@code evaluate --sentiment},
 * {@code train-sentiment} and the SXSW test read it: columns {@code text} and {@code emotion} (or {@code sentiment}):
 * positive, negative, none or neutral; other labels ("I can't tell") are left out. Rows whose
 * {@code n} (or line number) is a multiple of three are the held-out part.
 *
 * @param texts    the labelled texts, in file order
 * @param heldOut  for each, whether it is in the held-out part
 * @param skipped  rows left out as unlabelled or unclear
 * @param copiedInTuningPart for each, whether a row of the tuning part has the same text
 *                 ({@link SentimentEvaluation#sameText}): a retweet or copy, not unseen
 */
public record LabelledTexts(List<LabelledText> texts, List<Boolean> heldOut, int skipped, List<Boolean> copiedInTuningPart) {
    /** Reads a labelled CSV; rows without text or with another label are counted in {@link #skipped}. */
    public static LabelledTexts read(Path csv) throws IOException {
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            rows = it.readAll();
        }
        List<LabelledText> texts = new ArrayList<>();
        List<Boolean> heldOut = new ArrayList<>();
        int line = 1;
        int skipped = 0;
        for (Map<String, String> row : rows) {
            line++;
            String given = row.getOrDefault("emotion", row.getOrDefault("sentiment", ""));
            Sentiment.Label label = switch (given == null ? "" : given.trim().toLowerCase(Locale.ROOT)) {
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
            texts.add(new LabelledText(Mention.of("labelled:" + n, "labelled", Instant.EPOCH.plusSeconds(line), text), label));
            heldOut.add(Long.parseLong(n) % 3 == 0);
        }
        java.util.Set<String> tuningTexts = new java.util.HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!heldOut.get(i)) {
                tuningTexts.add(SentimentEvaluation.sameText(texts.get(i).mention().text()));
            }
        }
        List<Boolean> copied = new ArrayList<>();
        for (LabelledText text : texts) {
            copied.add(tuningTexts.contains(SentimentEvaluation.sameText(text.mention().text())));
        }
        return new LabelledTexts(List.copyOf(texts), List.copyOf(heldOut), skipped, List.copyOf(copied));
    }

    /** The texts of the tuning part only (n not a multiple of three). */
    public List<LabelledText> tuningPart() {
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!heldOut.get(i)) {
                out.add(texts.get(i));
            }
        }
        return out;
    }
}
