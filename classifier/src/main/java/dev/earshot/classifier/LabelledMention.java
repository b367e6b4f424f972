package dev.earshot.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.model.Category;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A mention with its expected classification, as in labelled evaluation files: the mention's wire
 * fields plus {@code label}, either one value for strategy-only evaluation ({@code "PAID"},
 * {@code "FEEDBACK:COMPLAINT"}) or a map from brand id to such a value.
 */
public record LabelledMention(Mention mention, Map<String, Expected> labels) {
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
        return new LabelledMention(mention, labels);
    }
}
