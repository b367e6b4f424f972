package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.kafka.local.TestKafka;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary secrets planted in every place a secret is configured (a Kafka client password, the query
 * API token, the instances' forwarding secret, the webhook's HMAC secret and bearer token, the Slack
 * webhook URL of the alert forwarder) must appear in no log line and no HTTP
 * answer of the streams app and the webhook receiver, whatever they are asked; the query API refuses
 * requests without its token, the webhook refuses unsigned, badly signed and replayed ones with 401.
 */
class SecretsIT {
    private static final String KAFKA_CANARY = "CANARY-kafka-7f3a";
    private static final String TOKEN_CANARY = "CANARY-token-19bd";
    private static final String HMAC_CANARY = "CANARY-hmac-c0de";
    private static final String BEARER_CANARY = "CANARY-bearer-51e7";
    private static final String FORWARDING_CANARY = "CANARY-forward-2b9c";
    private static final String SLACK_CANARY = "CANARY-slack-a4d1";

    @TempDir
    Path dir;

    @Test
    void noLogLineAndNoAnswerCarriesASecret() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "secrets" + System.nanoTime() + ".";
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        // A password the PLAINTEXT connection does not use, but every client is configured with.
        Path props = Files.writeString(dir.resolve("earshot.properties"), String.join("\n",
                "topic.prefix=" + prefix, "application.id=earshot-" + prefix,
                "kafka.ssl.key.password=" + KAFKA_CANARY, "kafka.ssl.keystore.password=" + KAFKA_CANARY,
                "query.forwarding.secret=" + FORWARDING_CANARY, ""));
        int apiPort = LocalPorts.free();
        int hookPort = LocalPorts.free();
        List<String> answers = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();

        // Verbose logs, Kafka's client configuration dumps included: the more is logged, the stronger the check.
        Map<String, String> verbose = Map.of("EARSHOT_LOG_LEVEL", "DEBUG", "EARSHOT_CLIENT_LOG_LEVEL", "INFO");
        Map<String, String> streamsEnv = new java.util.HashMap<>(verbose);
        streamsEnv.put("EARSHOT_HTTP_TOKEN", TOKEN_CANARY);
        Map<String, String> webhookEnv = new java.util.HashMap<>(verbose);
        webhookEnv.putAll(Map.of("EARSHOT_WEBHOOK_SECRET", HMAC_CANARY, "EARSHOT_WEBHOOK_TOKEN", BEARER_CANARY));
        Process streams = EarshotProcess.start(streamsEnv, "streams",
                "--bootstrap-servers", kafka.bootstrapServers(), "--brands", brands.toString(), "--config", props.toString(),
                "--state-dir", dir.resolve("state").toString(), "--http-port", String.valueOf(apiPort));
        Process webhook = EarshotProcess.start(webhookEnv,
                "ingest", "http", "--host", "127.0.0.1", "--port", String.valueOf(hookPort),
                "--bootstrap-servers", kafka.bootstrapServers(), "--config", props.toString());
        Map<String, String> alertsEnv = new java.util.HashMap<>(verbose);
        // The URL is the credential: its path holds the canary.
        alertsEnv.put("EARSHOT_ALERTS_WEBHOOK", "http://127.0.0.1:" + LocalPorts.free() + "/services/T0/B0/" + SLACK_CANARY);
        Process alerts = EarshotProcess.start(alertsEnv, "alerts", "--bootstrap-servers", kafka.bootstrapServers(),
                "--config", props.toString(), "--group", "secrets-" + prefix);
        try {
            EarshotProcess.awaitLine(streams, "query API on", Duration.ofSeconds(90));
            EarshotProcess.awaitLine(webhook, "Webhook receiver listening", Duration.ofSeconds(60));
            EarshotProcess.awaitLine(alerts, "Forwarding alerts", Duration.ofSeconds(60));
            String api = "http://127.0.0.1:" + apiPort;

            // Without the token: 401 everywhere but /health.
            for (String path : List.of("/metrics", "/api/summary", "/api/alerts", "/dashboard/", "/api/brands/lumora/windows")) {
                HttpResponse<String> r = get(http, api + path, null, answers);
                assertEquals(401, r.statusCode(), path);
            }
            assertEquals(401, get(http, api + "/api/summary", "Bearer wrong", answers).statusCode());
            assertEquals(200, get(http, api + "/health", null, answers).statusCode(), "health checks need no token");
            // With it: every endpoint answers as it would unguarded (errors included, whose bodies the canary
            // scan below reads too), and the browser gets a session cookie, not the token.
            // What reads the app's stores answers 503 until its first rebalance ends, which may be after the
            // query API is up: waited for here, so that each answer below is the endpoint's own.
            HttpResponse<String> ready = get(http, api + "/api/alerts", "Bearer " + TOKEN_CANARY, answers);
            for (int attempt = 0; attempt < 120 && ready.statusCode() == 503; attempt++) {
                Thread.sleep(500);
                ready = get(http, api + "/api/alerts", "Bearer " + TOKEN_CANARY, answers);
            }
            Map<String, Integer> expected = new java.util.LinkedHashMap<>();
            expected.put("/metrics", 200);
            expected.put("/api/summary", 200);
            expected.put("/api/alerts", 200);
            expected.put("/api/brands/lumora/windows?size=1h", 200);
            expected.put("/api/brands/lumora/highlights", 200);
            expected.put("/api/sets/none/share-of-voice?window=2026-11-20T10:00:00Z", 404);
            expected.put("/api/brands/lumora/windows?from=garbage", 400);
            expected.put("/nowhere", 404);
            for (Map.Entry<String, Integer> endpoint : expected.entrySet()) {
                assertEquals(endpoint.getValue(), get(http, api + endpoint.getKey(), "Bearer " + TOKEN_CANARY, answers).statusCode(),
                        endpoint.getKey());
            }
            HttpResponse<String> page = get(http, api + "/dashboard/?token=" + TOKEN_CANARY, null, answers);
            assertEquals(200, page.statusCode());
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(api + "/api/summary"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode(), "the session cookie opens the API");

            // The webhook: unsigned, badly signed and replayed requests get 401; good ones 202.
            String hook = "http://127.0.0.1:" + hookPort + "/v1/mentions";
            String body = "{\"id\":\"s:1\",\"platform\":\"reddit\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lumora\"}";
            assertEquals(401, post(http, hook, body, Map.of(), answers).statusCode(), "unsigned");
            String now = String.valueOf(System.currentTimeMillis() / 1000);
            assertEquals(401, post(http, hook, body, Map.of("X-Earshot-Timestamp", now, "X-Earshot-Signature", "v1=00ff"), answers)
                    .statusCode(), "badly signed");
            String old = String.valueOf(System.currentTimeMillis() / 1000 - 3600);
            assertEquals(401, post(http, hook, body, Map.of("X-Earshot-Timestamp", old, "X-Earshot-Signature",
                    dev.earshot.ingest.WebhookAuth.signatureHeader(HMAC_CANARY, old, body.getBytes(StandardCharsets.UTF_8))), answers)
                    .statusCode(), "replayed");
            assertEquals(401, post(http, hook, body, Map.of("Authorization", "Bearer not-it"), answers).statusCode(), "wrong token");
            assertEquals(202, post(http, hook, body, Map.of("X-Earshot-Timestamp", now, "X-Earshot-Signature",
                    dev.earshot.ingest.WebhookAuth.signatureHeader(HMAC_CANARY, now, body.getBytes(StandardCharsets.UTF_8))), answers)
                    .statusCode(), "signed");
            assertEquals(400, post(http, hook, "{bad", Map.of("Authorization", "Bearer " + BEARER_CANARY), answers).statusCode());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(prefix + "mentions.raw", "poison", "{not json")).get(30, TimeUnit.SECONDS);
            }
            Thread.sleep(3_000);
        } finally {
            EarshotProcess.terminate(streams);
            EarshotProcess.terminate(webhook);
            EarshotProcess.terminate(alerts);
            assertTrue(streams.waitFor(60, TimeUnit.SECONDS));
            assertTrue(webhook.waitFor(60, TimeUnit.SECONDS));
            assertTrue(alerts.waitFor(60, TimeUnit.SECONDS));
        }
        List<String> logs = new ArrayList<>(EarshotProcess.output(streams));
        logs.addAll(EarshotProcess.output(webhook));
        logs.addAll(EarshotProcess.output(alerts));
        assertTrue(EarshotProcess.output(alerts).stream().anyMatch(l -> l.contains("to http://127.0.0.1/…")),
                "the forwarder names its webhook by scheme and host: " + EarshotProcess.output(alerts));
        assertTrue(logs.stream().anyMatch(l -> l.contains("ssl.key.password")),
                "Kafka's client configuration was logged, so the check below covers it: " + logs.size() + " lines");
        for (String canary : List.of(KAFKA_CANARY, TOKEN_CANARY, HMAC_CANARY, BEARER_CANARY, FORWARDING_CANARY, SLACK_CANARY)) {
            for (String line : logs) {
                assertFalse(line.contains(canary), "a log line carries a secret: " + line);
            }
            for (String answer : answers) {
                assertFalse(answer.contains(canary), "an HTTP answer carries a secret: " + answer);
            }
        }
        System.out.printf("[earshot-it] secrets: 6 canaries in config and environment; none in %d log lines or %d HTTP answers%n",
                logs.size(), answers.size());
    }

    private static HttpResponse<String> get(HttpClient http, String url, String auth, List<String> answers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(r.headers().map() + "\n" + r.body());
        return r;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body, Map<String, String> headers,
                                             List<String> answers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(r.headers().map() + "\n" + r.body());
        return r;
    }

}
