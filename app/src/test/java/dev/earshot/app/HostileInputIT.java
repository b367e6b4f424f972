package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.ingest.FileReplay;
import dev.earshot.ingest.IngestConfig;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.ingest.Progress;
import dev.earshot.ingest.WebhookAuth;
import dev.earshot.ingest.WebhookServer;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import dev.earshot.streams.PipelineConfig;
import dev.earshot.streams.StreamsApp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile records through every door: the webhook answers each with the right 4xx and
 * sends nothing to Kafka; file replay reports each by line and sends the good lines; written straight
 * to mentions.raw, each lands in mentions.dlq with its reason while the app keeps running and every
 * good record around them is counted. The same webhook batch three times and a file replayed twice
 * count once downstream.
 */
class HostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "hostile-token";

    @TempDir
    Path dir;

    /** The corpus: name → bytes of one record. The 50 MB string travels through the webhook and file doors. */
    static Map<String, byte[]> corpus(boolean huge) {
        Map<String, byte[]> c = new LinkedHashMap<>();
        c.put("malformed", utf8("{\"id\": \"x\",, }"));
        c.put("truncated", utf8("{\"id\":\"t:1\",\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lum"));
        c.put("deep nesting", utf8("{\"id\":\"d:1\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
        c.put("huge string", utf8("{\"id\":\"h:1\",\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\""
                + "a".repeat(huge ? 50 * 1024 * 1024 : 600 * 1024) + "\"}"));
        byte[] invalid = utf8("{\"id\":\"u:1\",\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lumora XX\"}");
        invalid[invalid.length - 4] = (byte) 0xC3;
        invalid[invalid.length - 3] = (byte) 0x28;
        c.put("invalid UTF-8", invalid);
        c.put("lone surrogate", mention("s:1", "\"text\":\"Lumora \\ud800 x\""));
        c.put("NUL", mention("n:1", "\"text\":\"Lumora \\u0000 x\""));
        c.put("number beyond long", mention("b:1", "\"text\":\"Lumora\",\"engagement\":{\"likes\":99999999999999999999999}"));
        c.put("negative count", mention("g:1", "\"text\":\"Lumora\",\"engagement\":{\"likes\":-5}"));
        c.put("missing field", utf8("{\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lumora\"}"));
        c.put("wrong type", utf8("{\"id\":\"w:1\",\"platform\":5,\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lumora\"}"));
        c.put("duplicate key", utf8("{\"id\":\"k:1\",\"id\":\"k:2\",\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lumora\"}"));
        c.put("far future", utf8("{\"id\":\"f:1\",\"platform\":\"reddit\",\"createdAt\":\"2999-01-01T00:00:00Z\",\"text\":\"Lumora\"}"));
        c.put("far past", utf8("{\"id\":\"p:1\",\"platform\":\"reddit\",\"createdAt\":\"1970-01-01T00:00:00Z\",\"text\":\"Lumora\"}"));
        c.put("empty", new byte[0]);
        return c;
    }

    private static byte[] mention(String id, String fields) {
        return utf8("{\"id\":\"" + id + "\",\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:00:00Z\"," + fields + "}");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String good(int i) {
        return "{\"id\":\"good:" + i + "\",\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:" + String.format("%02d", i % 60)
                + ":00Z\",\"text\":\"my Lumora arrived today\",\"engagement\":{\"likes\":" + i + "}}";
    }

    @Test
    void everyDoorRefusesTheCorpusClearlyAndCountsEachGoodMentionOnce() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "hostile" + System.nanoTime() + ".";
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        PipelineConfig pipeline = PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "topic.prefix", prefix, "application.id", "earshot-" + prefix, "state.dir", dir.resolve("state").toString())));
        StreamsApp.createTopics(pipeline, Map.of("bootstrap.servers", kafka.bootstrapServers()));
        IngestConfig ingest = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "topic.prefix", prefix)));
        MentionCodec codec = MentionCodec.strict();
        List<String> goodIds = new ArrayList<>();

        try (StreamsApp app = new StreamsApp(pipeline, brands, null, ClassifierSettings.DEFAULT, Map.of());
             MentionPublisher publisher = new MentionPublisher(WebhookServer.producerSettings(ingest), ingest.topics().raw(), codec);
             WebhookServer webhook = new WebhookServer("127.0.0.1", 0, ingest, publisher, codec,
                     new WebhookAuth(null, TOKEN, Duration.ofMinutes(5)), Clock.systemUTC())) {
            app.start(Duration.ofSeconds(60));

            // 1. The webhook: each hostile body gets a 4xx with a JSON error, nothing is sent.
            HttpClient http = HttpClient.newHttpClient();
            for (Map.Entry<String, byte[]> e : corpus(true).entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhook.port() + "/v1/mentions"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(e.getValue())).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(r.statusCode() == 400 || r.statusCode() == 413 || r.statusCode() == 422,
                        e.getKey() + " answered " + r.statusCode() + ": " + r.body());
                assertTrue(JSON.readTree(r.body()).has("error"), e.getKey() + ": a JSON error, was " + r.body());
            }
            assertEquals(0, publisher.acknowledged(), "no hostile record reached Kafka through the webhook");
            // The same good batch three times: accepted each time, counted once downstream.
            String batch = "[" + good(1) + "," + good(2) + "," + good(3) + "]";
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhook.port() + "/v1/mentions"))
                        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(batch)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, r.statusCode(), r.body());
            }
            goodIds.addAll(List.of("good:1", "good:2", "good:3"));

            // 2. The file source: every hostile line reported by number, the good lines sent; twice.
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            int line = 0;
            List<Integer> hostileLines = new ArrayList<>();
            int goodInFile = 0;
            for (byte[] record : corpus(true).values()) {
                file.write(utf8(good(10 + line) + "\n"));
                goodIds.add("good:" + (10 + line));
                goodInFile++;
                line++;
                if (record.length == 0) {
                    continue; // a blank line is no record
                }
                file.write(record);
                file.write('\n');
                line++;
                hostileLines.add(line);
            }
            for (int pass = 0; pass < 2; pass++) {
                List<String> rejections = new ArrayList<>();
                FileReplay.Report report = new FileReplay(publisher, codec, 0, 0, rejections::add)
                        .replay(new ByteArrayInputStream(file.toByteArray()), FileReplay.Format.JSONL, null,
                                new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Style.LINES, file.size()));
                assertEquals(goodInFile, report.sent(), "the good lines are sent: " + rejections);
                assertEquals(hostileLines.size(), report.rejected(), String.join("\n", rejections));
                for (int hostile : hostileLines) {
                    assertTrue(rejections.stream().anyMatch(r -> r.startsWith("line " + hostile + ":")),
                            "line " + hostile + " reported: " + rejections);
                }
            }

            // 3. Straight into mentions.raw, good records around each hostile one, empty and null keys too.
            int raw = 0;
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : corpus(false).entrySet()) {
                records.add(TestKafka.record(ingest.topics().raw(), "good:" + (100 + raw), utf8(good(100 + raw))));
                goodIds.add("good:" + (100 + raw));
                raw++;
                records.add(TestKafka.record(ingest.topics().raw(), e.getKey(), e.getValue()));
            }
            records.add(TestKafka.record(ingest.topics().raw(), "", utf8(good(200))));
            records.add(TestKafka.record(ingest.topics().raw(), null, utf8(good(201))));
            records.add(TestKafka.record(ingest.topics().raw(), "nothing", null));
            goodIds.addAll(List.of("good:200", "good:201"));
            TestKafka.send(kafka.bootstrapServers(), records);
            int hostileRaw = corpus(false).size() + 1; // and the null value

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // A rebalance may still be settling after the start (the test's first steps are quick): wait it
            // out, so that what is checked is that the app runs, not the moment it is asked.
            while ((app.counters().deadLetters() < hostileRaw || app.counters().parsed() < 6 + goodInFile * 2L + raw + 2
                    || app.streams().state() != KafkaStreams.State.RUNNING) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "the app kept running");
            assertEquals(hostileRaw, app.counters().deadLetters());
            // The last good mentions reach the hourly windows a batch wait and two commits later: read
            // until the figures are complete (counts only grow, so a mention counted twice never passes).
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            Map<String, String> reasons = new LinkedHashMap<>();
            long counted = 0;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            do {
                reasons.clear();
                for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(client, ingest.topics().deadLetters())) {
                    reasons.put(r.key() == null ? "(null)" : r.key(),
                            new String(r.headers().lastHeader("earshot.error").value(), StandardCharsets.UTF_8));
                }
                counted = 0;
                for (String value : TopicSnapshot.latestByKey(client, ingest.topics().engagementHour()).values()) {
                    counted += JSON.readTree(value).get("mentions").asLong();
                }
                if (reasons.size() == hostileRaw && counted == goodIds.size()) {
                    break;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            assertEquals(hostileRaw, reasons.size(), reasons.toString());
            for (String name : corpus(false).keySet()) {
                assertTrue(reasons.containsKey(name) && !reasons.get(name).isBlank(), name + " dead-lettered with a reason: " + reasons);
            }
            // Each good mention counted exactly once, however often it was sent.
            assertEquals(goodIds.size(), counted, "every good mention counted once");
            assertEquals(2 * 3 + goodInFile, app.counters().duplicates(), "the webhook batch's two repeats and the file's one dropped");
            System.out.printf("[earshot-it] hostile input: %d kinds refused by the webhook (4xx, nothing sent), reported by line in a"
                    + " file replayed twice, dead-lettered from mentions.raw with reasons; %d good mentions counted once each%n",
                    corpus(true).size(), goodIds.size());
            reasons.forEach((k, v) -> System.out.println("[earshot-it]   " + k + " -> " + v));
        }
    }
}
