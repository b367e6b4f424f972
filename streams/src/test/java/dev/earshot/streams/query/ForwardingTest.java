package dev.earshot.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ForwardingTest {
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void aForwardedRequestCarriesASignedMarkerAndNeverTheUsersToken() throws Exception {
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            seen.add(Map.of("authorization", String.valueOf(h.getFirst("Authorization")),
                    "marker", String.valueOf(h.getFirst(Forwarding.HEADER)), "all", h.entrySet().toString()));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("[]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            exchange.close();
        });
        other.start();
        try {
            Forwarding forwarding = new Forwarding(null, "the-user-token", false, Clock.fixed(NOW, ZoneOffset.UTC));
            String path = "/api/brands/lumora/windows?size=1h";
            assertEquals(200, forwarding.fetch(new HostInfo("127.0.0.1", other.getAddress().getPort()), path).statusCode());
            Map<String, String> headers = seen.get(0);
            assertEquals("null", headers.get("authorization"), "no token travels between instances: " + headers);
            assertFalse(headers.get("all").contains("the-user-token"), headers.toString());
            String marker = headers.get("marker");

            assertTrue(forwarding.isForwarded(marker, path));
            assertFalse(forwarding.isForwarded(marker, "/api/alerts"), "good for its own path only");
            assertFalse(forwarding.isForwarded("1", path), "an unsigned marker is refused when a token guards the API");
            assertFalse(new Forwarding(null, "the-user-token", false, Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC))
                    .isForwarded(marker, path), "stale after a minute");
            assertFalse(new Forwarding("a-shared-secret", "the-user-token", false, Clock.fixed(NOW, ZoneOffset.UTC))
                    .isForwarded(marker, path), "another key");
            assertTrue(new Forwarding(null, "the-user-token", false, Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC))
                    .isForwarded(marker, path), "another instance with the same token");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void redirectsFromAnotherInstanceAreNotFollowed() throws Exception {
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            elsewhere.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        HttpServer rogue = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rogue.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + target.getAddress().getPort() + "/collect");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        target.start();
        rogue.start();
        try {
            Forwarding forwarding = new Forwarding("secret", null, false, Clock.systemUTC());
            assertEquals(307, forwarding.fetch(new HostInfo("127.0.0.1", rogue.getAddress().getPort()), "/api/alerts").statusCode());
            assertEquals(List.of(), elsewhere);
        } finally {
            rogue.stop(0);
            target.stop(0);
        }
    }
}
