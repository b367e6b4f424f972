package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MastodonInstanceTest {
    /** A server that describes itself at {@code path} with {@code json}, and 404s everything else. */
    private static HttpServer describing(String path, String json) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static MastodonInstance ask(HttpServer server, List<String> problems) throws Exception {
        return MastodonInstance.ask(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                new Poller(null, Clock.systemUTC(), d -> { }), problems::add);
    }

    @Test
    void aServerOlderThanVersion4IsAskedAtVersion1sAddress() throws Exception {
        HttpServer server = describing("/api/v1/instance",
                "{\"uri\": \"example.com\", \"urls\": {\"streaming_api\": \"wss://streaming.example.com\"}}");
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            assertEquals(new MastodonInstance("example.com", URI.create("https://streaming.example.com")), ask(server, problems));
            assertEquals(List.of(), problems);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whatIsNotAHostOrAStreamingUrlIsTheApisHostAndIsTold() throws Exception {
        HttpServer server = describing("/api/v2/instance",
                "{\"domain\": \"evil.example/@x\", \"configuration\": {\"urls\": {\"streaming\": \"ftp://files.example\"}}}");
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            MastodonInstance about = ask(server, problems);
            assertEquals("127.0.0.1", about.domain());
            assertEquals(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), about.streaming());
            assertEquals(2, problems.size(), problems.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anInstanceThatDoesNotDescribeItselfKeepsItsApiHostAndIsTold() throws Exception {
        HttpServer server = describing("/elsewhere", "{}");
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            MastodonInstance about = ask(server, problems);
            assertEquals(new MastodonInstance("127.0.0.1", URI.create("http://127.0.0.1:" + server.getAddress().getPort())), about);
            assertTrue(problems.get(0).contains("neither /api/v2/instance nor /api/v1/instance"), problems.toString());
        } finally {
            server.stop(0);
        }
    }

    /** A failed asking (a 403 from a proxy in front, say) is no answer: asked again, the instance is heard. */
    @Test
    void aFailedAskingIsNoAnswerAndTheNextIsHeard() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/instance", exchange -> {
            byte[] body = (asked.incrementAndGet() == 1 ? "<html>blocked</html>" : "{\"domain\": \"example.com\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(asked.get() == 1 ? 403 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            assertNull(ask(server, problems));
            assertTrue(problems.get(0).contains("until it answers"), problems.toString());
            assertEquals("example.com", ask(server, problems).domain());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theStreamingApiIsNamedByWebSocketUrlsAndReadOverHttp() {
        assertEquals(URI.create("https://streaming.example"), MastodonInstance.streamingBase("wss://streaming.example"));
        assertEquals(URI.create("https://streaming.example"), MastodonInstance.streamingBase("wss://streaming.example/"));
        assertEquals(URI.create("http://127.0.0.1:4000"), MastodonInstance.streamingBase("ws://127.0.0.1:4000"));
        assertEquals(URI.create("https://social.example"), MastodonInstance.streamingBase("https://social.example"));
        assertNull(MastodonInstance.streamingBase("ftp://social.example"));
        assertNull(MastodonInstance.streamingBase("wss://user:pw@social.example"));
        assertNull(MastodonInstance.streamingBase("streaming.example"));
        assertNull(MastodonInstance.streamingBase("wss://bad host"));
    }
}
