package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.kafka.local.ConsumerGroups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker, the webhook receiver and the streams app as three processes; the broker is stopped for
 * ten seconds and started again on the same data. The webhook answers 503 while it is down and 202
 * again after; the streams app recovers by itself; every mention acknowledged with a 202 (senders
 * retry what got a 503) is counted exactly once.
 */
class BrokerOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "outage-token";

    @TempDir
    Path dir;

    @Test
    void webhookAnswers503AndTheStreamsAppRecoversWithExactTotals() throws Exception {
        int kafkaPort = LocalPorts.free();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        String[] brokerArgs = {"broker", "--port", String.valueOf(kafkaPort), "--data-dir", dir.resolve("kafka").toString()};
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        Path props = Files.writeString(dir.resolve("earshot.properties"), String.join("\n",
                "application.id=earshot-outage", "webhook.ack.timeout=3s", ""));
        Process broker = EarshotProcess.start(brokerArgs);
        EarshotProcess.awaitLine(broker, "ready at", Duration.ofSeconds(60));
        // Chosen once the broker is up: its process picks its own controller port, unaware of this JVM's.
        int hookPort = LocalPorts.free();
        int apiPort = LocalPorts.free();
        Process streams = EarshotProcess.start("streams", "--bootstrap-servers", bootstrap, "--brands", brands.toString(),
                "--config", props.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", String.valueOf(apiPort));
        EarshotProcess.awaitLine(streams, "query API on", Duration.ofSeconds(90));
        Process webhook = EarshotProcess.start(Map.of("EARSHOT_WEBHOOK_TOKEN", TOKEN), "ingest", "http", "--host", "127.0.0.1",
                "--port", String.valueOf(hookPort), "--bootstrap-servers", bootstrap, "--config", props.toString());
        EarshotProcess.awaitLine(webhook, "Webhook receiver listening", Duration.ofSeconds(60));
        HttpClient http = HttpClient.newHttpClient();
        Map<Integer, Integer> statuses = new HashMap<>();
        List<Integer> toRetry = new ArrayList<>();
        int batches = 0;
        String report;
        try {
            for (; batches < 20; batches++) {
                assertEquals(202, post(http, hookPort, batches, statuses), "before the outage");
            }
            EarshotProcess.terminate(broker);
            assertTrue(broker.waitFor(60, TimeUnit.SECONDS));
            long down = System.nanoTime();
            while (System.nanoTime() - down < TimeUnit.SECONDS.toNanos(10)) {
                int status = post(http, hookPort, batches, statuses);
                assertEquals(503, status, "while the broker is down nothing is claimed as stored");
                toRetry.add(batches++);
            }
            broker = EarshotProcess.start(brokerArgs);
            EarshotProcess.awaitLine(broker, "ready at", Duration.ofSeconds(60));
            long up = System.nanoTime();
            for (int batch : toRetry) { // the senders retry what got a 503
                assertEquals(202, retryUntilAccepted(http, hookPort, batch, statuses), "batch " + batch + " after the outage");
            }
            for (int i = 0; i < 20; i++, batches++) {
                assertEquals(202, post(http, hookPort, batches, statuses), "after the outage");
            }
            long expected = batches * 20L;
            ConsumerGroups.awaitCommitted(bootstrap, "earshot-outage", "mentions.raw", expected, Duration.ofMinutes(3));
            ConsumerGroups.awaitCommitted(bootstrap, "earshot-outage", "earshot-outage-mentions-by-brand-repartition", -1,
                    Duration.ofMinutes(3));
            Thread.sleep(2_000); // the last transaction's outputs become readable
            double recovered = (System.nanoTime() - up) / 1e9;
            assertTrue(streams.isAlive(), "the streams app rode out the outage");
            long counted = 0;
            for (String value : TopicSnapshot.latestByKey(Map.of("bootstrap.servers", bootstrap), "brand.engagement.1h").values()) {
                counted += JSON.readTree(value).get("mentions").asLong();
            }
            assertEquals(expected, counted, "every acknowledged mention counted exactly once");
            report = String.format("[earshot-it] broker outage: %d batches of 20, %d answered 503 during 10 s down and retried;"
                    + " statuses %s; streams caught up %.1f s after the broker restarted; %,d mentions counted once each",
                    batches, toRetry.size(), statuses, recovered, counted);
        } finally {
            for (Process p : List.of(webhook, streams, broker)) {
                EarshotProcess.terminate(p);
                p.waitFor(60, TimeUnit.SECONDS);
            }
        }
        System.out.println(report);
    }

    private static int post(HttpClient http, int port, int batch, Map<Integer, Integer> statuses) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append("{\"id\":\"outage:").append(batch).append('-').append(i)
                    .append("\",\"platform\":\"partner\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lumora ")
                    .append(batch).append("\"}\n");
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/mentions"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        statuses.merge(r.statusCode(), 1, Integer::sum);
        return r.statusCode();
    }

    private static int retryUntilAccepted(HttpClient http, int port, int batch, Map<Integer, Integer> statuses) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        while ((status = post(http, port, batch, statuses)) == 503 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        return status;
    }
}
