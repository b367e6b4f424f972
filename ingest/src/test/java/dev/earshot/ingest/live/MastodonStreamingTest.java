package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpServer;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a token the Mastodon connector follows the streaming API; when the stream drops it polls
 * from its cursor to fill the gap, then streams again: every status once, none missing.
 */
class MastodonStreamingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDroppedStreamIsFollowedByACatchUpPollWithoutGapsOrDuplicates(@TempDir Path dir) throws Exception {
        JsonNode statuses = JSON.readTree(MastodonTimelineTest.resource("mastodon-page2.json")); // ids 6, 5, 4
        JsonNode older = JSON.readTree(MastodonTimelineTest.resource("mastodon-page1.json"));    // ids 3, 2, 1
        AtomicInteger streams = new AtomicInteger();
        List<String> polls = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/public", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            polls.add(query);
            ArrayNode page = JSON.createArrayNode();
            if (!query.contains("min_id")) {
                page.add(older.get(2)); // the first poll: status 1 only
            } else if (query.contains("min_id=113000000000000001")) {
                page.add(older.get(1)); // posted while the stream was connecting: 2, which it does not carry
            } else if (query.contains("min_id=113000000000000003")) {
                page.add(statuses.get(1)); // posted while the stream was down: 5, 4
                page.add(statuses.get(2));
            }
            byte[] body = JSON.writeValueAsBytes(page);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api/v1/streaming/public", exchange -> {
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            int connection = streams.incrementAndGet();
            StringBuilder events = new StringBuilder(":thump\n\n");
            if (connection == 1) {
                events.append("event: update\ndata: ").append(JSON.writeValueAsString(older.get(0))).append("\n\n"); // 3
                events.append("event: delete\ndata: 999\n\n");
                events.append("event: update\ndata: {not json\n\n");
            } else {
                events.append("event: update\ndata: ").append(JSON.writeValueAsString(statuses.get(1))).append("\n\n"); // 5 again
                events.append("event: update\ndata: ").append(JSON.writeValueAsString(statuses.get(0))).append("\n\n"); // 6
                // A status fetched late from another server: its id is from its creation, older than 6's.
                com.fasterxml.jackson.databind.node.ObjectNode late = statuses.get(1).deepCopy();
                late.put("id", "112999999999999990").put("uri", "https://elsewhere.example/users/x/statuses/90");
                events.append("event: update\ndata: ").append(JSON.writeValueAsString(late)).append("\n\n");
            }
            out.write(events.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            exchange.close(); // the stream drops
        });
        server.start();
        try {
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            URI instance = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            MastodonTimeline timeline = new MastodonTimeline(instance, null, new BrandFilter(List.of("lumora")),
                    new Cursor(dir.resolve("c")), sink, problems::add, MentionCodec.strict(), Duration.ZERO,
                    new Poller("tok", Clock.systemUTC(), d -> { }), "tok");
            Thread runner = RunningFeed.start(timeline::run);
            RunningFeed.awaitUntil(() -> streams.get() >= 2 && polls.size() >= 4 && sink.mentions.size() >= 6, 20);
            timeline.close();
            runner.join(10_000);

            assertEquals(List.of("mastodon:https://social.example/users/u1/statuses/1",
                    "mastodon:https://social.example/users/u2/statuses/2", "mastodon:https://social.example/users/u3/statuses/3",
                    "mastodon:https://social.example/users/u5/statuses/5", "mastodon:https://social.example/users/u6/statuses/6",
                    "mastodon:https://elsewhere.example/users/x/statuses/90"), sink.ids(),
                    "2 was posted as the stream connected and came on the poll after it, 4 is about cats, 5 comes twice"
                            + " and is sent once, the late one is sent though older than 6");
            assertEquals("113000000000000006", new Cursor(dir.resolve("c")).get(), "the cursor never goes back");
            assertEquals(List.of("limit=40", "limit=40&min_id=113000000000000001", "limit=40&min_id=113000000000000003",
                    "limit=40&min_id=113000000000000005"), polls.subList(0, 4),
                    "each stream's start is followed by a poll from the cursor, and so is each drop");
            assertEquals("Bearer tok", auth.get(0));
            assertTrue(problems.contains("mastodon: malformed streaming event skipped"), problems.toString());
        } finally {
            server.stop(0);
        }
    }

    /** Ctrl+C while the stream is down: the wait before the next reconnect ends at once, not after its minute. */
    @Test
    void closingEndsTheWaitBeforeAReconnect(@TempDir Path dir) throws Exception {
        AtomicInteger streams = new AtomicInteger();
        HttpServer server = withEmptyTimeline();
        server.createContext("/api/v1/streaming/public", exchange -> {
            streams.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        List<String> problems = new CopyOnWriteArrayList<>();
        MastodonTimeline timeline = streaming(server, dir, problems)
                .withReconnectBackoff(Duration.ofSeconds(120), Duration.ofSeconds(240));
        try {
            Thread runner = RunningFeed.start(timeline::run);
            RunningFeed.awaitUntil(() -> streams.get() >= 1, 30);
            assertEquals(1, streams.get(), "the stream was tried");
            RunningFeed.awaitUntil(() -> !problems.isEmpty(), 5); // told at once, before the wait
            timeline.close();
            runner.join(20_000);
            assertFalse(runner.isAlive(), "still waiting to reconnect after close");
            assertEquals(1, streams.get(), "no reconnect after close");
            assertTrue(problems.stream().anyMatch(p -> p.contains("503") && p.contains("reconnecting")), problems.toString());
        } finally {
            timeline.close(); // a failed assertion leaves no feed waiting its two minutes
            server.stop(0);
        }
    }

    /** Ctrl+C while the stream connects to a server slow to answer: ended at once, not after the 30 s timeout. */
    @Test
    void closingEndsAStreamStillConnecting(@TempDir Path dir) throws Exception {
        AtomicInteger streams = new AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer server = withEmptyTimeline();
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/api/v1/streaming/public", exchange -> {
            streams.incrementAndGet();
            try {
                release.await(60, java.util.concurrent.TimeUnit.SECONDS); // no headers
            } catch (InterruptedException ignored) {
                // the test is over
            }
            exchange.close();
        });
        server.start();
        MastodonTimeline timeline = streaming(server, dir, new CopyOnWriteArrayList<>());
        try {
            Thread runner = RunningFeed.start(timeline::run);
            RunningFeed.awaitUntil(() -> streams.get() >= 1, 30);
            Thread.sleep(200); // the connection waits for the server's answer
            timeline.close();
            runner.join(5_000);
            assertFalse(runner.isAlive(), "still connecting after close");
            assertEquals(1, streams.get(), "no reconnect after close");
        } finally {
            timeline.close();
            release.countDown();
            server.stop(0);
        }
    }

    /**
     * A stream that goes silent is dropped after its idle limit (2 s here) and reconnected after the
     * backoff's first wait (3 s here, less a quarter of jitter at most): the second connection comes no
     * sooner than 2 + 2.25 s after the first. With a wait of 10 ms it came 3.0 s after, and the test failed.
     */
    @Test
    void aSilentStreamIsDroppedAndReconnectedWithBackoff(@TempDir Path dir) throws Exception {
        AtomicInteger streams = new AtomicInteger();
        List<Long> connectedAt = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer server = withEmptyTimeline();
        server.createContext("/api/v1/streaming/public", exchange -> {
            connectedAt.add(System.nanoTime());
            streams.incrementAndGet();
            streamThenHoldOpen(exchange, ":thump\n\n", release); // then nothing more: a half-open connection
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            MastodonTimeline timeline = streaming(server, dir, problems).withStreamIdle(Duration.ofSeconds(2))
                    .withReconnectBackoff(Duration.ofSeconds(3), Duration.ofSeconds(6));
            Thread runner = RunningFeed.start(timeline::run);
            RunningFeed.awaitUntil(() -> streams.get() >= 2, 30);
            timeline.close();
            release.countDown();
            runner.join(10_000);
            assertTrue(streams.get() >= 2, "the silent stream was reconnected: " + streams.get());
            assertTrue(problems.stream().anyMatch(p -> p.contains("silent for 2 s")), problems.toString());
            long gapMillis = (connectedAt.get(1) - connectedAt.get(0)) / 1_000_000;
            assertTrue(gapMillis >= 4_000, "reconnected " + gapMillis + " ms after the first connection: the idle limit and "
                    + "then the backoff's wait, not the idle limit alone");
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    /**
     * A timeline that answers something other than a list (a wrong instance, a server without the
     * endpoint) is retried on the reconnect backoff, not at once: the catch-up loop asked again at once,
     * thousands of times a second.
     */
    @Test
    void aTimelineThatIsNoListIsRetriedOnTheBackoff(@TempDir Path dir) throws Exception {
        AtomicInteger polls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/public", exchange -> {
            polls.incrementAndGet();
            MastodonTimelineTest.json(exchange, "{\"error\": \"not here\"}".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/api/v2/instance", exchange -> MastodonTimelineTest.json(exchange,
                "{\"domain\": \"social.example\"}".getBytes(StandardCharsets.UTF_8)));
        server.start();
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            MastodonTimeline timeline = streaming(server, dir, problems)
                    .withReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(1));
            Thread runner = RunningFeed.start(timeline::run);
            Thread.sleep(2_000);
            timeline.close();
            runner.join(10_000);
            assertTrue(polls.get() >= 2 && polls.get() <= 6, polls.get() + " polls in 2 s on a backoff from 0.5 s");
            assertTrue(problems.stream().anyMatch(p -> p.contains("did not return a list of statuses; reconnecting")),
                    problems.toString());
            // A poll the close caught in flight failed after it, and the feed returned without counting it.
            long reconnects = timeline.stats().reconnects();
            assertTrue(reconnects == polls.get() || reconnects == polls.get() - 1,
                    "each failure counted as a reconnect: " + reconnects + " of " + polls.get());
        } finally {
            server.stop(0);
        }
    }

    /**
     * Time spent handing statuses to Kafka is not the server's silence: a sink slower than the idle
     * limit (a broker slow to answer) left a healthy stream dropped as silent and reconnected.
     */
    @Test
    void sendingSlowlyIsNotTheStreamsSilence(@TempDir Path dir) throws Exception {
        AtomicInteger streams = new AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        JsonNode statuses = JSON.readTree(MastodonTimelineTest.resource("mastodon-page2.json"));
        HttpServer server = withEmptyTimeline();
        server.createContext("/api/v1/streaming/public", exchange -> {
            streams.incrementAndGet();
            streamThenHoldOpen(exchange, "event: update\ndata: " + JSON.writeValueAsString(statuses.get(0)) + "\n\n:thump\n\n", release);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            RecordingSink slow = new RecordingSink() {
                @Override
                public void accept(Mention mention) {
                    try {
                        Thread.sleep(3_500); // the idle limit is 2 s
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.accept(mention);
                }
            };
            MastodonTimeline timeline = new MastodonTimeline(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
                    BrandFilter.all(), new Cursor(dir.resolve("c")), slow, problems::add, MentionCodec.strict(),
                    Duration.ZERO, new Poller("tok", Clock.systemUTC(), d -> { }), "tok").withStreamIdle(Duration.ofSeconds(2));
            Thread runner = RunningFeed.start(timeline::run);
            RunningFeed.awaitUntil(() -> !slow.mentions.isEmpty(), 20);
            Thread.sleep(1_000); // within the idle limit of the send's end
            timeline.close();
            release.countDown();
            runner.join(10_000);
            assertEquals(1, streams.get(), "one connection: " + problems);
            assertTrue(problems.stream().noneMatch(p -> p.contains("silent")), problems.toString());
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    /** Answers a streaming request with {@code events}, then sends nothing until {@code release}. */
    private static void streamThenHoldOpen(com.sun.net.httpserver.HttpExchange exchange, String events,
                                           java.util.concurrent.CountDownLatch release) throws java.io.IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().write(events.getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    /**
     * A local server whose public timeline is empty, describing itself as an instance of the domain
     * social.example that streams on its own host; the test adds its streaming endpoint and starts it.
     */
    private static HttpServer withEmptyTimeline() throws java.io.IOException {
        return withEmptyTimeline("{\"domain\": \"social.example\"}");
    }

    /** The same, describing itself at {@code /api/v2/instance} with {@code instance}. */
    private static HttpServer withEmptyTimeline(String instance) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/public", exchange -> MastodonTimelineTest.json(exchange, "[]".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/api/v2/instance", exchange -> MastodonTimelineTest.json(exchange, instance.getBytes(StandardCharsets.UTF_8)));
        return server;
    }

    /**
     * An instance whose API host is not its accounts' domain, and which streams from a host of its own
     * (as mastodon.social does), answering a streaming request on its API host with a redirect: the
     * feed streams from the host the instance names, with its token, and its own accounts' handles
     * carry the domain it names.
     */
    @Test
    void streamsFromTheHostTheInstanceNamesAndGivesItsAccountsItsDomain(@TempDir Path dir) throws Exception {
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer streamingHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        com.fasterxml.jackson.databind.node.ObjectNode local =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(MastodonTimelineTest.resource("mastodon-page1.json")).get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) local.get("account")).put("acct", "alice");
        streamingHost.createContext("/api/v1/streaming/public", exchange -> {
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(("event: update\ndata: " + JSON.writeValueAsString(local) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        streamingHost.start();
        AtomicInteger redirected = new AtomicInteger();
        HttpServer api = withEmptyTimeline("{\"domain\": \"Social.Example\", \"configuration\": {\"urls\": {\"streaming\": "
                + "\"ws://127.0.0.1:" + streamingHost.getAddress().getPort() + "\"}}}");
        api.createContext("/api/v1/streaming/public", exchange -> {
            redirected.incrementAndGet();
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + streamingHost.getAddress().getPort()
                    + "/api/v1/streaming/public");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        api.start();
        List<String> problems = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink();
        MastodonTimeline timeline = new MastodonTimeline(URI.create("http://127.0.0.1:" + api.getAddress().getPort()), null,
                BrandFilter.all(), new Cursor(dir.resolve("c")), sink, problems::add, MentionCodec.strict(), Duration.ZERO,
                new Poller("tok", Clock.systemUTC(), d -> { }), "tok");
        try {
            Thread runner = RunningFeed.start(timeline::run);
            RunningFeed.awaitUntil(() -> !sink.mentions.isEmpty(), 20);
            timeline.close();
            runner.join(10_000);
            assertEquals("@alice@social.example", sink.mentions.get(0).author().handle(), "the domain the instance names");
            assertEquals("Bearer tok", auth.get(0));
            assertEquals(0, redirected.get(), "the stream was asked of the host the instance names, not the API's");
        } finally {
            timeline.close();
            api.stop(0);
            streamingHost.stop(0);
        }
    }

    /** A feed of every public status of the server's instance, streaming with a token, its problems told to {@code problems}. */
    private static MastodonTimeline streaming(HttpServer server, Path dir, List<String> problems) {
        return new MastodonTimeline(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
                BrandFilter.all(), new Cursor(dir.resolve("c")), new RecordingSink(), problems::add, MentionCodec.strict(),
                Duration.ZERO, new Poller("tok", Clock.systemUTC(), d -> { }), "tok");
    }
}
