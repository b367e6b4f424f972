package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.ingest.MentionGenerator;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.MentionCodec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app as its own process with a 512 MB heap under a 1,000,000-mention replay (the
 * {@code load} profile; {@code -Dearshot.load.mentions} changes it): no error, no dead letter, heap
 * sampled throughout, end-to-end lag and throughput reported.
 */
class StreamsLoadIT {
    @TempDir
    Path dir;

    @Test
    void aMillionMentionReplayInA512MegabyteHeap() throws Exception {
        int count = Integer.getInteger("earshot.load.mentions", 1_000_000);
        TestKafka kafka = TestKafka.shared();
        String prefix = "sload" + System.nanoTime() + ".";
        String appId = "earshot-" + prefix;
        Path brands = dir.resolve("brands.yaml");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo-brands.yaml")) {
            Files.write(brands, in.readAllBytes());
        }
        Path props = Files.writeString(dir.resolve("earshot.properties"), String.join("\n",
                "topic.prefix=" + prefix, "application.id=" + appId, "window.1m.grace=48h", "window.1h.grace=48h", ""));
        int port = LocalPorts.free();
        Process app = EarshotProcess.start("streams", "--bootstrap-servers", kafka.bootstrapServers(), "--brands", brands.toString(),
                "--config", props.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", String.valueOf(port));
        List<Long> heap = new ArrayList<>();
        try {
            EarshotProcess.awaitLine(app, "query API on", Duration.ofSeconds(90));
            long start = System.nanoTime();
            try (MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    prefix + "mentions.raw", MentionCodec.strict())) {
                List<CompletableFuture<?>> acks = new ArrayList<>();
                new MentionGenerator(GeneratorBrands.of(BrandCatalog.load(brands)), 3, count,
                        Instant.parse("2026-11-19T00:00:00Z"), count / 86_400.0, null).forEachRemaining(m -> {
                            acks.add(publisher.publish(m));
                            if (acks.size() == 10_000) {
                                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
                                acks.clear();
                            }
                        });
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            }
            double produced = (System.nanoTime() - start) / 1e9;
            long committed = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(40);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                while (System.nanoTime() < deadline) {
                    committed = 0;
                    for (var e : admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get().entrySet()) {
                        if (e.getKey().topic().equals(prefix + "mentions.raw") && e.getValue() != null) {
                            committed += e.getValue().offset();
                        }
                    }
                    heap.add(LocalPorts.metric(port, "jvm_memory_heap_used_bytes"));
                    if (committed >= count) {
                        break;
                    }
                    assertTrue(app.isAlive(), "the app is still running");
                    Thread.sleep(2_000);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            assertEquals(count, committed, "the whole replay processed");
            assertEquals(0, LocalPorts.metric(port, "earshot_dead_letters_total"));
            long max = heap.stream().mapToLong(Long::longValue).max().orElse(0);
            long lastQuarter = heap.subList(heap.size() * 3 / 4, heap.size()).stream().mapToLong(Long::longValue).max().orElse(0);
            long firstQuarter = heap.subList(0, Math.max(1, heap.size() / 4)).stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf("[earshot-load] streams: %,d mentions produced in %.0f s, all processed %.0f s after the first was sent"
                            + " (%.0f mentions/s end to end; lag behind the producer at its end %.0f s); heap max %d MB of 512,"
                            + " first quarter max %d MB, last quarter max %d MB%n", count, produced, elapsed, count / elapsed,
                    elapsed - produced, max >> 20, firstQuarter >> 20, lastQuarter >> 20);
            assertTrue(max < 512L << 20, "within the 512 MB heap");
        } finally {
            EarshotProcess.terminate(app);
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

}
