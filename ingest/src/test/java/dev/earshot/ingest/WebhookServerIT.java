package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.kafka.local.LocalKafkaBroker;
import dev.earshot.kafka.local.LoopbackPorts;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook against a real broker that this test stops and starts again, so that it can prove the
 * 503 path: answers are 202/400/401/413/422/503 exactly as documented, and every mention a 202
 * acknowledged is in the topic exactly once.
 */
class WebhookServerIT {
    private static final String SECRET = "it-secret-7f3a";

    @TempDir
    Path dir;

    private LocalKafkaBroker broker;
    private int kafkaPort;
    private WebhookServer server;
    private MentionPublisher publisher;
    private IngestConfig config;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> acknowledged = new ArrayList<>();
    private int sequence;

    @BeforeEach
    void start() throws Exception {
        kafkaPort = LoopbackPorts.free();
        broker = LocalKafkaBroker.builder().port(kafkaPort).dataDir(dir.resolve("kafka")).start();
        TestKafka.createTopic(broker.bootstrapServers(), "mentions.raw", 3);
        config = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "webhook.ack.timeout", "3s", "webhook.max.body.bytes", "65536")));
        MentionCodec codec = MentionCodec.strict();
        publisher = new MentionPublisher(WebhookServer.producerSettings(config), config.topics().raw(), codec);
        server = new WebhookServer("127.0.0.1", 0, config, publisher, codec,
                new WebhookAuth(SECRET, "it-token", Duration.ofMinutes(5)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
        publisher.close();
        broker.close();
    }

    private String mention() {
        String id = "hook:" + (++sequence);
        return "{\"id\":\"" + id + "\",\"platform\":\"partner\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"hello " + sequence + "\"}";
    }

    private HttpResponse<String> post(String body, Function<HttpRequest.Builder, HttpRequest.Builder> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/mentions"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(headers.apply(request).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signed(String body) throws Exception {
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        return post(body, b -> b.header("X-Earshot-Timestamp", ts)
                .header("X-Earshot-Signature", WebhookAuth.signatureHeader(SECRET, ts, body.getBytes(StandardCharsets.UTF_8))));
    }

    private void expectAccepted(HttpResponse<String> response, int count) {
        assertEquals(202, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"accepted\":" + count + ","), response.body());
        for (String part : response.body().split("\"")) {
            if (part.startsWith("hook:")) {
                acknowledged.add(part);
            }
        }
    }

    /**
     * An array body larger than one JSON document may be (960 KiB) but within the body cap is a 413 saying
     * to split it or send NDJSON, not a 400 a sender reads as malformed JSON and drops; the same records as
     * NDJSON are taken.
     */
    @Test
    void anArrayLargerThanOneDocumentIsA413SayingWhatToSendInstead() throws Exception {
        IngestConfig roomy = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "webhook.ack.timeout", "10s", "webhook.max.body.bytes", String.valueOf(2 << 20))));
        MentionCodec codec = MentionCodec.strict();
        try (WebhookServer big = new WebhookServer("127.0.0.1", 0, roomy, publisher, codec,
                new WebhookAuth(SECRET, "it-token", Duration.ofMinutes(5)), Clock.systemUTC())) {
            List<String> records = new ArrayList<>();
            String text = "x".repeat(1_000);
            for (int i = 0; i < 1_000; i++) {
                records.add("{\"id\":\"big:" + i + "\",\"platform\":\"partner\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\""
                        + text + "\"}");
            }
            String array = "[" + String.join(",", records) + "]";
            assertTrue(array.length() > codec.limits().maxDocumentBytes() && array.length() < (2 << 20), "between the two limits");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + big.port() + "/v1/mentions"))
                    .header("Authorization", "Bearer it-token").POST(HttpRequest.BodyPublishers.ofString(array)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("or NDJSON"), refused.body());
            HttpResponse<String> lines = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + big.port() + "/v1/mentions"))
                    .header("Authorization", "Bearer it-token").POST(HttpRequest.BodyPublishers.ofString(String.join("\n", records)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, lines.statusCode(), lines.body());
        }
    }

    /**
     * A broker that answers but refuses writes (here every record is over the topic's size limit; too few
     * in-sync replicas, a revoked ACL or a deleted topic do the same) makes /healthz say so, as a broker
     * that does not answer does, until a write succeeds again.
     */
    @Test
    void aBrokerThatRefusesWritesIsUnhealthyUntilOneSucceeds() throws Exception {
        expectAccepted(signed(mention()), 1);
        topicConfig("max.message.bytes", "64");
        HttpResponse<String> refused = null;
        for (int attempt = 0; attempt < 20 && (refused == null || refused.statusCode() != 503); attempt++) {
            refused = signed(mention()); // until the broker applies the limit
        }
        assertEquals(503, refused.statusCode(), refused.body());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"kafka\":\"up\"") && health.body().contains("\"writes\":\"failing\""), health.body());

        topicConfig("max.message.bytes", null);
        HttpResponse<String> back = null;
        for (int attempt = 0; attempt < 40 && (back == null || back.statusCode() != 202); attempt++) {
            back = signed(mention());
        }
        assertEquals(202, back.statusCode(), back.body());
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "healthy again once a write succeeds");
    }

    /** Sets one setting of mentions.raw, or removes it (null). */
    private void topicConfig(String key, String value) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var topic = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                    "mentions.raw");
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry(key, value), value == null
                            ? org.apache.kafka.clients.admin.AlterConfigOp.OpType.DELETE
                            : org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
                    .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void answersEveryCaseAsDocumentedAndStoresEachAcknowledgedMentionOnce() throws Exception {
        expectAccepted(signed(mention()), 1);
        expectAccepted(signed("[" + mention() + "," + mention() + "," + mention() + "]"), 3);
        expectAccepted(signed(mention() + "\n" + mention() + "\n"), 2);
        expectAccepted(post(mention(), b -> b.header("Authorization", "Bearer it-token")), 1);

        HttpResponse<String> malformed = signed("{\"id\": \"x\",, }");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("malformed JSON"), malformed.body());
        assertEquals("application/json", malformed.headers().firstValue("Content-Type").orElse(""));

        assertEquals(401, post(mention(), b -> b).statusCode());
        assertEquals(401, post(mention(), b -> b.header("X-Earshot-Timestamp", String.valueOf(System.currentTimeMillis() / 1000))
                .header("X-Earshot-Signature", "v1=deadbeef")).statusCode());
        String old = String.valueOf(System.currentTimeMillis() / 1000 - 3600);
        String replayBody = mention();
        HttpResponse<String> replayed = post(replayBody, b -> b.header("X-Earshot-Timestamp", old)
                .header("X-Earshot-Signature", WebhookAuth.signatureHeader(SECRET, old, replayBody.getBytes(StandardCharsets.UTF_8))));
        assertEquals(401, replayed.statusCode());
        assertTrue(replayed.body().contains("replay window"), replayed.body());

        // Its own connection: the server closes it after a 413, reading and dropping what the client still
        // sends first (bounded), so that the answer is not lost to a reset while the client is still sending.
        String huge = "[" + (mention() + ",").repeat(3000) + mention() + "]";
        String hugeTs = String.valueOf(System.currentTimeMillis() / 1000);
        HttpResponse<String> tooLarge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/mentions"))
                .header("X-Earshot-Timestamp", hugeTs)
                .header("X-Earshot-Signature", WebhookAuth.signatureHeader(SECRET, hugeTs, huge.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertTrue(tooLarge.body().contains("exceeds the limit of 65536"), tooLarge.body());

        String validBesideInvalid = mention();
        String validBesideInvalidId = "hook:" + sequence;
        HttpResponse<String> invalid = signed("[" + validBesideInvalid + ",{\"id\":\"bad\",\"platform\":\"p\",\"createdAt\":\"nope\",\"text\":\"t\"}]");
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body().contains("{\"index\":1,\"problems\":[\"createdAt: not an ISO-8601 instant: \\\"nope\\\"\"]}"),
                invalid.body());

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"kafka\":\"up\""), health.body());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "with a bearer token configured, even this host needs it");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .header("Authorization", "Bearer it-token").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), "a scraper with the token");
        assertTrue(metrics.body().contains("earshot_webhook_accepted_total 7.0"), metrics.body());
        assertTrue(metrics.body().contains("kafka_producer_record_send_total"), "the producer's metrics");
        assertTrue(metrics.body().contains("jvm_memory_used_bytes") && metrics.body().contains("jetty_connections"),
                "JVM and Jetty metrics");

        // The broker goes away: no 202 may be given, and the sender is told when to retry.
        broker.close();
        HttpResponse<String> down = signed(mention());
        assertEquals(503, down.statusCode(), down.body());
        assertEquals("5", down.headers().firstValue("Retry-After").orElse(""));
        HttpResponse<String> unhealthy = null;
        for (int attempt = 0; attempt < 40 && (unhealthy == null || !unhealthy.body().contains("\"kafka\":\"down\"")); attempt++) {
            Thread.sleep(250); // the health check asks Kafka at most every 5 s
            unhealthy = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(503, unhealthy.statusCode(), "/healthz says Kafka is down when it is: " + unhealthy.body());
        assertTrue(unhealthy.body().contains("\"kafka\":\"down\""), unhealthy.body());

        broker = LocalKafkaBroker.builder().port(kafkaPort).dataDir(dir.resolve("kafka")).start();
        HttpResponse<String> back = null;
        for (int attempt = 0; attempt < 10 && (back == null || back.statusCode() != 202); attempt++) {
            back = signed(mention());
        }
        expectAccepted(back, 1);

        List<Mention> stored = TopicReader.readAll(broker.bootstrapServers(), "mentions.raw");
        Map<String, Long> counts = stored.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
        for (String id : acknowledged) {
            assertEquals(1L, counts.getOrDefault(id, 0L), id + " stored exactly once");
        }
        // The invalid record could never be stored; its valid neighbour could, had the batch been half sent.
        assertEquals(0L, counts.getOrDefault(validBesideInvalidId, 0L), "nothing of a 422 batch is stored, not even its valid record");
        assertEquals(8, acknowledged.size(), "1 + 3 + 2 + 1 before the outage, 1 after");
        System.out.println("[earshot-it] webhook: " + acknowledged.size() + " acknowledged mentions, each stored once; "
                + stored.size() + " records in the topic");
        HashMap<String, Long> extra = new HashMap<>(counts);
        acknowledged.forEach(extra::remove);
        System.out.println("[earshot-it] webhook: records not acknowledged with 202 (sent during the outage or rejected): " + extra.keySet());
    }

    @Test
    void takesOneMentionLaidOutOverManyLinesAndABodyOpeningWithAByteOrderMark() throws Exception {
        // As curl --data-binary @mention.json sends an indented file.
        expectAccepted(signed(new com.fasterxml.jackson.databind.ObjectMapper().readTree(mention()).toPrettyString()), 1);
        expectAccepted(signed("\uFEFF[" + mention() + "]"), 1);
        expectAccepted(signed("\uFEFF" + mention()), 1);
        HttpResponse<String> brokenLine = signed(mention() + "\n{\"id\": \"x\",, }\n");
        assertEquals(400, brokenLine.statusCode());
        assertTrue(brokenLine.body().contains("record 1"), "NDJSON errors still name the record: " + brokenLine.body());
    }

    @Test
    void boundsRecordsPerRequestAndTheSizeOfA422AndRefusesAReplayedSignature() throws Exception {
        String tooMany = "{\"id\":\"x\"}\n".repeat(1001);
        HttpResponse<String> overCap = signed(tooMany);
        assertEquals(413, overCap.statusCode(), overCap.body());
        assertTrue(overCap.body().contains("more than 1000 records in one request"), overCap.body());

        HttpResponse<String> manyBad = signed("{}\n".repeat(150));
        assertEquals(422, manyBad.statusCode());
        var answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manyBad.body());
        assertEquals(WebhookServer.LISTED, answer.get("rejected").size(), "the answer lists the first " + WebhookServer.LISTED);
        assertEquals(50, answer.get("notListed").asInt());
        assertTrue(manyBad.body().length() < 40_000, "the 422 stays small: " + manyBad.body().length());

        String body = mention();
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        String signature = WebhookAuth.signatureHeader(SECRET, ts, body.getBytes(StandardCharsets.UTF_8));
        expectAccepted(post(body, b -> b.header("X-Earshot-Timestamp", ts).header("X-Earshot-Signature", signature)), 1);
        HttpResponse<String> again = post(body, b -> b.header("X-Earshot-Timestamp", ts).header("X-Earshot-Signature", signature));
        assertEquals(401, again.statusCode(), "the same signed request, sent again within the window");
        assertTrue(again.body().contains("replayed request"), again.body());
    }
}
