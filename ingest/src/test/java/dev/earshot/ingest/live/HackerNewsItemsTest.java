package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HackerNewsItemsTest {

    /**
     * A Hacker News API on a local port, started: {@code maxitem} as given, each item as {@code item}
     * answers for its id (null: the connection drops); every path asked for is noted in {@code fetched}.
     */
    private static HttpServer api(java.util.function.LongSupplier maxItem, java.util.function.Function<String, byte[]> item,
                                  List<String> fetched) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v0/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            fetched.add(path);
            byte[] body = path.equals("/v0/maxitem.json") ? String.valueOf(maxItem.getAsLong()).getBytes(StandardCharsets.UTF_8)
                    : item.apply(path.substring("/v0/item/".length(), path.length() - ".json".length()));
            if (body != null) {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** The feed of the test server's items about Lumora, a backlog of 5 on a first start, by {@code clock}. */
    private static HackerNewsItems lumoraItems(HttpServer server, Cursor cursor, MentionSink sink, List<String> problems,
                                               Poller poller, Clock clock) {
        return new HackerNewsItems(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                new BrandFilter(List.of("lumora")), cursor, sink, problems::add, MentionCodec.strict(), Duration.ZERO, 5, poller, clock);
    }

    /** The item as the test resources hold it, or JSON null for one they do not. */
    private static byte[] stored(String id) {
        try (var in = HackerNewsItemsTest.class.getResourceAsStream("/live/hn-item-" + id + ".json")) {
            return in == null ? "null".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void readsNewItemsOnceSkipsBadOnesAndResumesAfterADrop(@TempDir Path dir) throws Exception {
        AtomicLong maxItem = new AtomicLong(105);
        AtomicBoolean dropNext106 = new AtomicBoolean(true);
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = api(maxItem::get, id -> id.equals("106") && dropNext106.getAndSet(false) ? null : stored(id), fetched);
        try {
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            Poller poller = new Poller(null, Clock.systemUTC(), d -> { });
            Cursor cursor = new Cursor(dir.resolve("hn.cursor"));
            URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            HackerNewsItems hn = new HackerNewsItems(api, new BrandFilter(List.of("lumora")), cursor, sink, problems::add,
                    MentionCodec.strict(), Duration.ZERO, 5, poller);

            assertEquals(5, hn.pollOnce());
            assertEquals("105", cursor.get());
            maxItem.set(107);
            HackerNewsItems restarted = new HackerNewsItems(api, new BrandFilter(List.of("lumora")),
                    new Cursor(dir.resolve("hn.cursor")), sink, problems::add, MentionCodec.strict(), Duration.ZERO, 5, poller);
            assertEquals(2, restarted.pollOnce());

            assertEquals(List.of("hackernews:101", "hackernews:102", "hackernews:106", "hackernews:107"), sink.ids());
            assertTrue(problems.contains("hackernews: item 105 is not valid JSON; skipped"), problems.toString());
            assertEquals(2, fetched.stream().filter(p -> p.equals("/v0/item/106.json")).count(), "retried after the drop");
            assertEquals(0, fetched.stream().filter(p -> p.equals("/v0/item/101.json")).count() - 1, "101 read once");

            Mention story = sink.mentions.get(0);
            assertEquals("Lumora launches a repairable phone", story.text());
            assertEquals(List.of("https://lumora.com/news/repairable"), story.links());
            assertEquals(new Mention.Engagement(57, 0, 12, 0), story.engagement());
            assertEquals("pg", story.author().handle());
            Mention comment = sink.mentions.get(1);
            assertEquals("I had a Lumora for years. The battery was excellent. See this", comment.text());
            assertEquals(List.of("https://example.org/review"), comment.links());
            assertEquals("Lumora's update broke my phone", sink.mentions.get(2).text());
        } finally {
            server.stop(0);
        }
    }

    /**
     * Ctrl+C in the middle of a pass (here as the first tracked item is sent): the cursor keeps the last
     * item read, and the next run reads on from there rather than after the newest id.
     */
    @Test
    void closingInTheMiddleOfAPassSavesWhereItGotTo(@TempDir Path dir) throws Exception {
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = api(() -> 105, HackerNewsItemsTest::stored, fetched);
        try {
            RecordingSink recorded = new RecordingSink();
            HackerNewsItems[] feed = new HackerNewsItems[1];
            MentionSink closingSink = new MentionSink() {
                @Override
                public void accept(Mention mention) {
                    recorded.accept(mention);
                    feed[0].close();
                }

                @Override
                public void flush() {
                }
            };
            URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Cursor cursor = new Cursor(dir.resolve("hn.cursor"));
            feed[0] = new HackerNewsItems(api, new BrandFilter(List.of("lumora")), cursor, closingSink, p -> { },
                    MentionCodec.strict(), Duration.ZERO, 5, new Poller(null, Clock.systemUTC(), d -> { }));
            feed[0].pollOnce();
            assertEquals(List.of("hackernews:101"), recorded.ids());
            assertEquals("101", cursor.get(), "not 105: items 102 to 105 were never read");

            RecordingSink next = new RecordingSink();
            new HackerNewsItems(api, new BrandFilter(List.of("lumora")), new Cursor(dir.resolve("hn.cursor")), next, p -> { },
                    MentionCodec.strict(), Duration.ZERO, 5, new Poller(null, Clock.systemUTC(), d -> { })).pollOnce();
            assertEquals(List.of("hackernews:102"), next.ids(), "read on from 102");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCursorFileThatHoldsNoNumberIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("hn.cursor"), "\0\0\0");
        HttpServer server = api(() -> 105, HackerNewsItemsTest::stored, new CopyOnWriteArrayList<>());
        try {
            HackerNewsItems hn = new HackerNewsItems(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                    BrandFilter.all(), new Cursor(dir.resolve("hn.cursor")), new RecordingSink(), p -> { }, MentionCodec.strict(),
                    Duration.ZERO, 5, new Poller(null, Clock.systemUTC(), d -> { }));
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, hn::pollOnce);
            assertTrue(refused.getMessage().contains("not an item id; delete it"), refused.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /**
     * Ctrl+C while the feed waits out a rate limit (here 10 minutes, as Retry-After asked): closing
     * ends the wait at once, and the feed's loop returns.
     */
    @Test
    void closingEndsAWaitForTheRateLimitAtOnce(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", "600");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.start();
        try {
            URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v0/");
            Poller poller = new Poller(null, Clock.systemUTC()); // its waits end when the feed is closed
            HackerNewsItems hn = new HackerNewsItems(api, new BrandFilter(List.of("lumora")), new Cursor(dir.resolve("hn.cursor")),
                    new RecordingSink(), s -> { }, MentionCodec.strict(), Duration.ofSeconds(30), 5, poller);
            boolean[] returned = {false};
            Thread runner = RunningFeed.start(() -> {
                hn.run();
                returned[0] = true;
            });
            RunningFeed.awaitUntil(() -> asked.get() > 0, 10);
            assertTrue(asked.get() > 0, "the feed asked and was told to wait 600 s");
            Thread.sleep(200); // in the 600 s wait by now
            hn.close();
            runner.join(10_000);
            assertFalse(runner.isAlive(), "the feed stopped when closed");
            assertTrue(returned[0], "and returned rather than failing");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A pass that fails part-way (here item 104 answered 403, as a proxy may) keeps what it got through:
     * the next pass starts at 104, where it started again at the cursor before and sent 101 and 102 twice.
     */
    @Test
    void aPassThatFailsKeepsWhatItGotThrough(@TempDir Path dir) throws Exception {
        AtomicBoolean refuse104 = new AtomicBoolean(true);
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v0/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            fetched.add(path);
            byte[] body = path.equals("/v0/maxitem.json") ? "107".getBytes(StandardCharsets.UTF_8)
                    : stored(path.substring("/v0/item/".length(), path.length() - ".json".length()));
            exchange.sendResponseHeaders(path.equals("/v0/item/104.json") && refuse104.get() ? 403 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Cursor cursor = new Cursor(dir.resolve("hn.cursor"));
            cursor.set("100");
            RecordingSink sink = new RecordingSink();
            HackerNewsItems hn = new HackerNewsItems(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                    new BrandFilter(List.of("lumora")), cursor, sink, s -> { }, MentionCodec.strict(), Duration.ZERO, 5,
                    new Poller(null, Clock.systemUTC(), d -> { }));
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, hn::pollOnce);
            assertTrue(e.getMessage().contains("answered 403"), e.getMessage());
            assertEquals("103", cursor.get(), "what the pass got through is kept");
            refuse104.set(false);
            hn.pollOnce();
            assertEquals("107", cursor.get());
            assertEquals(1, fetched.stream().filter(p -> p.equals("/v0/item/101.json")).count(), "not read again");
            assertEquals(List.of("hackernews:101", "hackernews:102", "hackernews:106", "hackernews:107"), sink.ids(), "each once");
        } finally {
            server.stop(0);
        }
    }

    /**
     * An item too large to read is skipped with the reason, as one that is not JSON, whether first read
     * (102) or asked for again after it was held back (103): asked again, it would stop every pass.
     */
    @Test
    void anItemTooLargeToReadIsSkipped(@TempDir Path dir) throws Exception {
        byte[] large = ("{\"by\": \"x\", \"id\": 102, \"text\": \"Lumora " + "a".repeat(5_000) + "\", \"time\": 1763640060,"
                + " \"type\": \"comment\"}").getBytes(StandardCharsets.UTF_8);
        byte[] delayed = "{\"by\": \"x\", \"id\": 103, \"text\": \"[delayed]\", \"time\": 1763640070, \"type\": \"comment\"}"
                .getBytes(StandardCharsets.UTF_8);
        AtomicBoolean served103 = new AtomicBoolean(false);
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = api(() -> 104, id -> switch (id) {
            case "102" -> large;
            case "103" -> served103.get() ? large : delayed;
            default -> stored(id);
        }, fetched);
        MovableClock now = new MovableClock(java.time.Instant.parse("2026-11-20T12:00:00Z"));
        try {
            Cursor cursor = new Cursor(dir.resolve("hn.cursor"));
            cursor.set("100");
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            HackerNewsItems hn = lumoraItems(server, cursor, sink, problems, new Poller(null, Clock.systemUTC(), d -> { }, 4_096), now);
            hn.pollOnce();
            assertEquals("104", cursor.get());
            assertEquals(List.of("hackernews:101"), sink.ids());
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("hackernews: item 102 is too large")), problems.toString());
            served103.set(true);
            now.advance(Duration.ofMinutes(2));
            hn.pollOnce();
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("hackernews: item 103 is too large")), problems.toString());
            now.advance(Duration.ofMinutes(20));
            hn.pollOnce();
            assertEquals(2, fetched.stream().filter(p -> p.equals("/v0/item/103.json")).count(), "skipped, not asked again");
        } finally {
            server.stop(0);
        }
    }

    /** An item linking more than a mention may hold keeps the first 256 links, rather than the item refused whole. */
    @Test
    void anItemOfManyLinksKeepsThoseAMentionHolds() throws Exception {
        StringBuilder text = new StringBuilder("Lumora mirrors:");
        for (int i = 0; i < 300; i++) {
            text.append(" <a href=\"https://mirror").append(i).append(".example/\">m</a>");
        }
        com.fasterxml.jackson.databind.node.ObjectNode item = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("id", 102).put("by", "x").put("time", 1763640060).put("type", "comment").put("text", text.toString());
        HackerNewsItems hn = new HackerNewsItems(URI.create("http://127.0.0.1:1/"), BrandFilter.all(),
                new Cursor(java.nio.file.Files.createTempFile("cursor", "")), new RecordingSink(), s -> { }, MentionCodec.strict(),
                Duration.ZERO, 5, new Poller(null, Clock.systemUTC(), d -> { }));
        Mention m = hn.toMention(item, "Lumora mirrors");
        assertEquals(MentionCodec.strict().limits().maxLinks(), m.links().size());
        assertEquals("https://mirror0.example/", m.links().get(0));
    }

    /** Item 104 counted in maxitem but not served yet: the pass stops before it, and the next one reads it. */
    @Test
    void anItemNotServedYetIsReadAtTheNextPollNotSkipped(@TempDir Path dir) throws Exception {
        AtomicBoolean served104 = new AtomicBoolean(false);
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = api(() -> 107,
                id -> id.equals("104") && !served104.get() ? "null".getBytes(StandardCharsets.UTF_8) : stored(id), fetched);
        try {
            Cursor cursor = new Cursor(dir.resolve("hn.cursor"));
            cursor.set("100");
            RecordingSink sink = new RecordingSink();
            HackerNewsItems hn = new HackerNewsItems(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                    new BrandFilter(List.of("lumora")), cursor, sink, s -> { }, MentionCodec.strict(), Duration.ZERO, 5,
                    new Poller(null, Clock.systemUTC(), d -> { }));
            hn.pollOnce();
            assertEquals("103", cursor.get(), "stopped before 104");
            served104.set(true);
            hn.pollOnce();
            assertEquals("107", cursor.get());
            assertEquals(2, fetched.stream().filter(p -> p.equals("/v0/item/104.json")).count(), "asked again, not skipped");
            assertEquals(1, fetched.stream().filter(p -> p.equals("/v0/item/103.json")).count(), "what was read is not read again");
            assertEquals(List.of("hackernews:101", "hackernews:102", "hackernews:106", "hackernews:107"), sink.ids());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A comment of an account with a delay, served as {@code [delayed]} until the delay is over: asked
     * for again once its first wait is over and sent then; another still held back after the last wait
     * is given up, and the feed says so.
     */
    @Test
    void aDelayedCommentIsAskedForAgainAndSentOnceServed(@TempDir Path dir) throws Exception {
        AtomicBoolean served102 = new AtomicBoolean(false);
        byte[] delayed102 = delayedReply("dang", 102);
        byte[] delayed103 = delayedReply("x", 103);
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = api(() -> 104, id -> switch (id) {
            case "102" -> served102.get() ? stored(id) : delayed102;
            case "103" -> delayed103;
            default -> stored(id);
        }, fetched);
        MovableClock clock = new MovableClock(java.time.Instant.parse("2026-11-20T12:00:00Z"));
        try {
            Cursor cursor = new Cursor(dir.resolve("hn.cursor"));
            cursor.set("100");
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            HackerNewsItems hn = lumoraItems(server, cursor, sink, problems, new Poller(null, Clock.systemUTC(), d -> { }), clock);
            hn.pollOnce();
            assertEquals(List.of("hackernews:101"), sink.ids());
            assertEquals("104", cursor.get(), "the cursor moves on past what is held back");
            clock.advance(Duration.ofSeconds(30));
            hn.pollOnce();
            assertEquals(1, fetched.stream().filter(p -> p.equals("/v0/item/102.json")).count(), "not asked again before a minute");
            served102.set(true);
            clock.advance(Duration.ofSeconds(31));
            hn.pollOnce();
            assertEquals(List.of("hackernews:101", "hackernews:102"), sink.ids(), "sent once served");
            assertEquals("I had a Lumora for years. The battery was excellent. See this", sink.mentions.get(1).text());
            for (int minutes : new int[] {3, 7, 15}) {
                clock.set(java.time.Instant.parse("2026-11-20T12:00:00Z").plus(Duration.ofMinutes(minutes)));
                hn.pollOnce();
            }
            assertEquals(2, fetched.stream().filter(p -> p.equals("/v0/item/102.json")).count(), "102 is not asked for again");
            assertEquals(5, fetched.stream().filter(p -> p.equals("/v0/item/103.json")).count(), "read, then 1, 3, 7, 15 minutes on");
            assertEquals(List.of("hackernews: item 103 still held back after 15 minutes; given up"), problems);
            clock.advance(Duration.ofHours(1));
            hn.pollOnce();
            assertEquals(5, fetched.stream().filter(p -> p.equals("/v0/item/103.json")).count(), "given up for good");
            assertEquals(List.of("hackernews:101", "hackernews:102"), sink.ids());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A comment held back when the feed stops: the cursor has moved past it, so the restarted feed
     * asks for it again when it is due, from the file beside the cursor, and sends it once served.
     */
    @Test
    void aDelayedCommentIsAskedForAgainAfterARestart(@TempDir Path dir) throws Exception {
        AtomicBoolean served102 = new AtomicBoolean(false);
        byte[] delayed102 = delayedReply("dang", 102);
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = api(() -> 104, id -> id.equals("102") && !served102.get() ? delayed102 : stored(id), fetched);
        MovableClock clock = new MovableClock(java.time.Instant.parse("2026-11-20T12:00:00Z"));
        try {
            Path cursorFile = dir.resolve("hn.cursor");
            new Cursor(cursorFile).set("100");
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            lumoraItems(server, new Cursor(cursorFile), sink, problems, new Poller(null, Clock.systemUTC(), d -> { }), clock).pollOnce();
            assertEquals(List.of("hackernews:101"), sink.ids());
            assertEquals("104", new Cursor(cursorFile).get(), "the cursor moves on past what is held back");

            served102.set(true);
            HackerNewsItems restarted = lumoraItems(server, new Cursor(cursorFile), sink, problems,
                    new Poller(null, Clock.systemUTC(), d -> { }), clock);
            restarted.pollOnce();
            assertEquals(1, fetched.stream().filter(p -> p.equals("/v0/item/102.json")).count(), "not asked again before it is due");
            clock.advance(Duration.ofSeconds(61));
            restarted.pollOnce();
            assertEquals(List.of("hackernews:101", "hackernews:102"), sink.ids(), "sent once served, after the restart");
            assertEquals(List.of(), problems);
            assertEquals(null, new Cursor(dir.resolve("hn.cursor.held")).get(), "nothing held back any more");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A held-back item the pass reads again (the cursor was saved before it, as a crash between the
     * two files leaves it) is sent once, not by the pass and again by the retry; a line of the file
     * that is not an id, a time and a wait is told and skipped, and a wait outside the steps is taken
     * as the nearest, so the item is still given up in the end.
     */
    @Test
    void heldBackItemsReadFromTheFileAreSentOnceAndADamagedLineIsSkipped(@TempDir Path dir) throws Exception {
        List<String> fetched = new CopyOnWriteArrayList<>();
        HttpServer server = api(() -> 104, HackerNewsItemsTest::stored, fetched);
        MovableClock clock = new MovableClock(java.time.Instant.parse("2026-11-20T12:00:00Z"));
        try {
            Path cursorFile = dir.resolve("hn.cursor");
            new Cursor(cursorFile).set("100");
            long due = clock.instant().toEpochMilli();
            new Cursor(dir.resolve("hn.cursor.held")).set("102 " + due + " 1\nnot a line\n103 " + due + " 0\n");
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            lumoraItems(server, new Cursor(cursorFile), sink, problems, new Poller(null, Clock.systemUTC(), d -> { }), clock).pollOnce();
            assertEquals(List.of("hackernews:101", "hackernews:102"), sink.ids(), "each once");
            assertEquals(List.of("hackernews: a line of the held-back items' file, 'not a line', is not an id, a time and a wait;"
                    + " skipped"), problems);
            assertEquals(null, new Cursor(dir.resolve("hn.cursor.held")).get(), "102 sent and 103 read by the pass: none held");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A reply to 101 of an account with a delay, as the API serves it until the delay is over: its
     * text {@code [delayed]}, written ten seconds after 102 for each id past it.
     */
    private static byte[] delayedReply(String by, int id) {
        return ("{\"by\": \"" + by + "\", \"id\": " + id + ", \"parent\": 101, \"text\": \"[delayed]\", \"time\": "
                + (1763640060 + 10 * (id - 102)) + ", \"type\": \"comment\"}").getBytes(StandardCharsets.UTF_8);
    }
}
