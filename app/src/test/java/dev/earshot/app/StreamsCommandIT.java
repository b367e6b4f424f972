package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.kafka.local.ConsumerGroups;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code earshot streams} as its own process on a real broker: it creates its topics,
 * aggregates exactly what was sent, dead-letters a poison record, stops cleanly on SIGTERM, and a
 * restart on the same state carries on without counting anything twice.
 */
class StreamsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MentionCodec codec = MentionCodec.strict();
    private final Map<String, Long> expected = new TreeMap<>(); // brand@hour -> mentions

    @TempDir
    Path dir;

    @Test
    void aggregatesExactlyStopsOnSigtermAndResumesWithoutDoubleCounting() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "cmd" + System.nanoTime() + ".";
        Path brands = Files.writeString(dir.resolve("brands.yaml"), TwoBrands.BRAND_FILE);
        Path config = Files.writeString(dir.resolve("earshot.properties"), String.join("\n",
                "topic.prefix=" + prefix, "application.id=earshot-" + prefix, ""));
        int port = LocalPorts.free();
        String[] args = {"streams", "--bootstrap-servers", kafka.bootstrapServers(), "--brands", brands.toString(),
            "--config", config.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", String.valueOf(port)};
        HttpClient http = HttpClient.newHttpClient();

        Process first = EarshotProcess.start(args);
        try {
            EarshotProcess.awaitLine(first, "query API on", Duration.ofSeconds(90));
            send(kafka, prefix, 0, 1_000, true);
            LocalPorts.awaitMetric(port, "earshot_mentions_parsed_total", 1_000, Duration.ofSeconds(120));
            LocalPorts.awaitMetric(port, "earshot_dead_letters_total", 1, Duration.ofSeconds(120));
            assertEquals(expected, awaitHours(kafka, prefix, expected), "hourly totals equal what was sent");
        } finally {
            EarshotProcess.terminate(first);
        }
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "stops within 60 s of SIGTERM");
        assertEquals(143, first.exitValue(), "ended by the SIGTERM (128 + 15), not by a crash");
        EarshotProcess.awaitLine(first, "Stopped.", Duration.ofSeconds(5));

        Process second = EarshotProcess.start(args);
        try {
            EarshotProcess.awaitLine(second, "query API on", Duration.ofSeconds(90));
            send(kafka, prefix, 1_000, 500, false);
            LocalPorts.awaitMetric(port, "earshot_mentions_parsed_total", 500, Duration.ofSeconds(120));
            assertEquals(expected, awaitHours(kafka, prefix, expected),
                    "after a clean restart the totals cover both runs, nothing counted twice or lost");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
        } finally {
            EarshotProcess.terminate(second);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        }
        System.out.println("[earshot-it] earshot streams: 1,500 mentions over two runs with a SIGTERM between; "
                + expected.size() + " hourly windows equal what was sent; 1 dead letter");
    }

    private void send(TestKafka kafka, String prefix, int from, int count, boolean poison) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Mention m = TwoBrands.mention("cmd:", i);
            records.add(TestKafka.record(prefix + "mentions.raw", m.id(), codec.encode(m)));
            expected.merge(TwoBrands.hourKey(i), 1L, Long::sum);
        }
        if (poison) {
            records.add(TestKafka.record(prefix + "mentions.raw", null, "not json".getBytes(StandardCharsets.UTF_8)));
        }
        TestKafka.send(kafka.bootstrapServers(), records);
    }

    /**
     * The latest value per key of brand.engagement.1h, committed records only, once they equal
     * {@code expected} or two minutes have passed. Counts only grow, so one counted twice never
     * comes to equal. Waiting for the repartition topic's commits alone is not enough: right after
     * a restart they already cover the topic's end while the new mentions are still being classified.
     */
    private static Map<String, Long> awaitHours(TestKafka kafka, String prefix, Map<String, Long> expected) throws Exception {
        String app = "earshot-" + prefix;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        Map<String, Long> latest = new TreeMap<>();
        do {
            ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), app, app + "-mentions-by-brand-repartition", -1,
                    Duration.ofMinutes(2));
            latest.clear();
            for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), prefix + "brand.engagement.1h")) {
                latest.put(new String(r.key(), StandardCharsets.UTF_8), JSON.readTree(r.value()).get("mentions").asLong());
            }
            if (latest.equals(expected)) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return latest;
    }
}
