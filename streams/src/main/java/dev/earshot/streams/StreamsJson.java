package dev.earshot.streams;

import dev.earshot.model.output.OutputCodec;
import dev.earshot.model.output.OutputTopic;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serdes: the output topics' through their codecs in {@code model}, and for the few store values
 * kept as JSON. Instants are ISO-8601 strings.
 */
public final class StreamsJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

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

    /** A serde for an output topic: its values' codec, the one their readers use too. */
    public static <V> Serde<V> serde(OutputTopic<V> topic) {
        OutputCodec<V> codec = topic.values();
        return Serdes.serdeFrom((name, value) -> value == null ? null : codec.encode(value),
                (name, bytes) -> bytes == null ? null : codec.decode(bytes));
    }
}
