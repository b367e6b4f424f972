package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code earshot broker} as its own process and talks to it as any client would. */
class BrokerCommandIT {

    @Test
    void brokerProcessServesClientsAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        int port = LocalPorts.free();
        Process broker = EarshotProcess.start("broker", "--port", String.valueOf(port),
                "--data-dir", dir.resolve("kafka").toString());
        try {
            String ready = EarshotProcess.awaitLine(broker, "ready at", Duration.ofSeconds(60));
            assertTrue(ready.contains("127.0.0.1:" + port), ready);

            String bootstrap = "127.0.0.1:" + port;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("hello", "k", "from an outside client")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "it",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("hello"));
                String value = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (value == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        value = r.value();
                    }
                }
                assertEquals("from an outside client", value);
            }
            // tail and report tell of a missing topic, and leave it missing: the local broker
            // auto-creates topics, with its defaults rather than Earshot's policy.
            try (KafkaConsumer<String, String> reader = TopicSnapshot.consumer(Map.of("bootstrap.servers", bootstrap))) {
                IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> TopicSnapshot.partitions(reader, "brand.engagement.1h"));
                assertTrue(e.getMessage().startsWith("topic brand.engagement.1h does not exist"), e.getMessage());
            }
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("brand.engagement.1h"));
            }
        } finally {
            EarshotProcess.terminate(broker);
            assertTrue(broker.waitFor(60, TimeUnit.SECONDS), "broker process exits after SIGTERM");
        }
        assertFalse(broker.isAlive());
        // 143 = killed by SIGTERM before the hook finished would show as a hang above instead.
        assertTrue(broker.exitValue() == 0 || broker.exitValue() == 143, "exit " + broker.exitValue());
    }
}
