package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.edge.SlowClient;
import dev.earshot.kafka.local.LocalKafkaBroker;
import dev.earshot.kafka.local.LoopbackPorts;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-client attack of the security review, against the webhook: 64 connections that send
 * their headers (unauthenticated: the signature cannot be checked before the body) and then a byte
 * every 5 s. Each is cut at the read timeout with a 408, and {@code /healthz} answers in under 2 s
 * throughout.
 */
class WebhookSlowClientsIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void sixtyFourSlowSendersAreCutAtTheReadTimeoutAndHealthStaysQuick() throws Exception {
        int kafkaPort;
        kafkaPort = LoopbackPorts.free();
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().port(kafkaPort).dataDir(dir.resolve("kafka")).start()) {
            IngestConfig config = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "http.read.timeout", READ_TIMEOUT.toSeconds() + "s")));
            MentionCodec codec = MentionCodec.strict();
            try (MentionPublisher publisher = new MentionPublisher(WebhookServer.producerSettings(config), config.topics().raw(), codec);
                 WebhookServer server = new WebhookServer("127.0.0.1", 0, config, publisher, codec,
                         new WebhookAuth("secret", null, Duration.ofMinutes(5)), Clock.systemUTC())) {
                String head = "POST /v1/mentions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "X-Earshot-Timestamp: " + (System.currentTimeMillis() / 1000) + "\r\n"
                        + "X-Earshot-Signature: v1=" + "0".repeat(64) + "\r\nContent-Length: 100000\r\n\r\n";
                List<CompletableFuture<SlowClient>> clients = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    clients.add(SlowClient.start(server.port(), head, "[".repeat(1000), Duration.ofSeconds(5)));
                }
                long slowest = SlowClient.slowestHealthAnswer(URI.create("http://127.0.0.1:" + server.port() + "/healthz"),
                        READ_TIMEOUT.plusSeconds(4));
                long limit = READ_TIMEOUT.toMillis() + 2_500;
                long longest = 0;
                for (var client : clients) {
                    SlowClient c = client.get(120, TimeUnit.SECONDS);
                    longest = Math.max(longest, c.keptMillis());
                    assertEquals(408, c.status(), c.answer());
                    assertTrue(c.keptMillis() <= limit, "a slow sender was kept " + c.keptMillis() + " ms");
                }
                assertTrue(slowest < 2_000, "a health answer took " + slowest + " ms");
                System.out.printf("[earshot-it] webhook: 64 slow senders answered 408 and cut after at most %d ms (limit %d);"
                        + " slowest health answer %d ms%n", longest, limit, slowest);
            }
        }
    }
}
