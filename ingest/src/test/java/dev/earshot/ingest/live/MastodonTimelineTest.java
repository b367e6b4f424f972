package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MastodonTimelineTest {
    static byte[] resource(String name) throws Exception {
        try (InputStream in = MastodonTimelineTest.class.getResourceAsStream("/live/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void pollsWithSinceIdHonoursRateLimitsAndResumesAfterDropsAndRestarts(@TempDir Path dir) throws Exception {
        List<String> queries = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        byte[] page1 = resource("mastodon-page1.json");
        byte[] page2 = resource("mastodon-page2.json");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/public", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            queries.add(query);
            int call = calls.incrementAndGet();
            byte[] body;
            if (call == 2) {
                exchange.close(); // the connection drops mid-request
                return;
            }
            if (call == 3) {
                exchange.getResponseHeaders().set("Retry-After", "7");
                exchange.sendResponseHeaders(429, -1);
                exchange.close();
                return;
            }
            if (!query.contains("since_id")) {
                body = page1;
                exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
                exchange.getResponseHeaders().set("X-RateLimit-Reset", "2026-11-20T12:00:30.000Z");
            } else if (query.contains("since_id=113000000000000003")) {
                body = page2;
            } else {
                body = "[]".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            List<Duration> waits = new CopyOnWriteArrayList<>();
            Poller poller = new Poller(null, Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC),
                    waits::add);
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            URI instance = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Path cursorFile = dir.resolve("mastodon.cursor");
            MastodonTimeline timeline = new MastodonTimeline(instance, null, new BrandFilter(List.of("#lumora")),
                    new Cursor(cursorFile), sink, problems::add, MentionCodec.strict(), Duration.ZERO, poller, null);

            assertEquals(3, timeline.pollOnce());
            assertEquals(List.of(Duration.ofSeconds(30)), waits, "waits for the rate-limit reset when none remain");
            assertEquals(3, timeline.pollOnce(), "dropped connection and 429 retried, then the next page");

            // A restart: a new connector on the same cursor file asks only for what is newer.
            MastodonTimeline restarted = new MastodonTimeline(instance, null, new BrandFilter(List.of("#lumora")),
                    new Cursor(cursorFile), sink, problems::add, MentionCodec.strict(), Duration.ZERO, poller, null);
            assertEquals(0, restarted.pollOnce());
            assertTrue(queries.get(queries.size() - 1).contains("since_id=113000000000000006"), queries.toString());
            assertTrue(waits.contains(Duration.ofSeconds(7)), "Retry-After honoured: " + waits);

            assertEquals(List.of("mastodon:127.0.0.1:113000000000000001", "mastodon:127.0.0.1:113000000000000002",
                    "mastodon:127.0.0.1:113000000000000003", "mastodon:127.0.0.1:113000000000000005",
                    "mastodon:127.0.0.1:113000000000000006"), sink.ids(), "status 4 is not about a tracked brand");
            Mention first = sink.mentions.get(0);
            assertEquals("Status 1 about #Lumora & more lumora.com/p/1", first.text());
            assertEquals(List.of("https://lumora.com/p/1"), first.links());
            assertEquals("@u1@social.example", first.author().handle());
            assertEquals(1000, first.author().followers());
            assertEquals(new Mention.Engagement(3, 2, 1, 0), first.engagement());
        } finally {
            server.stop(0);
        }
    }
}
