package dev.earshot.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.earshot.model.Category;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the streams app's own records: the output topics' values in the design brief's format,
 * and the state kept in stores. Instants are ISO-8601 strings.
 */
public final class StreamsJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final JsonFactory FACTORY = new JsonFactory();

    private StreamsJson() {
    }

    /** A serde for a record type, by Jackson's record support. */
    public static <T> Serde<T> serde(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> {
            try {
                return value == null ? null : MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            try {
                return bytes == null ? null : MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a " + type.getSimpleName() + " from " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** {@code brand.engagement.*} values: totals at the top level, then {@code byCategory}. */
    public static Serde<BrandWindow> brandWindow() {
        return Serdes.serdeFrom((topic, w) -> w == null ? null : write(w), (topic, bytes) -> bytes == null ? null : readBrandWindow(bytes));
    }

    static byte[] write(BrandWindow w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("brand", w.brand());
            g.writeStringField("windowStart", w.windowStart().toString());
            g.writeStringField("windowEnd", w.windowEnd().toString());
            writeCounts(g, w.totals());
            g.writeObjectFieldStart("byCategory");
            for (Map.Entry<Category, Counts> e : w.byCategory().entrySet()) {
                g.writeObjectFieldStart(e.getKey().name());
                writeCounts(g, e.getValue());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeCounts(JsonGenerator g, Counts c) throws IOException {
        g.writeNumberField("mentions", c.mentions());
        g.writeNumberField("likes", c.likes());
        g.writeNumberField("shares", c.shares());
        g.writeNumberField("comments", c.comments());
        g.writeNumberField("reach", c.reach());
    }

    static BrandWindow readBrandWindow(byte[] bytes) {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            Map<Category, Counts> byCategory = new EnumMap<>(Category.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("byCategory").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byCategory.put(Category.valueOf(e.getKey()), counts(e.getValue()));
            }
            return new BrandWindow(n.get("brand").asText(), Instant.parse(n.get("windowStart").asText()),
                    Instant.parse(n.get("windowEnd").asText()), counts(n), byCategory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Counts counts(JsonNode n) {
        return new Counts(n.path("mentions").asLong(), n.path("likes").asLong(), n.path("shares").asLong(),
                n.path("comments").asLong(), n.path("reach").asLong());
    }
}
