package dev.earshot.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The wire format of {@code mentions.classified} and of {@code earshot classify}'s output: the
 * mention's own fields, then {@code brand}, {@code category}, {@code tags}, {@code feedbackKind},
 * {@code tier} and {@code rules}, then {@code learned} (with a trained model), {@code sentiment} and
 * {@code language}, and last, where the streams app marked the pair, {@code clusterId} and
 * {@code suspect}. A reader that knows only mentions can read it as a mention.
 */
public final class ClassifiedMentionCodec {
    private final MentionCodec mentions;
    /**
     * Reads a pair's document: a pair is its mention and the classification (brand, category, tags,
     * rules, sentiment, language, marks), so a mention at its codec's size limit makes a pair a little
     * over it, which this reader must still take, having been written by Earshot.
     */
    private final MentionCodec pairReader;
    /** What a pair may add to its mention's size: its rules and marks take a few hundred bytes. */
    static final int PAIR_HEADROOM = 64 * 1024;
    private final JsonFactory writerFactory = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    public ClassifiedMentionCodec(MentionCodec mentions) {
        this.mentions = Objects.requireNonNull(mentions, "mentions");
        CodecLimits l = mentions.limits();
        this.pairReader = new MentionCodec(new CodecLimits(l.maxDocumentBytes() + PAIR_HEADROOM, l.maxDepth(), l.maxStringChars(),
                l.maxNumberDigits(), l.maxTextChars(), l.maxLinks(), l.earliest(), l.maxFutureSkew()), java.time.Clock.systemUTC());
    }

    public byte[] encode(ClassifiedMention classified) {
        Mention m = classified.mention();
        Classification c = classified.classification();
        ByteArrayOutputStream out = new ByteArrayOutputStream(384 + m.text().length());
        try (JsonGenerator g = writerFactory.createGenerator(out)) {
            g.writeStartObject();
            MentionCodec.writeFields(g, m);
            if (c.brand() == null) {
                g.writeNullField("brand");
            } else {
                g.writeStringField("brand", c.brand());
            }
            g.writeStringField("category", c.category().name());
            g.writeArrayFieldStart("tags");
            for (Category tag : c.orderedTags()) {
                g.writeString(tag.name());
            }
            g.writeEndArray();
            writeNullable(g, "feedbackKind", c.feedbackKind());
            writeNullable(g, "tier", c.tier());
            g.writeArrayFieldStart("rules");
            for (String rule : c.rules()) {
                g.writeString(rule);
            }
            g.writeEndArray();
            if (c.learned() != null) {
                // Only when a model is loaded: without one the record stays as it always was.
                g.writeObjectFieldStart("learned");
                g.writeStringField("kind", c.learned().kind().name());
                writeScore(g, "probability", c.learned().probability());
                if (c.learned().feedback() != null) {
                    writeScore(g, "feedback", c.learned().feedback());
                }
                g.writeArrayFieldStart("features");
                for (String feature : c.learned().features()) {
                    g.writeString(feature);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            if (c.sentiment() == null) {
                g.writeNullField("sentiment");
            } else {
                g.writeObjectFieldStart("sentiment");
                g.writeStringField("label", c.sentiment().label().name());
                g.writeNumberField("score", Sentiment.onTheWire(c.sentiment().score()));
                g.writeEndObject();
            }
            if (c.language() == null) {
                g.writeNullField("language");
            } else {
                g.writeStringField("language", c.language());
            }
            if (classified.clusterId() != null) {
                writeMarks(g, classified.clusterId(), classified.suspect());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * A pair {@link #encode encoded} without marks, with its {@code clusterId} and {@code suspect}
     * added: the same bytes as encoding the pair with them. The streams app encodes each pair once,
     * when it is classified, and learns its cluster and suspects only after the repartition by brand.
     *
     * @throws IllegalArgumentException when the bytes are not an object this codec wrote
     */
    public byte[] withMarks(byte[] encoded, String clusterId, Set<SuspectReason> suspect) {
        Objects.requireNonNull(clusterId, "clusterId");
        if (encoded.length < 2 || encoded[0] != '{' || encoded[encoded.length - 1] != '}') {
            throw new IllegalArgumentException("not a classified mention this codec wrote");
        }
        ByteArrayOutputStream marks = new ByteArrayOutputStream(64);
        try (JsonGenerator g = writerFactory.createGenerator(marks)) {
            g.writeStartObject();
            writeMarks(g, clusterId, suspect);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        byte[] fields = marks.toByteArray(); // {"clusterId":…}: its fields follow the pair's after a comma
        byte[] out = new byte[encoded.length + fields.length - 1];
        System.arraycopy(encoded, 0, out, 0, encoded.length - 1);
        out[encoded.length - 1] = ',';
        System.arraycopy(fields, 1, out, encoded.length, fields.length - 1);
        return out;
    }

    private static void writeMarks(JsonGenerator g, String clusterId, Set<SuspectReason> suspect) throws IOException {
        g.writeStringField("clusterId", clusterId);
        g.writeArrayFieldStart("suspect");
        for (SuspectReason reason : SuspectReason.values()) { // in the enum's order, whatever set was given
            if (suspect != null && suspect.contains(reason)) {
                g.writeString(reason.name());
            }
        }
        g.writeEndArray();
    }

    /** Probabilities and scores to three decimals: finer is noise to a reader and only lengthens the record. */
    private static void writeScore(JsonGenerator g, String field, double value) throws IOException {
        g.writeNumberField(field, Math.round(value * 1000) / 1000.0);
    }

    private static void writeNullable(JsonGenerator g, String field, Enum<?> value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value.name());
        }
    }

    public ClassifiedMention decode(byte[] utf8) throws InvalidMentionException {
        JsonNode root = pairReader.parse(utf8);
        Mention mention = mentions.fromTree(root);
        List<Problem> problems = new ArrayList<>();
        String brand = root.path("brand").isTextual() ? root.get("brand").textValue() : null;
        Category category = enumValue(root, "category", Category.class, problems);
        if (category == null && problems.isEmpty()) {
            problems.add(new Problem("category", "required"));
        }
        Set<Category> tags = EnumSet.noneOf(Category.class);
        for (JsonNode tag : root.path("tags")) {
            try {
                tags.add(Category.valueOf(tag.asText()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("tags", "unknown category " + tag.asText()));
            }
        }
        FeedbackKind kind = enumValue(root, "feedbackKind", FeedbackKind.class, problems);
        Tier tier = enumValue(root, "tier", Tier.class, problems);
        List<String> rules = new ArrayList<>();
        root.path("rules").forEach(r -> rules.add(r.asText()));
        LearnedEvidence learned = learned(root.get("learned"), problems);
        Sentiment sentiment = sentiment(root.get("sentiment"), problems);
        String language = root.path("language").isTextual() ? root.get("language").textValue() : null;
        String clusterId = root.path("clusterId").isTextual() ? root.get("clusterId").textValue() : null;
        Set<SuspectReason> suspect = EnumSet.noneOf(SuspectReason.class);
        JsonNode reasons = root.path("suspect");
        if (reasons.isArray()) {
            if (clusterId == null && !reasons.isEmpty()) {
                problems.add(new Problem("suspect", "needs a clusterId"));
            }
            for (JsonNode reason : reasons) {
                try {
                    suspect.add(SuspectReason.valueOf(reason.asText()));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem("suspect", "unknown reason " + reason.asText()));
                }
            }
        } else if (!reasons.isMissingNode()) {
            problems.add(new Problem("suspect", "must be an array of reasons"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidMentionException(problems);
        }
        return new ClassifiedMention(mention, new Classification(brand, category, tags, kind, tier, rules, learned,
                sentiment, language), clusterId, suspect);
    }

    /** Absent or null in records written before sentiment existed, and for languages the scorer does not read. */
    private static Sentiment sentiment(JsonNode node, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        Sentiment.Label label = enumValue(node, "label", Sentiment.Label.class, problems);
        JsonNode score = node.path("score");
        if (label == null || !score.isNumber() || score.asDouble() < -1 || score.asDouble() > 1) {
            problems.add(new Problem("sentiment", "needs a label and a score in -1..1"));
            return null;
        }
        return new Sentiment(label, score.asDouble());
    }

    private static LearnedEvidence learned(JsonNode node, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        FeedbackKind kind = enumValue(node, "kind", FeedbackKind.class, problems);
        JsonNode probability = node.path("probability");
        if (kind == null || !probability.isNumber() || probability.asDouble() < 0 || probability.asDouble() > 1) {
            problems.add(new Problem("learned", "needs a kind and a probability in 0..1"));
            return null;
        }
        JsonNode feedback = node.path("feedback");
        if (!feedback.isMissingNode() && (!feedback.isNumber() || feedback.asDouble() < 0 || feedback.asDouble() > 1)) {
            problems.add(new Problem("learned.feedback", "a probability in 0..1 where given"));
            return null;
        }
        List<String> features = new ArrayList<>();
        node.path("features").forEach(f -> features.add(f.asText()));
        return new LearnedEvidence(kind, probability.asDouble(), feedback.isMissingNode() ? null : feedback.asDouble(), features);
    }

    private static <E extends Enum<E>> E enumValue(JsonNode root, String field, Class<E> type, List<Problem> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Enum.valueOf(type, node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(field, "unknown value " + node.asText()));
            return null;
        }
    }
}
