package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record on {@code mentions.raw} that fits the topic but, with the headers a dead letter gains, would
 * not fit again: on a real broker its dead letter is written, cut, and the partition goes on. Whole, the
 * producer refused it, the stream thread failed, and the replacement thread read and failed on the same
 * record for ever, while the app still reported itself running.
 */
class OversizedDeadLetterIT {
    @TempDir
    Path dir;

    @Test
    void aRecordTooLargeToDeadLetterWholeIsCutAndThePartitionGoesOn() throws Exception {
        TestKafka kafka = TestKafka.shared();
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        PipelineConfig config = SharedBrokerApps.onePartition(kafka, "oversized", dir);
        byte[] huge = new byte[1_048_400];
        Arrays.fill(huge, (byte) 'x');
        Mention after = new Mention("o:after", "reddit", Instant.parse("2026-11-20T10:00:00Z"), new Mention.Author("@a", 10, false),
                "Lumora after the giant", "", List.of(), "en", new Mention.Engagement(1, 0, 0, 0), false);
        TestKafka.send(kafka.bootstrapServers(), List.of(TestKafka.record(config.topics().raw(), "giant", huge),
                TestKafka.record(config.topics().raw(), after.id(), MentionCodec.strict().encode(after))));
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<ConsumerRecord<byte[], byte[]>> dead = List.of();
            List<ConsumerRecord<byte[], byte[]>> classified = List.of();
            while (System.nanoTime() < deadline && (dead.isEmpty() || classified.isEmpty())) {
                Thread.sleep(500);
                dead = TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().deadLetters());
                classified = TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().classified());
            }
            assertEquals(1, dead.size(), "the giant dead-lettered");
            byte[] cut = dead.get(0).value();
            assertTrue(cut.length > 1_000_000 && cut.length < huge.length, "as much of it as fits: " + cut.length);
            assertTrue(Arrays.equals(cut, Arrays.copyOf(huge, cut.length)), "its first bytes");
            assertEquals("1048400", new String(dead.get(0).headers().lastHeader(ParseProcessor.ORIGINAL_VALUE_BYTES).value(),
                    StandardCharsets.UTF_8));
            assertEquals(1, classified.size(), "the mention after it classified: the partition went on");
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
        }
    }
}
