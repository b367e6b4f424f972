package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlueskyJetstreamTest {
    static List<String> recordedEvents() throws Exception {
        try (InputStream in = BlueskyJetstreamTest.class.getResourceAsStream("/live/jetstream-events.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void resumesFromItsCursorAfterADroppedConnectionWithoutGapsOrDuplicates(@TempDir Path dir) throws Exception {
        List<String> events = recordedEvents();
        // First connection: events 1-5 but the fourth, which was still in flight, and a malformed
        // frame, then the connection drops (the client may not have handled them all by then). Second:
        // like Jetstream, the server replays from the cursor it is given, that event included; the
        // client asks from a few seconds before its cursor, so it must skip what it already handled
        // and gets the fourth.
        try (WebSocketReplayServer server = new WebSocketReplayServer(path -> {
            if (!path.contains("cursor=")) {
                List<String> frames = new ArrayList<>(events.subList(0, 5));
                frames.remove(3);
                frames.add(2, "{\"did\": \"did:plc:x\", \"time_us\": ");
                return new WebSocketReplayServer.Script(frames, true);
            }
            long cursor = Long.parseLong(path.substring(path.indexOf("cursor=") + 7));
            return new WebSocketReplayServer.Script(events.stream()
                    .filter(e -> Long.parseLong(e.replaceAll(".*\"time_us\": (\\d+).*", "$1")) >= cursor).toList(), false);
        })) {
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            Cursor cursor = new Cursor(dir.resolve("jetstream.cursor"));
            BlueskyJetstream jetstream = new BlueskyJetstream(URI.create(server.url()), new BrandFilter(List.of("lumora")),
                    cursor, sink, problems::add, MentionCodec.strict(), java.time.Duration.ofSeconds(2), java.time.Clock.systemUTC());
            Thread runner = RunningFeed.start(jetstream::run);
            RunningFeed.awaitUntil(() -> sink.mentions.size() >= 9, 20);
            Thread.sleep(300); // anything late would be a duplicate
            jetstream.close();
            runner.join(5_000);

            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                if (i != 7) {
                    expected.add("bluesky:did:plc:user" + i + "/3kq" + i);
                }
            }
            assertEquals(expected.size(), sink.ids().size(), "each post once: " + sink.ids());
            assertEquals(expected.stream().sorted().toList(), sink.ids().stream().sorted().toList(), "none missing");
            assertTrue(server.requestPaths.get(1).matches(".*&cursor=176363999700000[1-5]"), server.requestPaths.toString());
            assertTrue(jetstream.stats().reconnects() >= 1);
            assertEquals(1, jetstream.stats().filtered());
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("jetstream: malformed frame skipped")), problems.toString());
            assertEquals("1763640000000010", cursor.get());

            Mention third = sink.mentions.get(2);
            assertEquals(Instant.parse("2026-11-20T10:00:03Z"), third.createdAt());
            assertEquals(List.of("https://lumora.com/blog/x"), third.links());
            assertEquals("https://bsky.app/profile/did:plc:user3/post/3kq3", third.url());
            assertEquals(List.of("https://lumora.com/shop"), sink.mentions.stream()
                    .filter(m -> m.id().equals("bluesky:did:plc:user4/3kq4")).findFirst().orElseThrow().links());
            assertEquals("en", third.lang());
        }
    }

    @Test
    void aRestartResumesFromTheSavedCursor(@TempDir Path dir) throws Exception {
        Cursor saved = new Cursor(dir.resolve("c"));
        saved.set("1763640000000008");
        BlueskyJetstream jetstream = new BlueskyJetstream(URI.create("ws://127.0.0.1:1/subscribe"), BrandFilter.all(),
                new Cursor(dir.resolve("c")), new RecordingSink(), p -> { }, MentionCodec.strict());
        assertEquals("ws://127.0.0.1:1/subscribe?wantedCollections=app.bsky.feed.post&cursor=1763639997000008",
                jetstream.subscribeUri().toString());
    }

    @Test
    void anEventDatedFarAheadIsSkippedAndNeverBecomesTheCursor(@TempDir Path dir) throws Exception {
        java.time.Instant now = java.time.Instant.parse("2026-11-20T10:00:00Z");
        List<String> problems = new java.util.ArrayList<>();
        RecordingSink sink = new RecordingSink();
        BlueskyJetstream jetstream = offline(dir, sink, problems::add, now);
        long nowUs = now.toEpochMilli() * 1000;
        jetstream.handle(event(nowUs + 3_600_000_000L, "far ahead"));
        assertEquals(0, sink.mentions.size());
        assertTrue(problems.get(0).contains("3600 s ahead"), problems.toString());
        jetstream.handle(event(nowUs - 1_000_000, "on time"));
        assertEquals(1, sink.mentions.size());
        assertTrue(jetstream.subscribeUri().toString().endsWith("&cursor=" + (nowUs - 1_000_000 - BlueskyJetstream.REWIND_US)), jetstream.subscribeUri().toString());
    }

    /** A feed that never connects, handed events by the test, its clock at {@code now}. */
    private static BlueskyJetstream offline(Path dir, RecordingSink sink, java.util.function.Consumer<String> problems,
                                            java.time.Instant now) {
        return new BlueskyJetstream(URI.create("ws://127.0.0.1:1/subscribe"), BrandFilter.all(), new Cursor(dir.resolve("c")), sink,
                problems, MentionCodec.strict(), java.time.Duration.ofSeconds(60), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
    }

    private static String event(long timeUs, String text) {
        return event(timeUs, text, "r" + timeUs);
    }

    private static String event(long timeUs, String text, String rkey) {
        return event("did:plc:abc", timeUs, text, rkey);
    }

    private static String event(String did, long timeUs, String text, String rkey) {
        return "{\"did\":\"" + did + "\",\"time_us\":" + timeUs + ",\"kind\":\"commit\",\"commit\":{\"collection\":"
                + "\"app.bsky.feed.post\",\"operation\":\"create\",\"rkey\":\"" + rkey + "\",\"record\":{\"text\":\""
                + text + "\",\"createdAt\":\"2026-11-20T09:59:59Z\"}}}";
    }

    /**
     * Jetstream gives every post of one repository commit the same time_us and replays from a cursor
     * inclusively: each post of a commit is sent, and none again when the replay brings them back.
     */
    @Test
    void postsSharingATimeAreEachSentOnceAndAReplayFromTheirTimeSendsNoneAgain(@TempDir Path dir) {
        java.time.Instant now = java.time.Instant.parse("2026-11-20T10:00:00Z");
        long t = now.toEpochMilli() * 1000 - 5_000_000;
        RecordingSink sink = new RecordingSink();
        BlueskyJetstream jetstream = offline(dir, sink, p -> { }, now);
        jetstream.handle(event(t - 1, "before", "r0"));
        jetstream.handle(event(t, "the first post of a thread", "r1"));
        jetstream.handle(event(t, "its second, in the same commit", "r2"));
        assertEquals(List.of("bluesky:did:plc:abc/r0", "bluesky:did:plc:abc/r1", "bluesky:did:plc:abc/r2"), sink.ids());
        assertTrue(jetstream.subscribeUri().toString().endsWith("&cursor=" + (t - BlueskyJetstream.REWIND_US)), jetstream.subscribeUri().toString());
        // The connection drops; the replay from the cursor starts with the posts at its time.
        jetstream.handle(event(t, "the first post of a thread", "r1"));
        jetstream.handle(event(t, "its second, in the same commit", "r2"));
        jetstream.handle(event(t, "a third post of that commit the first connection missed", "r3"));
        jetstream.handle(event(t + 1, "after", "r4"));
        assertEquals(List.of("bluesky:did:plc:abc/r0", "bluesky:did:plc:abc/r1", "bluesky:did:plc:abc/r2",
                "bluesky:did:plc:abc/r3", "bluesky:did:plc:abc/r4"), sink.ids());
    }

    /**
     * An event that comes after later ones (out of order) is sent, not taken for a replay, and the
     * cursor stays at the latest time; the same post coming again is not sent twice.
     */
    @Test
    void anEventBehindTheCursorThatWasNotHandledIsSent(@TempDir Path dir) {
        java.time.Instant now = java.time.Instant.parse("2026-11-20T10:00:00Z");
        long t = now.toEpochMilli() * 1000 - 5_000_000;
        RecordingSink sink = new RecordingSink();
        BlueskyJetstream jetstream = offline(dir, sink, p -> { }, now);
        jetstream.handle(event(t, "first", "r1"));
        jetstream.handle(event(t + 5, "third", "r3"));
        jetstream.handle(event(t + 2, "second, out of order", "r2"));
        jetstream.handle(event(t + 2, "second, out of order", "r2"));
        jetstream.handle(event(t, "first", "r1"));
        jetstream.handle(event(t + 9, "first, as another instance's replay times it", "r1"));
        assertEquals(List.of("bluesky:did:plc:abc/r1", "bluesky:did:plc:abc/r3", "bluesky:did:plc:abc/r2"), sink.ids());
        assertTrue(jetstream.subscribeUri().toString().endsWith("&cursor=" + (t + 5 - BlueskyJetstream.REWIND_US)),
                jetstream.subscribeUri().toString());
    }

    /**
     * Jetstream carries no handles or followers: each author's come from the AppView's profile, asked
     * once an hour; an account it has no profile for (its 400) keeps its DID and no followers and is
     * not asked again for five minutes; a 429 pauses every lookup for as long as it asks, and any other
     * failure on a backoff, each told once a run, and the answering again once.
     */
    @Test
    void eachAuthorsHandleAndFollowersComeFromTheirProfile(@TempDir Path dir) throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer api = profileApi(asked, actor -> switch (actor) {
            case "did:plc:abc", "did:plc:new" -> 200;
            case "did:plc:busy" -> 429;
            case "did:plc:down" -> 500;
            default -> 400;
        }, null);
        try {
            java.time.Instant now = java.time.Instant.parse("2026-11-20T10:00:00Z");
            long t = now.toEpochMilli() * 1000 - 5_000_000;
            MovableClock clock = new MovableClock(now);
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            BlueskyJetstream jetstream = offline(dir, sink, problems::add, now)
                    .withProfiles(URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/"), clock, java.time.Duration.ofSeconds(10));
            jetstream.handle(event("did:plc:abc", t, "first", "r1"));
            jetstream.handle(event("did:plc:abc", t + 1, "second", "r2"));
            jetstream.handle(event("did:plc:gone", t + 2, "third", "r3"));
            jetstream.handle(event("did:plc:gone", t + 3, "fourth", "r4"));
            assertEquals(List.of("did:plc:abc", "did:plc:gone"), asked, "each asked once");
            assertEquals(List.of("@did:plc:abc.example", "@did:plc:abc.example", "did:plc:gone", "did:plc:gone"),
                    sink.mentions.stream().map(m -> m.author().handle()).toList());
            assertEquals(List.of(120_000L, 120_000L, 0L, 0L), sink.mentions.stream().map(m -> m.author().followers()).toList());
            assertEquals(List.of(), problems, "no profile is an answer, not a failure");

            clock.advance(java.time.Duration.ofMinutes(61));
            jetstream.handle(event("did:plc:abc", t + 4, "an hour on", "r5"));
            assertEquals(List.of("did:plc:abc", "did:plc:gone", "did:plc:abc"), asked, "asked again an hour on");

            jetstream.handle(event("did:plc:busy", t + 5, "rate limited", "r6"));
            jetstream.handle(event("did:plc:gone", t + 6, "while paused", "r7"));
            assertEquals(List.of("did:plc:abc", "did:plc:gone", "did:plc:abc", "did:plc:busy"), asked, "none asked while paused");
            assertEquals(7, sink.mentions.size(), "every post sent");
            assertEquals(0, sink.mentions.get(5).author().followers());
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("asked to wait 30 s (429)"), problems.toString());

            clock.advance(java.time.Duration.ofSeconds(31));
            jetstream.handle(event("did:plc:down", t + 7, "failing", "r8"));
            jetstream.handle(event("did:plc:new", t + 8, "while paused on the backoff", "r9"));
            assertEquals("did:plc:down", asked.get(asked.size() - 1), "not asked while paused on the backoff");
            clock.advance(java.time.Duration.ofSeconds(61));
            jetstream.handle(event("did:plc:new", t + 9, "after it", "r10"));
            assertEquals("@did:plc:new.example", sink.mentions.get(9).author().handle());
            assertEquals(2, problems.size(), "a run of failures is told once: " + problems);
            assertTrue(problems.get(1).contains("answer again, after 2 failed lookups"), problems.toString());
            jetstream.close();
        } finally {
            api.stop(0);
        }
    }

    /**
     * A post waits for its author's profile only so long: the Jetstream listener reads nothing while
     * it waits, not even the server's pings. It is sent with the DID, and the author's next post, once
     * the lookup has come back, with the profile.
     */
    @Test
    void aSlowProfileDoesNotHoldThePostUp(@TempDir Path dir) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer api = profileApi(new CopyOnWriteArrayList<>(), actor -> 200, release);
        try {
            java.time.Instant now = java.time.Instant.parse("2026-11-20T10:00:00Z");
            long t = now.toEpochMilli() * 1000 - 5_000_000;
            RecordingSink sink = new RecordingSink();
            BlueskyJetstream jetstream = offline(dir, sink, p -> { }, now).withProfiles(
                    URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/"), new MovableClock(now),
                    java.time.Duration.ofSeconds(1));
            long started = System.nanoTime();
            jetstream.handle(event("did:plc:slow", t, "first", "r1"));
            assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(4), "held up by the lookup");
            assertEquals("did:plc:slow", sink.mentions.get(0).author().handle());
            release.countDown();
            // The lookup comes back within the wait, on a loaded machine perhaps only after a few posts more.
            for (int i = 2; i < 20 && !sink.mentions.get(sink.mentions.size() - 1).author().handle().startsWith("@"); i++) {
                jetstream.handle(event("did:plc:slow", t + i, "later", "r" + i));
            }
            assertEquals("@did:plc:slow.example", sink.mentions.get(sink.mentions.size() - 1).author().handle());
            jetstream.close();
        } finally {
            release.countDown();
            api.stop(0);
        }
    }

    /**
     * A lookup queued behind one that fails is not asked once the failure has paused them: the pause
     * holds for what was queued before it began, not only for what comes after.
     */
    @Test
    void aLookupQueuedBehindAFailureIsNotAskedDuringItsPause(@TempDir Path dir) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> asked = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer api = profileApi(asked, actor -> actor.equals("did:plc:slow") ? 500 : 200, release);
        try {
            java.time.Instant now = java.time.Instant.parse("2026-11-20T10:00:00Z");
            long t = now.toEpochMilli() * 1000 - 5_000_000;
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            BlueskyJetstream jetstream = offline(dir, sink, problems::add, now).withProfiles(
                    URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/"), new MovableClock(now),
                    java.time.Duration.ofMillis(200));
            jetstream.handle(event("did:plc:slow", t, "first", "r1"));
            jetstream.handle(event("did:plc:queued", t + 1, "second", "r2"));
            release.countDown();
            RunningFeed.awaitUntil(() -> !problems.isEmpty(), 10);
            Thread.sleep(500); // the queued lookup's turn
            assertEquals(List.of("did:plc:slow"), asked, "the queued lookup was not asked during the pause");
            assertEquals(List.of("did:plc:slow", "did:plc:queued"), sink.mentions.stream().map(m -> m.author().handle()).toList());
            jetstream.close();
        } finally {
            release.countDown();
            api.stop(0);
        }
    }

    /**
     * An AppView on a local port: each actor's profile (handle {@code <did>.example}, 120,000
     * followers) or an answer of the status {@code statusOf} gives it (a 429 with Retry-After 30);
     * every actor asked is noted, and with {@code release} each answer waits for it.
     */
    private static com.sun.net.httpserver.HttpServer profileApi(List<String> asked,
                                                                java.util.function.ToIntFunction<String> statusOf,
                                                                java.util.concurrent.CountDownLatch release) throws Exception {
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        api.createContext("/xrpc/app.bsky.actor.getProfile", exchange -> {
            String actor = java.net.URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceFirst("^actor=", ""),
                    StandardCharsets.UTF_8);
            asked.add(actor);
            try {
                if (release != null) {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = statusOf.applyAsInt(actor);
            byte[] body = (status == 200 ? "{\"did\":\"" + actor + "\",\"handle\":\"" + actor + ".example\",\"followersCount\":120000}"
                    : "{\"error\":\"InvalidRequest\",\"message\":\"Profile not found\"}").getBytes(StandardCharsets.UTF_8);
            if (status == 429) {
                exchange.getResponseHeaders().set("Retry-After", "30");
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        return api;
    }

    /** An author's client dates a post; Jetstream's time_us is when the network saw it. */
    @Test
    void aPostDatedAheadOfWhenJetstreamSawItOrNotDatedTakesJetstreamsTime(@TempDir Path dir) {
        java.time.Instant now = java.time.Instant.parse("2026-11-20T10:00:00Z");
        long seenUs = now.toEpochMilli() * 1000 - 1_000_000;
        RecordingSink sink = new RecordingSink();
        BlueskyJetstream jetstream = offline(dir, sink, p -> { }, now);
        jetstream.handle(event(seenUs, "dated a day ahead", "r1").replace("2026-11-20T09:59:59Z", "2026-11-21T09:59:00Z"));
        jetstream.handle(event(seenUs + 1, "dated nonsense", "r2").replace("2026-11-20T09:59:59Z", "yesterday"));
        jetstream.handle(event(seenUs + 2, "dated a minute ahead, a clock off", "r3").replace("2026-11-20T09:59:59Z",
                "2026-11-20T10:00:59Z"));
        jetstream.handle(event(seenUs + 3, "dated as usual", "r4"));
        jetstream.handle(event(seenUs + 4, "dated by a client that lost its clock", "r5").replace("2026-11-20T09:59:59Z",
                "1970-01-01T00:00:00Z"));
        assertEquals(List.of(Instant.parse("2026-11-20T09:59:59Z"), Instant.parse("2026-11-20T09:59:59.000001Z"),
                Instant.parse("2026-11-20T10:00:59Z"), Instant.parse("2026-11-20T09:59:59Z"),
                Instant.parse("2026-11-20T09:59:59.000004Z")),
                sink.mentions.stream().map(Mention::createdAt).toList());
    }

    @Test
    void aPostWhoseBrandIsOnlyInItsLinkCardIsKept(@TempDir Path dir) {
        RecordingSink sink = new RecordingSink();
        BlueskyJetstream jetstream = new BlueskyJetstream(URI.create("ws://127.0.0.1:1/subscribe"), new BrandFilter(List.of("lumora.com")),
                new Cursor(dir.resolve("c")), sink, p -> { }, MentionCodec.strict());
        long t = System.currentTimeMillis() * 1000;
        jetstream.handle(event(t, "worth a read", "r1").replace("\"createdAt\"",
                "\"embed\":{\"external\":{\"uri\":\"https://lumora.com/blog/x\"}},\"createdAt\""));
        jetstream.handle(event(t + 1, "worth a read too", "r2").replace("\"createdAt\"",
                "\"embed\":{\"external\":{\"uri\":\"https://vantor.com/blog/y\"}},\"createdAt\""));
        assertEquals(List.of("bluesky:did:plc:abc/r1"), sink.ids());
        assertEquals(List.of("https://lumora.com/blog/x"), sink.mentions.get(0).links());
        assertEquals(1, jetstream.stats().filtered());
    }

    /**
     * Sending to Kafka (and saving the cursor) takes this side's time: a send slower than the idle
     * timeout is no silence of the server's, and no reason to reconnect.
     */
    @Test
    void aSlowSendIsNotTakenForASilentServer(@TempDir Path dir) throws Exception {
        List<String> events = recordedEvents();
        List<String> frames = new ArrayList<>(events.subList(0, 5));
        // A pause after the first event: the second is handled once the feed watches for silence.
        frames.add(1, WebSocketReplayServer.pause(500));
        try (WebSocketReplayServer server = new WebSocketReplayServer(path -> new WebSocketReplayServer.Script(frames, false))) {
            RecordingSink sink = new RecordingSink() {
                @Override
                public void accept(Mention mention) {
                    if (mentions.size() == 1) {
                        try {
                            Thread.sleep(5_000); // Kafka's send waiting on a full buffer, say
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    super.accept(mention);
                }
            };
            List<String> problems = new CopyOnWriteArrayList<>();
            BlueskyJetstream jetstream = new BlueskyJetstream(URI.create(server.url()), BrandFilter.all(),
                    new Cursor(dir.resolve("c")), sink, problems::add, MentionCodec.strict(), java.time.Duration.ofSeconds(2),
                    java.time.Clock.systemUTC());
            Thread runner = RunningFeed.start(jetstream::run);
            RunningFeed.awaitUntil(() -> sink.mentions.size() >= 5, 30);
            List<String> seen = List.copyOf(problems);
            jetstream.close();
            runner.join(10_000);
            assertTrue(seen.stream().noneMatch(p -> p.contains("no message")), seen.toString());
            assertEquals(1, server.requestPaths.size(), "one connection: " + server.requestPaths);
            assertEquals(5, sink.mentions.size(), problems.toString());
        }
    }

    /** A server that hangs up as soon as it has answered is asked again less and less often, and a stop meanwhile is at once. */
    @Test
    void aServerThatHangsUpAtOnceIsAskedAgainWithGrowingPausesAndAStopDoesNotWaitOneOut(@TempDir Path dir) throws Exception {
        try (WebSocketReplayServer server = new WebSocketReplayServer(path -> new WebSocketReplayServer.Script(List.of(), true))) {
            BlueskyJetstream jetstream = new BlueskyJetstream(URI.create(server.url()), BrandFilter.all(),
                    new Cursor(dir.resolve("c")), new RecordingSink(), p -> { }, MentionCodec.strict());
            Thread runner = RunningFeed.start(jetstream::run);
            Thread.sleep(5_000); // 1 + 2 s of pauses, then 4: three connections, not five
            int connections = server.requestPaths.size();
            long stopping = System.nanoTime();
            jetstream.close();
            runner.join(5_000);
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            assertTrue(connections >= 2 && connections <= 3, "connections in 5 s: " + connections);
            assertTrue(!runner.isAlive() && stopMillis < 1_000, "stopped in " + stopMillis + " ms");
        }
    }

    /** A post is gone once the feed moves past it: one with more links than a mention holds, or a bad tag, keeps the rest. */
    @Test
    void aPostWithTooManyLinksOrAnOverlongLanguageTagIsSentWithinTheBounds(@TempDir Path dir) {
        RecordingSink sink = new RecordingSink();
        List<String> problems = new ArrayList<>();
        BlueskyJetstream jetstream = new BlueskyJetstream(URI.create("ws://127.0.0.1:1/subscribe"), BrandFilter.all(),
                new Cursor(dir.resolve("c")), sink, problems::add, MentionCodec.strict());
        StringBuilder facets = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            facets.append(i == 0 ? "" : ",").append("{\"features\":[{\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":\"https://x.example/")
                    .append(i % 290).append(i == 1 ? "y".repeat(9_000) : "").append("\"}]}");
        }
        long t = System.currentTimeMillis() * 1000;
        jetstream.handle(event(t, "many links", "r1").replace("\"createdAt\"", "\"facets\":[" + facets + "],\"langs\":[\""
                + "x".repeat(40) + "\"],\"createdAt\""));
        assertEquals(1, sink.mentions.size(), problems.toString());
        assertEquals(256, sink.mentions.get(0).links().size(), "as many as a mention holds, each once");
        assertEquals("https://x.example/0", sink.mentions.get(0).links().get(0));
        assertEquals("https://x.example/2", sink.mentions.get(0).links().get(1), "one too long to be a link left out");
        assertEquals("", sink.mentions.get(0).lang(), "no language rather than no post");

        // 100 links of 7,000 characters would take the mention past a record's size: as many as 64 Ki characters hold.
        StringBuilder longLinks = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            longLinks.append(i == 0 ? "" : ",").append("{\"features\":[{\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":\"https://x.example/")
                    .append(i).append("/").append("z".repeat(7_000)).append("\"}]}");
        }
        jetstream.handle(event(t + 1, "long links", "r2").replace("\"createdAt\"", "\"facets\":[" + longLinks + "],\"createdAt\""));
        assertEquals(2, sink.mentions.size(), problems.toString());
        assertEquals(9, sink.mentions.get(1).links().size());

        // Control characters are written six bytes each: a text of 128 Ki of them and 64 Ki characters of
        // links would be over a record's size. The post goes without its links rather than stall the feed.
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < 8; i++) { // 8 links of 7,500 control characters: 45,000 bytes each
            links.append(i == 0 ? "" : ",").append("{\"features\":[{\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":\"https://x.example/")
                    .append(i).append("/").append("\\u0001".repeat(7_500)).append("\"}]}");
        }
        jetstream.handle(event(t + 2, "\\u0001".repeat(131_000), "r3").replace("\"createdAt\"", "\"facets\":[" + links
                + "],\"createdAt\""));
        assertEquals(3, sink.mentions.size(), problems.toString());
        assertEquals(List.of(), sink.mentions.get(2).links());
        assertTrue(MentionCodec.strict().encode(sink.mentions.get(2)).length <= MentionCodec.strict().limits().maxDocumentBytes());
    }

    @Test
    void loggedFramesShowNoControlCharacters() {
        assertEquals("bad?[2J?frame", BlueskyJetstream.abbreviate("bad\u001b[2J\nframe"));
    }

    @Test
    void aMessageOverTheCapIsDroppedWithoutLosingTheConnectionOrTheEventsAround(@TempDir Path dir) throws Exception {
        List<String> events = recordedEvents();
        String huge = "{\"did\": \"did:plc:x\", \"padding\": \"" + "x".repeat(BlueskyJetstream.MAX_MESSAGE_CHARS + 10) + "\"}";
        try (WebSocketReplayServer server = new WebSocketReplayServer(path ->
                new WebSocketReplayServer.Script(List.of(events.get(0), huge, events.get(1)), false))) {
            RecordingSink sink = new RecordingSink();
            List<String> problems = new CopyOnWriteArrayList<>();
            BlueskyJetstream jetstream = new BlueskyJetstream(URI.create(server.url()), BrandFilter.all(),
                    new Cursor(dir.resolve("c")), sink, problems::add, MentionCodec.strict(), java.time.Duration.ofSeconds(5),
                    java.time.Clock.systemUTC());
            Thread runner = RunningFeed.start(jetstream::run);
            RunningFeed.awaitUntil(() -> sink.mentions.size() >= 2, 20);
            jetstream.close();
            runner.join(5_000);
            assertEquals(2, sink.mentions.size(), "the events before and after the oversized one: " + problems);
            assertTrue(problems.contains("jetstream: a message over " + BlueskyJetstream.MAX_MESSAGE_CHARS + " characters skipped"),
                    problems.toString());
            assertEquals(1, server.requestPaths.size(), "one connection throughout: " + server.requestPaths + ", " + problems);
        }
    }
}
