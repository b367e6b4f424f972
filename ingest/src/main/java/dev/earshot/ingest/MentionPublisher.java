package dev.earshot.ingest;

import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes mentions to the raw topic, keyed by mention id, with an idempotent producer.
 *
 * <p>Every source goes through this one door so that they share the delivery settings that make
 * the input trustworthy: {@code acks=all} and idempotence mean a retried send neither loses nor
 * duplicates a record within a producer session, and keying by id sends every copy of a mention to
 * the same partition, where the streams app drops repeats.
 */
public final class MentionPublisher implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final MentionCodec codec;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * @param kafka client settings (bootstrap servers, security); the delivery settings above are
     *              applied over them, since a source that weakens them would lose data silently
     * @param topic the raw mentions topic
     */
    public MentionPublisher(Map<String, Object> kafka, String topic, MentionCodec codec) {
        this(new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(), new ByteArraySerializer()),
                topic, codec);
    }

    /** A publisher on a producer of the caller's; the delivery settings are the caller's to apply ({@link #producerConfig}). */
    public MentionPublisher(Producer<byte[], byte[]> producer, String topic, MentionCodec codec) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The producer settings every source uses. */
    public static Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /**
     * Sends one mention. The future completes when the broker has acknowledged it, or fails with
     * the producer's error; callers that promise durability (the webhook's 202) wait for it.
     */
    public CompletableFuture<RecordMetadata> publish(Mention mention) {
        return send(mention, codec.encode(mention));
    }

    /**
     * Sends a mention as bytes the codec has accepted as {@code mention}: the bytes it arrived in
     * (fields this version does not know travel on to consumers that do), or those
     * {@link MentionCodec#encodeWithinLimits} wrote; the record is not encoded a second time.
     */
    public CompletableFuture<RecordMetadata> publish(Mention mention, byte[] validatedJson) {
        return send(mention, validatedJson);
    }

    private CompletableFuture<RecordMetadata> send(Mention mention, byte[] value) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                mention.id().getBytes(StandardCharsets.UTF_8), value);
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                    result.complete(metadata);
                } else {
                    failed.incrementAndGet();
                    result.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when the producer cannot even buffer the record (closed, full).
            failed.incrementAndGet();
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Sends everything buffered and waits for the broker's answers. */
    public void flush() {
        producer.flush();
    }

    /** Mentions the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Mentions whose send failed after the producer's own retries. */
    public long failed() {
        return failed.get();
    }

    /** The producer's metrics, for a command's {@code /metrics}. */
    public io.micrometer.core.instrument.binder.MeterBinder meters() {
        return new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer);
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close();
    }
}
