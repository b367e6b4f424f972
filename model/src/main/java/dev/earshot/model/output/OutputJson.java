package dev.earshot.model.output;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The mapper behind the output codecs of records, and the codec it makes for each. */
final class OutputJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OutputJson() {
    }

    static <V> OutputCodec<V> codec(Class<V> type) {
        return new OutputCodec<>() {
            @Override
            public byte[] encode(V value) {
                try {
                    return MAPPER.writeValueAsBytes(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public V decode(byte[] json) {
                try {
                    return MAPPER.readValue(json, type);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
