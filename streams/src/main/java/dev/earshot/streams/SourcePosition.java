package dev.earshot.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where a record of {@code mentions.raw} was read: what a dead letter names in its headers, so that
 * the record as it was sent (its key, bytes and headers) can be read there again for as long as the
 * topic keeps it.
 */
record SourcePosition(String topic, int partition, long offset) {
    static final String TOPIC = "earshot.source.topic";
    static final String PARTITION = "earshot.source.partition";
    static final String OFFSET = "earshot.source.offset";

    /** Empty for a record not read from a topic: Kafka Streams gives a record that a punctuator forwarded no topic. */
    static Optional<SourcePosition> of(RecordMetadata metadata) {
        return metadata.topic() == null ? Optional.empty()
                : Optional.of(new SourcePosition(metadata.topic(), metadata.partition(), metadata.offset()));
    }

    void addTo(Headers headers) {
        headers.add(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.add(OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
    }
}
