package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The webhook's wait for Kafka's acknowledgements, on a producer whose acknowledgements the test
 * releases (Kafka's MockProducer: what is tested is the HTTP edge's threads, not Kafka).
 */
class WebhookAcknowledgementTest {
    @Test
    void requestsWaitingOnKafkaHoldNoThreadAndAreAnsweredWhenItAcknowledges() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        IngestConfig config = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:1",
                "webhook.ack.timeout", "60s", "http.max.threads", "8")));
        MentionCodec codec = MentionCodec.strict();
        java.util.concurrent.ExecutorService clientThreads = java.util.concurrent.Executors.newFixedThreadPool(8);
        HttpClient http = HttpClient.newBuilder().executor(clientThreads).build();
        try (MentionPublisher publisher = new MentionPublisher(producer, "mentions.raw", codec);
                WebhookServer server = new WebhookServer("127.0.0.1", 0, config, publisher, codec,
                        new WebhookAuth("secret-1", "token-1", Duration.ofMinutes(5)), Clock.systemUTC())) {
            URI mentions = URI.create("http://127.0.0.1:" + server.port() + "/v1/mentions");
            int waiting = 24; // three times the server's threads
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < waiting; i++) {
                String body = "{\"id\":\"hook:" + i + "\",\"platform\":\"partner\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"hi\"}";
                posts.add(http.sendAsync(HttpRequest.newBuilder(mentions).header("Authorization", "Bearer token-1")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (producer.history().size() < waiting && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(waiting, producer.history().size(), "every mention sent, none acknowledged yet");
            // With every request waiting on Kafka, another is still served: the waits hold no thread.
            HttpResponse<String> other = http.sendAsync(HttpRequest.newBuilder(mentions).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
            assertEquals(405, other.statusCode(), other.body());
            posts.forEach(p -> assertTrue(!p.isDone(), "no answer before Kafka acknowledges"));
            while (producer.completeNext()) {
                // acknowledge every send
            }
            for (CompletableFuture<HttpResponse<String>> post : posts) {
                HttpResponse<String> answer = post.get(15, TimeUnit.SECONDS);
                assertEquals(202, answer.statusCode(), answer.body());
            }
            assertEquals(waiting, server.accepted());
        } finally {
            clientThreads.shutdownNow();
        }
    }

    /** No acknowledgement in time: 503, and the same signed request may be sent again, not refused as a replay. */
    @Test
    void aSignedRequestKafkaDidNotAcknowledgeInTimeMayBeRetried() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        IngestConfig config = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:1",
                "webhook.ack.timeout", "1s")));
        MentionCodec codec = MentionCodec.strict();
        String secret = "secret-2";
        try (MentionPublisher publisher = new MentionPublisher(producer, "mentions.raw", codec);
                WebhookServer server = new WebhookServer("127.0.0.1", 0, config, publisher, codec,
                        new WebhookAuth(secret, null, Duration.ofMinutes(5)), Clock.systemUTC())) {
            String body = "{\"id\":\"hook:s\",\"platform\":\"partner\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"hi\"}";
            String ts = String.valueOf(System.currentTimeMillis() / 1000);
            HttpRequest signed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/mentions"))
                    .header("X-Earshot-Timestamp", ts)
                    .header("X-Earshot-Signature", WebhookAuth.signatureHeader(secret, ts, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> first = http.send(signed, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, first.statusCode(), first.body());
            assertEquals("5", first.headers().firstValue("Retry-After").orElse(""));
            CompletableFuture<HttpResponse<String>> again = http.sendAsync(signed, HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (producer.history().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            while (producer.completeNext()) {
                // the first send's late acknowledgement, then the retry's
            }
            HttpResponse<String> retried = again.get(15, TimeUnit.SECONDS);
            assertEquals(202, retried.statusCode(), "the retry is not refused as a replay: " + retried.body());
            assertEquals(1, server.accepted());
        }
    }
}
