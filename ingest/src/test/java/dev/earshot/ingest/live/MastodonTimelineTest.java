package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** Answers 200 with a JSON body. */
    static void json(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws java.io.IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void pollsFromTheCursorHonoursRateLimitsAndResumesAfterDropsAndRestarts(@TempDir Path dir) throws Exception {
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
            if (!query.contains("min_id")) {
                body = page1;
                exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
                exchange.getResponseHeaders().set("X-RateLimit-Reset", "2026-11-20T12:00:30.000Z");
            } else if (query.contains("min_id=113000000000000003")) {
                body = page2;
            } else {
                body = "[]".getBytes(StandardCharsets.UTF_8);
            }
            json(exchange, body);
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
            MastodonTimeline timeline = lumora(instance, null, new Cursor(cursorFile), sink, problems::add, poller);

            assertEquals(3, timeline.pollOnce());
            assertEquals(List.of(Duration.ofSeconds(30)), waits, "waits for the rate-limit reset when none remain");
            assertEquals(3, timeline.pollOnce(), "dropped connection and 429 retried, then the next page");

            // A restart: a new connector on the same cursor file asks only for what is newer.
            MastodonTimeline restarted = lumora(instance, null, new Cursor(cursorFile), sink, problems::add, poller);
            assertEquals(0, restarted.pollOnce());
            assertTrue(queries.get(queries.size() - 1).contains("min_id=113000000000000006"), queries.toString());
            assertTrue(waits.contains(Duration.ofSeconds(7)), "Retry-After honoured: " + waits);

            assertEquals(List.of("mastodon:https://social.example/users/u1/statuses/1",
                    "mastodon:https://social.example/users/u2/statuses/2", "mastodon:https://social.example/users/u3/statuses/3",
                    "mastodon:https://social.example/users/u5/statuses/5", "mastodon:https://social.example/users/u6/statuses/6"),
                    sink.ids(), "status 4 is not about a tracked brand; ids by the status's uri, the same on every instance");
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

    /**
     * A status of the instance's own account, behind a content warning that names the brand, linking a
     * video channel, an account and a hashtag: the handle gets the instance's host, the warning is in
     * the text, and only the channel is a link.
     */
    @Test
    void aLocalAccountsHandleGetsItsHostAndAContentWarningCountsAsText() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode status = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("id", "113000000000000042").put("uri", "https://social.example/users/alice/statuses/42")
                .put("created_at", "2026-11-20T10:00:00.000Z").put("spoiler_text", "Lumora battery rant")
                .put("content", "<p>It died again. See <a href=\"https://youtube.com/@lumora/videos\">their channel</a>, "
                        + "<span class=\"h-card\"><a href=\"https://other.example/users/bob\" class=\"u-url mention\">@<span>bob</span></a></span> "
                        + "<a href=\"https://social.example/tags/fail\" class=\"mention hashtag\" rel=\"tag\">#<span>fail</span></a></p>")
                .put("url", "https://social.example/@alice/42");
        status.putObject("account").put("acct", "alice").put("followers_count", 10);
        MastodonTimeline timeline = offline(Clock.systemUTC());
        String text = MastodonTimeline.text(status);
        assertEquals("Lumora battery rant\n\nIt died again. See their channel, @bob #fail", text);
        Mention m = timeline.toMention(status, text);
        assertEquals("mastodon:https://social.example/users/alice/statuses/42", m.id());
        assertEquals("@alice@social.example", m.author().handle());
        assertEquals(List.of("https://youtube.com/@lumora/videos"), m.links());
        status.put("uri", "https://blog.example/" + "a".repeat(600));
        assertEquals("mastodon:social.example:113000000000000042", timeline.toMention(status, text).id(),
                "a uri too long for an id: the instance's id instead, the status kept");
    }

    /**
     * A remote server dates its statuses as its clock, or its owner, likes: a date ahead of this clock
     * by more than clocks differ, before 1990 or no date at all takes the time the status was seen. A
     * status dated a day ahead moved the streams app's event time on; one past the codec's bounds was
     * refused and lost.
     */
    @Test
    void aStatusDatedAheadOfThisClockOrLongAgoTakesTheTimeItWasSeen() throws Exception {
        Clock clock = Clock.fixed(java.time.Instant.parse("2026-11-20T10:05:00Z"), java.time.ZoneOffset.UTC);
        MastodonTimeline timeline = offline(clock);
        com.fasterxml.jackson.databind.node.ObjectNode status = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("id", "113000000000000042").put("uri", "https://social.example/users/alice/statuses/42")
                .put("content", "<p>Lumora</p>");
        status.putObject("account").put("acct", "alice");
        for (String[] dated : new String[][]{{"2026-11-20T10:00:00.000Z", "2026-11-20T10:00:00Z"},
                {"2026-11-20T10:14:00Z", "2026-11-20T10:14:00Z"}, // clocks differ: within ten minutes
                {"2026-11-21T10:00:00Z", "2026-11-20T10:05:00Z"}, {"2099-01-01T00:00:00Z", "2026-11-20T10:05:00Z"},
                {"1970-01-01T00:00:00Z", "2026-11-20T10:05:00Z"}, {"yesterday", "2026-11-20T10:05:00Z"}}) {
            status.put("created_at", dated[0]);
            assertEquals(java.time.Instant.parse(dated[1]), timeline.toMention(status, "Lumora").createdAt(), dated[0]);
        }
        status.remove("created_at");
        assertEquals(clock.instant(), timeline.toMention(status, "Lumora").createdAt(), "no date");
    }

    @Test
    void aStreamingLineLongerThanTheCapIsDroppedAndTheNextLineRead() throws Exception {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.StringReader(
                "event: update\r\n" + "x".repeat(100) + "\nshort\rlast"));
        assertEquals("event: update", MastodonTimeline.readLine(in, 50));
        assertTrue(MastodonTimeline.TOO_LONG == MastodonTimeline.readLine(in, 50), "over the cap");
        assertEquals("short", MastodonTimeline.readLine(in, 50));
        assertEquals("last", MastodonTimeline.readLine(in, 50));
        assertEquals(null, MastodonTimeline.readLine(in, 50));
    }

    /**
     * A timeline of the instance for mentions tagged {@code #lumora}, with no token: the public timeline,
     * or the hashtag's when one is given.
     */
    private static MastodonTimeline lumora(URI instance, String hashtag, Cursor cursor, MentionSink sink,
                                           java.util.function.Consumer<String> problems, Poller poller) {
        return new MastodonTimeline(instance, hashtag, new BrandFilter(List.of("#lumora")), cursor, sink, problems,
                MentionCodec.strict(), Duration.ZERO, poller, null);
    }

    /** The same for a test server on this host. */
    private static MastodonTimeline lumora(HttpServer server, String hashtag, Cursor cursor, MentionSink sink,
                                           java.util.function.Consumer<String> problems, Poller poller) {
        return lumora(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), hashtag, cursor, sink, problems, poller);
    }

    /** A timeline never polled, for reading statuses into mentions, on this clock. */
    private static MastodonTimeline offline(Clock clock) throws java.io.IOException {
        return new MastodonTimeline(URI.create("https://social.example"), null, BrandFilter.all(),
                new Cursor(java.nio.file.Files.createTempFile("cursor", "")), new RecordingSink(), p -> { }, MentionCodec.strict(),
                Duration.ZERO, new Poller(null, clock, d -> { }), null);
    }

    private static String status(long id) {
        return "{\"id\": \"" + id + "\", \"created_at\": \"2026-11-20T10:00:00.000Z\", \"visibility\": \"public\","
                + " \"language\": \"en\", \"url\": \"https://social.example/@u/" + id + "\", \"replies_count\": 0,"
                + " \"reblogs_count\": 0, \"favourites_count\": 0, \"content\": \"<p>#lumora number " + id + "</p>\","
                + " \"account\": {\"id\": \"1\", \"username\": \"u\", \"acct\": \"u@social.example\","
                + " \"followers_count\": 10}, \"media_attachments\": [], \"tags\": [], \"card\": null}";
    }

    /**
     * 100 statuses since the cursor in one interval, as a busy instance has: a server that answers
     * as Mastodon does (min_id: the 40 right after it; since_id: the newest 40; each page newest
     * first). Every one is read, in order, none twice.
     */
    @Test
    void aTimelineBusierThanAPageIsReadThroughNotSkipped(@TempDir Path dir) throws Exception {
        long cursorId = 200_000_000_000_000_000L;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/public", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            java.util.regex.Matcher min = java.util.regex.Pattern.compile("min_id=(\\d+)").matcher(query);
            java.util.regex.Matcher since = java.util.regex.Pattern.compile("since_id=(\\d+)").matcher(query);
            long newest = cursorId + 100;
            java.util.List<Long> ids = new java.util.ArrayList<>();
            if (min.find()) {
                for (long id = Long.parseLong(min.group(1)) + 1; id <= newest && ids.size() < 40; id++) {
                    ids.add(0, id);
                }
            } else {
                long from = since.find() ? Long.parseLong(since.group(1)) : 0;
                for (long id = newest; id > from && ids.size() < 40; id--) {
                    ids.add(id);
                }
            }
            json(exchange, ("[" + String.join(",", ids.stream().map(MastodonTimelineTest::status).toList()) + "]")
                    .getBytes(StandardCharsets.UTF_8));
        });
        server.start();
        try {
            Path cursorFile = java.nio.file.Files.writeString(dir.resolve("mastodon.cursor"), Long.toString(cursorId));
            RecordingSink sink = new RecordingSink();
            MastodonTimeline timeline = lumora(server, null, new Cursor(cursorFile), sink, s -> { },
                    new Poller(null, Clock.systemUTC(), d -> { }));
            assertEquals(100, timeline.pollOnce());
            List<String> expected = new java.util.ArrayList<>();
            for (long id = cursorId + 1; id <= cursorId + 100; id++) {
                expected.add("mastodon:127.0.0.1:" + id);
            }
            assertEquals(expected, sink.ids());
            assertEquals(Long.toString(cursorId + 100), new Cursor(cursorFile).get());
            assertEquals(0, timeline.pollOnce(), "caught up");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A page over the body cap is asked for again with fewer statuses, and a status too large by
     * itself is skipped by the id the server's Link header names: asked for again as it was, the page
     * would be refused for ever and the feed stay where it is. A server that names no id leaves the
     * feed at that status, with the reason.
     */
    @Test
    void aPageTooLargeIsReadInSmallerPagesAndAStatusTooLargeIsSkipped(@TempDir Path dir) throws Exception {
        long cursorId = 300_000_000_000_000_000L;
        long huge = cursorId + 7;
        boolean[] links = {true};
        List<String> queries = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/public", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            queries.add(query);
            java.util.regex.Matcher min = java.util.regex.Pattern.compile("min_id=(\\d+)").matcher(query);
            java.util.regex.Matcher limit = java.util.regex.Pattern.compile("limit=(\\d+)").matcher(query);
            assertTrue(min.find() && limit.find(), query);
            List<String> page = new java.util.ArrayList<>();
            long newestInPage = 0;
            for (long id = Long.parseLong(min.group(1)) + 1; id <= cursorId + 30 && page.size() < Integer.parseInt(limit.group(1)); id++) {
                String status = status(id);
                page.add(0, id == huge ? status.replace("number", "number " + "x".repeat(30_000)) : status);
                newestInPage = id;
            }
            if (links[0] && newestInPage > 0) {
                // As Mastodon sends it, with a part of another relation after it that must not be read.
                exchange.getResponseHeaders().add("Link", "<http://127.0.0.1/api/v1/timelines/public?limit=1&max_id="
                        + newestInPage + ">; rel=\"next\", <http://127.0.0.1/api/v1/timelines/public?limit=1&min_id="
                        + newestInPage + ">; rel=\"prev\", <http://127.0.0.1/x?min_id=" + (newestInPage + 100) + ">; rel=\"preview\"");
            }
            json(exchange, ("[" + String.join(",", page) + "]").getBytes(StandardCharsets.UTF_8));
        });
        server.start();
        try {
            for (boolean withLinks : new boolean[] {true, false}) {
                links[0] = withLinks;
                Path cursorFile = java.nio.file.Files.writeString(dir.resolve("mastodon-" + withLinks + ".cursor"),
                        Long.toString(cursorId));
                RecordingSink sink = new RecordingSink();
                List<String> problems = new CopyOnWriteArrayList<>();
                MovableClock clock = new MovableClock(Instant.parse("2026-11-20T12:00:00Z"));
                MastodonTimeline timeline = lumora(server, null, new Cursor(cursorFile), sink, problems::add,
                        new Poller(null, clock, d -> { }, 20_000));
                List<String> expected = new java.util.ArrayList<>();
                for (long id = cursorId + 1; id <= (withLinks ? cursorId + 30 : huge - 1); id++) {
                    if (id != huge) {
                        expected.add("mastodon:127.0.0.1:" + id);
                    }
                }
                if (withLinks) {
                    assertEquals(29, timeline.pollOnce());
                    assertEquals(expected, sink.ids());
                    assertEquals(Long.toString(cursorId + 30), new Cursor(cursorFile).get());
                    assertEquals(List.of("mastodon: status " + huge + " skipped: it is too large to read (response body over"
                            + " 20000 bytes refused)"), problems.stream().filter(p -> p.contains("status")).toList());
                    assertEquals(1, timeline.stats().rejected());
                } else {
                    java.io.IOException stuck = assertThrows(java.io.IOException.class, timeline::pollOnce);
                    assertTrue(stuck.getMessage().contains("the status after " + (huge - 1) + " is too large to read"),
                            stuck.getMessage());
                    assertEquals(expected, sink.ids(), "what came before it is sent");
                    assertEquals(Long.toString(huge - 1), new Cursor(cursorFile).get());
                    // Each asking reads up to the body cap: not asked again for ten minutes, then for it alone.
                    queries.clear();
                    clock.advance(Duration.ofMinutes(9));
                    assertEquals(0, timeline.pollOnce());
                    assertEquals(List.of(), queries, "not asked again before ten minutes");
                    clock.advance(Duration.ofMinutes(1));
                    assertThrows(java.io.IOException.class, timeline::pollOnce);
                    assertEquals(List.of("limit=1&min_id=" + (huge - 1)), queries, "asked again for it alone");
                    assertEquals(expected, sink.ids());
                }
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * A status from another server arrives after a poll has read past the time it was written: its
     * id, from that time, lies behind the cursor. Each poll looks back (10 minutes here) below the
     * newest id and sends it; without a lookback it is never sent. The server answers min_id, since_id
     * and max_id as Mastodon does, and its ids are Mastodon's snowflakes (milliseconds shifted 16 bits).
     */
    @Test
    void aStatusThatCameLateFromAnotherServerIsFoundByTheLookback(@TempDir Path dir) throws Exception {
        Instant start = Instant.parse("2026-11-20T12:00:00Z");
        java.util.NavigableSet<Long> timeline = new java.util.concurrent.ConcurrentSkipListSet<>();
        java.util.function.LongUnaryOperator at = ms -> ms << 16;
        long a = at.applyAsLong(start.minusSeconds(60).toEpochMilli());
        long b = at.applyAsLong(start.minusSeconds(30).toEpochMilli());
        long late = at.applyAsLong(start.minusSeconds(45).toEpochMilli()) + 7;
        long c = at.applyAsLong(start.plusSeconds(5).toEpochMilli());
        HttpServer server = tagTimeline(timeline);
        server.start();
        try {
            for (Duration lookback : List.of(Duration.ofMinutes(10), Duration.ZERO)) {
                timeline.clear();
                timeline.addAll(List.of(a, b));
                MovableClock clock = new MovableClock(start);
                RecordingSink sink = new RecordingSink();
                MastodonTimeline feed = lumora(server, "lumora", new Cursor(dir.resolve("cursor-" + lookback.toMinutes())), sink,
                        s -> { }, new Poller(null, clock, d -> { })).withLookback(lookback);
                assertEquals(2, feed.pollOnce());
                timeline.add(late); // written 45 s before the start, delivered after the first poll
                timeline.add(c);
                clock.advance(Duration.ofSeconds(10));
                assertEquals(1, feed.pollOnce(), "the lookback is read again a fifth of its span on, not at every poll");
                clock.advance(Duration.ofMinutes(2));
                assertEquals(lookback.isZero() ? 0 : 1, feed.pollOnce());
                clock.advance(Duration.ofMinutes(2));
                assertEquals(0, feed.pollOnce(), "nothing sent twice");
                List<String> expected = new java.util.ArrayList<>(List.of(a, b, c).stream().map(id -> "mastodon:127.0.0.1:" + id).toList());
                if (!lookback.isZero()) {
                    expected.add("mastodon:127.0.0.1:" + late);
                }
                assertEquals(expected, sink.ids(), "lookback " + lookback);
                assertEquals(Long.toString(c), new Cursor(dir.resolve("cursor-" + lookback.toMinutes())).get(),
                        "the cursor stays at the newest id");
            }
        } finally {
            server.stop(0);
        }
    }

    /** A poll's lookback reads 200 statuses at most, newest first, and says once that the minutes held more. */
    @Test
    void aLookbackReadsAtMostItsPagesAndSaysSo(@TempDir Path dir) throws Exception {
        Instant start = Instant.parse("2026-11-20T12:00:00Z");
        java.util.NavigableSet<Long> timeline = new java.util.concurrent.ConcurrentSkipListSet<>();
        for (int i = 1; i <= 300; i++) {
            timeline.add(start.minusSeconds(i).toEpochMilli() << 16);
        }
        HttpServer server = tagTimeline(timeline);
        server.start();
        MovableClock clock = new MovableClock(start);
        try {
            List<String> problems = new CopyOnWriteArrayList<>();
            RecordingSink sink = new RecordingSink();
            MastodonTimeline feed = lumora(server, "lumora", new Cursor(dir.resolve("cursor")), sink, problems::add,
                    new Poller(null, clock, d -> { })).withLookback(Duration.ofMinutes(10));
            // The newest page (40), then the lookback's five pages below the newest: 2nd to 41st, 42nd to 201st.
            assertEquals(40 + 1 + 160, feed.pollOnce());
            assertEquals(timeline.descendingSet().stream().limit(201).map(id -> "mastodon:127.0.0.1:" + id).sorted().toList(),
                    sink.ids().stream().sorted().toList());
            clock.advance(Duration.ofMinutes(2));
            feed.pollOnce();
            assertEquals(1, problems.stream().filter(p -> p.contains("hold more than 200 statuses")).count(), problems.toString());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A lookback page the feed cannot read (over the body cap) ends the lookback, told, not the poll;
     * and a server that ignores max_id, answering the lookback with a status newer than the cursor,
     * does not move the cursor past what the forward poll has not read.
     */
    @Test
    void aLookbackThatFailsOrIsAnsweredWrongLeavesThePollAndTheCursorAlone(@TempDir Path dir) throws Exception {
        Instant start = Instant.parse("2026-11-20T12:00:00Z");
        long cursorId = start.minusSeconds(10).toEpochMilli() << 16;
        boolean[] tooLarge = {true};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/tag/lumora", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String body = query.contains("min_id") ? "[]" // caught up
                    : tooLarge[0] ? "[" + status(cursorId - 5).replace("number", "x".repeat(5_000)) + "]"
                    : "[" + status(cursorId + 5) + "," + status(cursorId - 5) + "]"; // max_id ignored
            json(exchange, body.getBytes(StandardCharsets.UTF_8));
        });
        server.start();
        try {
            for (boolean large : new boolean[] {true, false}) {
                tooLarge[0] = large;
                Path cursorFile = java.nio.file.Files.writeString(dir.resolve("cursor-" + large), Long.toString(cursorId));
                List<String> problems = new CopyOnWriteArrayList<>();
                RecordingSink sink = new RecordingSink();
                MastodonTimeline feed = lumora(server, "lumora", new Cursor(cursorFile), sink, problems::add,
                        new Poller(null, new MovableClock(start), d -> { }, 4_000)).withLookback(Duration.ofMinutes(10));
                if (large) {
                    assertEquals(0, feed.pollOnce());
                    assertTrue(problems.stream().anyMatch(p -> p.contains("the lookback's page below " + cursorId
                            + " could not be read (response body over 4000 bytes refused)")), problems.toString());
                } else {
                    assertEquals(1, feed.pollOnce());
                    assertEquals(List.of("mastodon:127.0.0.1:" + (cursorId - 5)), sink.ids());
                }
                assertEquals(Long.toString(cursorId), new Cursor(cursorFile).get());
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * A hashtag timeline that answers min_id, since_id and max_id as Mastodon does: with min_id the
     * oldest statuses after it, otherwise the newest below max_id; a page newest first either way.
     */
    private static HttpServer tagTimeline(java.util.NavigableSet<Long> timeline) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/tag/lumora", exchange -> {
            java.util.Map<String, Long> q = new java.util.HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                String[] kv = pair.split("=");
                q.put(kv[0], Long.parseLong(kv[1]));
            }
            java.util.NavigableSet<Long> range = timeline.subSet(Math.max(q.getOrDefault("min_id", -1L), q.getOrDefault("since_id", -1L)),
                    false, q.getOrDefault("max_id", Long.MAX_VALUE), false);
            List<Long> page = new java.util.ArrayList<>();
            for (long id : q.containsKey("min_id") ? range : range.descendingSet()) {
                if (page.size() == q.get("limit")) {
                    break;
                }
                page.add(id);
            }
            page.sort(java.util.Comparator.reverseOrder());
            json(exchange, ("[" + String.join(",", page.stream().map(MastodonTimelineTest::status).toList()) + "]")
                    .getBytes(StandardCharsets.UTF_8));
        });
        return server;
    }
}
