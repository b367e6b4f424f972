package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The webhook under a steady 300 signed requests per second for three minutes (the {@code load}
 * profile; {@code -Dearshot.load.seconds} and {@code -Dearshot.load.rps} change it): every request
 * answered 202, every mention in the topic once, latency percentiles and heap reported. Not part of
 * the default build: it takes minutes by design.
 */
class WebhookLoadIT {
    private static final String SECRET = "load-secret";

    @Test
    void threeHundredSignedRequestsPerSecondForThreeMinutes() throws Exception {
        int seconds = Integer.getInteger("earshot.load.seconds", 180);
        int rps = Integer.getInteger("earshot.load.rps", 300);
        TestKafka kafka = TestKafka.shared();
        String topicPrefix = "load" + System.nanoTime() + ".";
        TestKafka.createTopic(kafka.bootstrapServers(), topicPrefix + "mentions.raw", 3);
        IngestConfig config = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "topic.prefix", topicPrefix)));
        MentionCodec codec = MentionCodec.strict();
        // Fixed-size bookkeeping, so that the test's own records do not read as the server's memory growth.
        long total = (long) seconds * rps;
        long[] latencies = new long[Math.toIntExact(total)];
        AtomicLong answered = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long heapBefore;
        long heapAfter;
        try (MentionPublisher publisher = new MentionPublisher(WebhookServer.producerSettings(config), config.topics().raw(), codec);
             WebhookServer server = new WebhookServer("127.0.0.1", 0, config, publisher, codec,
                     new WebhookAuth(SECRET, null, Duration.ofMinutes(5)), Clock.systemUTC())) {
            HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(16)).build();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/mentions");
            List<Long> heapSeries = new ArrayList<>(); // MB after GC, every 30 s
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                if (i % (30L * rps) == 0) {
                    heapSeries.add(usedHeapAfterGc() >> 20);
                }
                long due = start + i * 1_000_000_000L / rps;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String body = "{\"id\":\"load:" + i + "\",\"platform\":\"partner\",\"createdAt\":\"2026-11-20T10:00:00Z\","
                        + "\"text\":\"load test mention " + i + " about Lumora\",\"engagement\":{\"likes\":" + (i % 50) + "}}";
                String ts = String.valueOf(System.currentTimeMillis() / 1000);
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .header("X-Earshot-Timestamp", ts)
                        .header("X-Earshot-Signature", WebhookAuth.signatureHeader(SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                long sentAt = System.nanoTime();
                int slot = (int) i;
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    latencies[slot] = System.nanoTime() - sentAt;
                    statuses.computeIfAbsent(e != null ? -1 : r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                    answered.incrementAndGet();
                });
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (answered.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            heapSeries.add(usedHeapAfterGc() >> 20);
            // The broker shares this JVM and warms up in the first half minute: flat means no growth after it.
            heapBefore = heapSeries.get(Math.min(1, heapSeries.size() - 1));
            heapAfter = heapSeries.get(heapSeries.size() - 1);
            assertEquals(Map.of(202, total), toLongs(statuses), "every request answered 202");
            long[] sorted = latencies.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("[earshot-load] webhook: %,d signed requests in %.1f s (%.0f/s); latency p50 %.1f ms, p95 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms; heap after GC every 30 s (MB, broker in the same JVM): %s%n", total, elapsed,
                    total / elapsed, pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                    heapSeries);
            assertEquals(total, publisher.acknowledged(), "every accepted mention acknowledged by Kafka once");
            assertTrue(heapAfter < heapBefore + 64, "memory flat after warm-up: " + heapSeries + " MB");
        }
    }

    private static Map<Integer, Long> toLongs(Map<Integer, AtomicLong> m) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
