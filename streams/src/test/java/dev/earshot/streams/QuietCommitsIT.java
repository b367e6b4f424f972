package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few mentions and a malformed record, then nothing, on a real broker with a commit interval of ten
 * minutes: each stage commits once its input has gone quiet, so what they become reaches the dead
 * letters and every output topic but the alerts' (six mentions raise no spike), through both
 * repartitions and the share of voice behind a third, long before the interval's first commit.
 */
class QuietCommitsIT {
    @TempDir
    Path dir;

    @Test
    void aQuietInputReachesEveryOutputWithoutWaitingForTheCommitInterval() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "quiet" + System.nanoTime() + ".";
        Path brands = Files.writeString(dir.resolve("brands.yaml"), PipelineTest.BRANDS);
        PipelineConfig config = PipelineConfig.from(Settings.of(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix,
                "application.id", "earshot-" + prefix, "state.dir", dir.resolve("state").toString(),
                "kafka.commit.interval.ms", "600000",
                // Kafka Streams requires a transaction to outlive the commit interval (the broker allows 15 min).
                "kafka.producer.transaction.timeout.ms", "660000")));
        StreamsApp.createTopics(config, Map.of("bootstrap.servers", kafka.bootstrapServers()));
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            MentionCodec codec = MentionCodec.strict();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Mention m = new Mention("quiet:" + i, "bluesky", Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i),
                        new Mention.Author("@u" + i, 100, false), i % 2 == 0 ? "Loving my Lumora" : "Vantor or Lumora?",
                        "", List.of(), "en", new Mention.Engagement(1, 0, 0, 0), false);
                records.add(TestKafka.record(config.topics().raw(), m.id(), codec.encode(m)));
            }
            records.add(TestKafka.record(config.topics().raw(), "poison", "{\"truncated\": ".getBytes(StandardCharsets.UTF_8)));
            TestKafka.send(kafka.bootstrapServers(), records);
            // A few seconds are expected; 30 s leaves a slow machine room and is still far under the
            // interval's first commit.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> outputs = List.of(config.topics().classified(), config.topics().engagementMinute(),
                    config.topics().engagementHour(), config.topics().highlightsHour(), config.topics().themesHour(), config.topics().shareOfVoice(), config.topics().deadLetters());
            List<String> missing = outputs;
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                missing = outputs.stream().filter(t -> TestKafka.readCommitted(kafka.bootstrapServers(), t).isEmpty()).toList();
            }
            assertTrue(missing.isEmpty(), "nothing committed yet to " + missing);
        }
    }
}
