package dev.earshot.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.model.Category;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Sentiment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A mention with its expected classification, as in labelled evaluation files: the mention's wire
 * fields plus {@code label}, either one value for strategy-only evaluation ({@code "PAID"},
 * {@code "FEEDBACK:COMPLAINT"}) or a map from brand id to such a value; and optionally
 * {@code sentiment}, a map from brand id to the sentiment toward that brand ({@code "POSITIVE"},
 * {@code "NEUTRAL"}, {@code "NEGATIVE"}), for posts that speak of several brands differently.
 *
 * @param sentiments the labelled sentiment toward each brand; empty when the line has none
 */
public record LabelledMention(Mention mention, Map<String, Expected> labels, Map<String, Sentiment.Label> sentiments) {
    public LabelledMention {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        sentiments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sentiments));
    }

    /** A labelled mention without sentiment labels. */
    public LabelledMention(Mention mention, Map<String, Expected> labels) {
        this(mention, labels, Map.of());
    }

    /** The key of a strategy-only label. */
    public static final String ANY_BRAND = "*";

    /** An expected category and, for FEEDBACK, kind. */
    public record Expected(Category category, FeedbackKind kind) {
        static Expected parse(String value) {
            String[] parts = value.trim().toUpperCase(Locale.ROOT).split(":", 2);
            Category category = Category.valueOf(parts[0]);
            FeedbackKind kind = parts.length > 1 ? FeedbackKind.valueOf(parts[1]) : null;
            return new Expected(category, kind);
        }
    }

    public static LabelledMention decode(byte[] line, MentionCodec codec) throws InvalidMentionException {
        JsonNode root = codec.parse(line);
        Mention mention = codec.fromTree(root);
        JsonNode label = root.get("label");
        Map<String, Expected> labels = new LinkedHashMap<>();
        try {
            if (label == null || label.isNull()) {
                throw new InvalidMentionException("label", "required in labelled data");
            } else if (label.isTextual()) {
                labels.put(ANY_BRAND, Expected.parse(label.textValue()));
            } else if (label.isObject()) {
                label.fields().forEachRemaining(e -> labels.put(e.getKey(), Expected.parse(e.getValue().asText())));
            } else {
                throw new InvalidMentionException("label", "expected a string or a map of brand to category");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidMentionException("label", "unknown category or kind: " + label);
        }
        return new LabelledMention(mention, labels, sentiments(root.get("sentiment"), labels));
    }

    private static Map<String, Sentiment.Label> sentiments(JsonNode sentiment, Map<String, Expected> labels)
            throws InvalidMentionException {
        Map<String, Sentiment.Label> sentiments = new LinkedHashMap<>();
        if (sentiment == null || sentiment.isNull()) {
            return sentiments;
        }
        if (!sentiment.isObject()) {
            throw new InvalidMentionException("sentiment", "expected a map of brand to POSITIVE, NEUTRAL or NEGATIVE");
        }
        for (var fields = sentiment.fields(); fields.hasNext(); ) {
            var e = fields.next();
            if (!labels.containsKey(e.getKey())) {
                // A sentiment toward a brand with no category label is a typo in the brand id, not data.
                throw new InvalidMentionException("sentiment", "brand " + e.getKey() + " has a sentiment but no label");
            }
            try {
                sentiments.put(e.getKey(), Sentiment.Label.valueOf(e.getValue().asText().trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException bad) {
                throw new InvalidMentionException("sentiment", "expected POSITIVE, NEUTRAL or NEGATIVE for " + e.getKey()
                        + ", not " + e.getValue());
            }
        }
        return sentiments;
    }
}
