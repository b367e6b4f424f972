package dev.earshot.ingest;

import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads every mention of a topic with read_committed, as a downstream consumer would. */
final class TopicReader {
    private TopicReader() {
    }

    /** Reads until {@code quiet} passes with no new record (or {@code limit} passes). */
    static List<Mention> readAll(String bootstrap, String topic, Duration quiet, Duration limit) throws Exception {
        MentionCodec codec = MentionCodec.strict();
        List<Mention> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + limit.toNanos();
            long lastNew = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - lastNew < quiet.toNanos()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(codec.decode(r.value()));
                    lastNew = System.nanoTime();
                }
            }
        }
        return out;
    }
}
