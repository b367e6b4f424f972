package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The foundation's end-to-end proof: mentions survive a trip through a real broker unchanged. */
class MentionPublisherIT {
    private static final int COUNT = 5_000;
    private final MentionCodec codec = MentionCodec.strict();

    @Test
    void everyPublishedMentionIsReadBackExactlyOnceWithReadCommitted() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String topic = "roundtrip-" + System.nanoTime();
        TestKafka.createTopic(kafka.bootstrapServers(), topic, 3);
        Map<String, Mention> sent = new LinkedHashMap<>();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        try (MentionPublisher publisher = new MentionPublisher(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, codec)) {
            for (int i = 0; i < COUNT; i++) {
                Mention m = sample(i);
                sent.put(m.id(), m);
                acks.add(publisher.publish(m));
            }
            publisher.flush();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
            assertEquals(COUNT, publisher.acknowledged());
            assertEquals(0, publisher.failed());
        }

        Map<String, Mention> received = new HashMap<>();
        int records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records < COUNT && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    Mention m = codec.decode(r.value());
                    assertEquals(m.id(), new String(r.key(), StandardCharsets.UTF_8), "keyed by mention id");
                    received.put(m.id(), m);
                    records++;
                }
            }
            records += consumer.poll(Duration.ofSeconds(1)).count();
        }
        assertEquals(COUNT, records, "no record lost or duplicated");
        assertEquals(sent, received);
    }

    private static Mention sample(int i) {
        return new Mention("test:" + i, i % 2 == 0 ? "bluesky" : "mastodon",
                Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i),
                new Mention.Author("@user" + (i % 97), i * 13L, i % 5 == 0),
                "Post " + i + " about Lumora — ünïcödé 👍 " + "x".repeat(i % 50), "https://example.org/p/" + i,
                List.of("https://lumora.com/item/" + i), "en",
                new Mention.Engagement(i % 10, i % 3, i % 7, i * 2L), i % 11 == 0);
    }
}
