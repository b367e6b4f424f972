package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.kafka.local.ConsumerGroups;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mentions that wait for their classification batch survive a SIGKILL. The first instance is set
 * to wait an hour for batches of 100,000, so everything it reads stays buffered; once its group has
 * committed the whole input (the buffer's changelog is in the same transactions), it is killed. A
 * second instance, on an empty state directory as if it were another machine, finds the buffer in
 * the changelog and classifies it: every mention is counted once, in mentions.classified and in
 * the hourly windows.
 */
class BufferedBatchCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MENTIONS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aBufferedBatchKilledWithSigkillIsClassifiedByTheNextOwnerExactlyOnce() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "buffered" + System.nanoTime() + ".";
        String app = "earshot-" + prefix;
        Path brands = Files.writeString(dir.resolve("brands.yaml"), TwoBrands.BRAND_FILE);
        Path holding = Files.writeString(dir.resolve("holding.properties"), String.join("\n",
                "topic.prefix=" + prefix, "application.id=" + app, "classify.batch.size=100000", "classify.batch.max.wait=1h", ""));
        Path normal = Files.writeString(dir.resolve("normal.properties"), String.join("\n",
                "topic.prefix=" + prefix, "application.id=" + app, ""));

        Process first = EarshotProcess.start("streams", "--bootstrap-servers", kafka.bootstrapServers(), "--brands",
                brands.toString(), "--config", holding.toString(), "--state-dir", dir.resolve("state-a").toString(),
                "--http-port", String.valueOf(LocalPorts.free()));
        Map<String, Long> expectedHours = new TreeMap<>();
        try {
            EarshotProcess.awaitLine(first, "query API on", Duration.ofSeconds(90));
            send(kafka, prefix, expectedHours);
            ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), app, prefix + "mentions.raw", MENTIONS, Duration.ofMinutes(2));
            assertEquals(List.of(), TestKafka.readCommitted(kafka.bootstrapServers(), prefix + "mentions.classified"),
                    "the whole input is committed and still waits for its batch");
        } finally {
            first.destroyForcibly(); // SIGKILL
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }

        Process second = EarshotProcess.start("streams", "--bootstrap-servers", kafka.bootstrapServers(), "--brands",
                brands.toString(), "--config", normal.toString(), "--state-dir", dir.resolve("state-b").toString(),
                "--http-port", String.valueOf(LocalPorts.free()));
        try {
            EarshotProcess.awaitLine(second, "query API on", Duration.ofSeconds(90));
            // Each task classifies its restored buffer on its own; the windows are read once all have.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (TestKafka.readCommitted(kafka.bootstrapServers(), prefix + "mentions.classified").size() < MENTIONS
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), app, app + "-mentions-by-brand-repartition", -1,
                    Duration.ofMinutes(2));
            ClassifiedMentionCodec codec = new ClassifiedMentionCodec(MentionCodec.strict());
            Map<String, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), prefix + "mentions.classified")) {
                seen.merge(codec.decode(r.value()).mention().id(), 1, Integer::sum);
            }
            assertEquals(MENTIONS, seen.size(), "every buffered mention was classified after the kill");
            assertTrue(seen.values().stream().allMatch(n -> n == 1), "and none twice");
            Map<String, Long> hours = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), prefix + "brand.engagement.1h")) {
                hours.put(new String(r.key(), StandardCharsets.UTF_8), JSON.readTree(r.value()).get("mentions").asLong());
            }
            assertEquals(expectedHours, hours, "each counted once in its hour");
        } finally {
            EarshotProcess.terminate(second);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        }
        System.out.println("[earshot-it] buffered batch: " + MENTIONS + " mentions committed while waiting for their batch, "
                + "SIGKILL, then classified by a new instance on an empty state dir; each counted once");
    }

    private static void send(TestKafka kafka, String prefix, Map<String, Long> expectedHours) throws Exception {
        MentionCodec codec = MentionCodec.strict();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < MENTIONS; i++) {
            Mention m = TwoBrands.mention("buffered:", i);
            records.add(TestKafka.record(prefix + "mentions.raw", m.id(), codec.encode(m)));
            expectedHours.merge(TwoBrands.hourKey(i), 1L, Long::sum);
        }
        TestKafka.send(kafka.bootstrapServers(), records);
    }
}
