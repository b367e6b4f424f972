package dev.earshot.model.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.model.Category;
import dev.earshot.model.SuspectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON of one output topic's values, both ways: the one place their field names are written.
 * Instants are ISO-8601 strings; readers ignore fields they do not know, so a field added later does
 * not break them. A value that does not read is an {@link IllegalArgumentException} naming the type.
 *
 * @param <V> the value type
 */
public interface OutputCodec<V> {
    byte[] encode(V value);

    V decode(byte[] json);

    /** The value as a JSON string, for the query API and {@code --json} output. */
    default String toJson(V value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    default V fromJson(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Values as one JSON array, each as {@link #encode} writes it: the query API's lists. */
    default byte[] encodeArray(java.util.List<V> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 256 * values.size());
        out.write('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(encode(values.get(i)));
        }
        out.write(']');
        return out.toByteArray();
    }

    /** {@code brand.engagement.1m} and {@code .1h}: the totals at the top level, then {@code byCategory}. */
    OutputCodec<BrandWindow> BRAND_WINDOW = new OutputCodec<>() {
        @Override
        public byte[] encode(BrandWindow w) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator g = OutputJson.MAPPER.getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("brand", w.brand());
                g.writeStringField("windowStart", w.windowStart().toString());
                g.writeStringField("windowEnd", w.windowEnd().toString());
                writeCounts(g, w.totals());
                g.writeNumberField("originals", w.originals());
                g.writeNumberField("amplified", w.amplified());
                g.writeObjectFieldStart("suspect");
                writeCounts(g, w.suspect().totals());
                g.writeObjectFieldStart("byReason");
                for (Map.Entry<SuspectReason, Long> e : w.suspect().byReason().entrySet()) {
                    g.writeNumberField(e.getKey().name(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeObjectFieldStart("byCategory");
                for (Map.Entry<Category, Counts> e : w.byCategory().entrySet()) {
                    g.writeObjectFieldStart(e.getKey().name());
                    writeCounts(g, e.getValue());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeObjectFieldStart("sentiment");
                g.writeNumberField("positive", w.sentiment().positive());
                g.writeNumberField("neutral", w.sentiment().neutral());
                g.writeNumberField("negative", w.sentiment().negative());
                g.writeEndObject();
                Double net = w.netSentiment();
                if (net == null) {
                    g.writeNullField("netSentiment");
                } else {
                    g.writeNumberField("netSentiment", Math.round(net * 1000) / 1000.0);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array does not fail
            }
            return out.toByteArray();
        }

        @Override
        public BrandWindow decode(byte[] json) {
            try {
                JsonNode n = OutputJson.MAPPER.readTree(json);
                Map<Category, Counts> byCategory = new EnumMap<>(Category.class);
                for (Iterator<Map.Entry<String, JsonNode>> it = n.path("byCategory").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Category category = category(e.getKey());
                    if (category != null) { // a category added by a later version: its figures are in the totals
                        byCategory.put(category, counts(e.getValue()));
                    }
                }
                JsonNode sentiment = n.path("sentiment"); // absent in windows written before sentiment existed
                return new BrandWindow(n.get("brand").asText(), Instant.parse(n.get("windowStart").asText()),
                        Instant.parse(n.get("windowEnd").asText()), counts(n), byCategory,
                        new SentimentCounts(sentiment.path("positive").asLong(), sentiment.path("neutral").asLong(),
                                sentiment.path("negative").asLong()),
                        n.path("amplified").asLong(), // absent in windows written before copies were counted
                        suspects(n.path("suspect"))); // and this before suspects were marked
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not a BrandWindow: " + e.getMessage(), e);
            }
        }

        private static void writeCounts(JsonGenerator g, Counts c) throws IOException {
            g.writeNumberField("mentions", c.mentions());
            g.writeNumberField("likes", c.likes());
            g.writeNumberField("shares", c.shares());
            g.writeNumberField("comments", c.comments());
            g.writeNumberField("reach", c.reach());
        }

        private static Suspects suspects(JsonNode n) {
            Map<SuspectReason, Long> byReason = new EnumMap<>(SuspectReason.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("byReason").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    byReason.put(SuspectReason.valueOf(e.getKey()), e.getValue().asLong());
                } catch (IllegalArgumentException later) {
                    // a reason added by a later version: its pairs are in the totals
                }
            }
            return new Suspects(counts(n), byReason);
        }

        private static Category category(String name) {
            try {
                return Category.valueOf(name);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static Counts counts(JsonNode n) {
            return new Counts(n.path("mentions").asLong(), n.path("likes").asLong(), n.path("shares").asLong(),
                    n.path("comments").asLong(), n.path("reach").asLong());
        }
    };

    /** {@code brand.share-of-voice.1h}: every member of the set, in the set's order. */
    OutputCodec<ShareOfVoice> SHARE_OF_VOICE = OutputJson.codec(ShareOfVoice.class);

    /** {@code brand.highlights.1h}. */
    OutputCodec<Highlights> HIGHLIGHTS = OutputJson.codec(Highlights.class);

    /** {@code brand.themes.1h}. */
    OutputCodec<Themes> THEMES = OutputJson.codec(Themes.class);

    /** {@code alerts.feedback-spikes}. */
    OutputCodec<FeedbackSpike> FEEDBACK_SPIKE = OutputJson.codec(FeedbackSpike.class);
}
