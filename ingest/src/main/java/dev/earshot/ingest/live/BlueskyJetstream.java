package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bluesky posts from Jetstream, the JSON firehose of the AT Protocol, over a WebSocket.
 *
 * <p>Maps each created {@code app.bsky.feed.post} to a mention: id {@code bluesky:<did>/<rkey>},
 * the record's {@code createdAt}, text, language, link facets and external embeds as links, the
 * post's bsky.app URL, the author's handle and follower count as Bluesky's AppView gives them
 * ({@link #withProfiles}; Jetstream carries neither), or the DID and no followers without it or when
 * it gives no profile. Posts not naming a tracked brand are dropped here.
 *
 * <p>Resumes after a dropped connection or a restart from {@link #REWIND_US} before its cursor (the
 * latest {@code time_us} handled). Jetstream replays from a cursor inclusively, gives every post of
 * one repository commit the same {@code time_us}, and may deliver an event a little behind one
 * before it, so events are told apart by their post, not their time: the posts handled lately are
 * skipped when they come again, and any other is sent, whether it shares its time with the one
 * before it or comes after later ones. After a restart the posts of the seconds before the saved
 * cursor may be sent once more (the streams app drops them by id); none is missed. Reconnects back
 * off from one second to thirty; a connection silent for a minute is taken as dead.
 */
public final class BlueskyJetstream implements LiveFeed {
    private static final String POST = "app.bsky.feed.post";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final BrandFilter filter;
    private final Cursor cursor;
    private final MentionSink sink;
    private final Consumer<String> problems;
    private final MentionCodec codec;
    private final HttpClient http;
    private final LiveStats stats = new LiveStats();
    private volatile boolean closed;
    private volatile WebSocket socket;
    private volatile CountDownLatch connection;
    private volatile long lastTimeUs;
    /**
     * The posts (did/rkey) handled lately, the oldest forgotten first: a replay from the cursor brings
     * those at its time again, and an event that comes after later ones is sent unless it was handled.
     */
    private final java.util.Set<String> recent = LastSeen.of(RECENT_POSTS);
    static final int RECENT_POSTS = 10_000;
    /** Where authors' handles and followers are looked up; null: not looked up (DID as handle, no followers). */
    private volatile BlueskyProfiles profiles;
    private volatile long lastMessage;
    /** True while a message is handled: the time a send or a checkpoint takes is this side's, not the server's silence. */
    private volatile boolean handling;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Duration idleTimeout;
    private final java.time.Clock clock;
    private long lastSaved = System.nanoTime();

    /**
     * @param endpoint a Jetstream subscribe URL, e.g. {@code wss://jetstream2.us-east.bsky.network/subscribe}
     */
    public BlueskyJetstream(URI endpoint, BrandFilter filter, Cursor cursor, MentionSink sink, Consumer<String> problems,
                            MentionCodec codec) {
        this(endpoint, filter, cursor, sink, problems, codec, Duration.ofSeconds(60), java.time.Clock.systemUTC());
    }

    /**
     * @param idleTimeout how long without any message before the connection is taken as dead
     * @param clock       what "now" is when an event's time is checked
     */
    BlueskyJetstream(URI endpoint, BrandFilter filter, Cursor cursor, MentionSink sink, Consumer<String> problems,
                     MentionCodec codec, Duration idleTimeout, java.time.Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.endpoint = endpoint;
        this.filter = filter;
        this.cursor = cursor;
        this.sink = sink;
        this.problems = problems;
        this.codec = codec;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.lastTimeUs = cursor.get() == null ? 0 : cursor.asLong("a time_us");
    }

    /**
     * Looks up the handle and follower count of each post's author at {@code api} (Bluesky's public
     * AppView, {@code https://public.api.bsky.app/}), so that a post carries its author's reach.
     */
    public BlueskyJetstream withProfiles(URI api) {
        return withProfiles(api, java.time.Clock.systemUTC(), PROFILE_WAIT);
    }

    /** @param wait how long a post waits for its author's profile before it is sent without */
    BlueskyJetstream withProfiles(URI api, java.time.Clock clock, Duration wait) {
        profiles = new BlueskyProfiles(api, new Poller(null, clock, null, PROFILE_MAX_BODY, Poller.ONCE_TIMEOUT), problems,
                wait);
        return this;
    }

    /** How long a post waits for its author's profile: a lookup takes a tenth of a second or so. */
    static final Duration PROFILE_WAIT = Duration.ofMillis(500);

    /** A profile is a few KiB; a larger answer is not one. */
    private static final int PROFILE_MAX_BODY = 1 << 20;

    @Override
    public LiveStats stats() {
        return stats;
    }

    /** Connects and keeps connected until {@link #close()}. */
    @Override
    public void run() throws InterruptedException {
        long backoffMillis = 1_000;
        while (!closed) {
            CountDownLatch done = new CountDownLatch(1);
            connection = done;
            java.util.concurrent.CompletableFuture<WebSocket> opening =
                    http.newWebSocketBuilder().buildAsync(subscribeUri(), new Listener(done));
            long connectedAt = -1;
            try {
                socket = opening.get(15, TimeUnit.SECONDS);
                if (closed) { // close() ran during the handshake and could not abort this socket
                    socket.abort();
                    break;
                }
                connectedAt = System.nanoTime();
                lastMessage = connectedAt;
                // A firehose that goes quiet is a connection that died without saying so: reconnect.
                while (!done.await(250, TimeUnit.MILLISECONDS)) {
                    if (!handling && System.nanoTime() - lastMessage > idleTimeout.toNanos()) {
                        problems.accept("jetstream: no message for " + idleTimeout.toSeconds() + " s; reconnecting");
                        socket.abort();
                        break;
                    }
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                problems.accept("jetstream: cannot connect to " + endpoint + ": " + e.getMessage());
                // A handshake that completes after the wait would feed handle() beside the next connection.
                opening.thenAccept(WebSocket::abort);
            }
            // From here the connection is given up on: what its listener still receives is dropped, so
            // nothing is handled beside the checkpoint or, after the backoff, beside the next connection.
            connection = null;
            checkpoint();
            // The backoff starts again only after a connection that lasted: a server that accepts and
            // closes at once (or an event it cannot serve) would otherwise be asked again every second.
            if (connectedAt >= 0 && System.nanoTime() - connectedAt > TimeUnit.MILLISECONDS.toNanos(MAX_BACKOFF_MILLIS)) {
                backoffMillis = 1_000;
            }
            if (!closed) {
                stats.reconnects.incrementAndGet();
                if (stopped.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                    break;
                }
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }

    /**
     * How far before the cursor a connection asks Jetstream to replay from: events in flight when a
     * connection dropped may carry times a little behind the last one handled (Jetstream's own advice
     * for gapless playback), and those handled already are known by their post.
     */
    static final long REWIND_US = 3_000_000;

    URI subscribeUri() {
        String base = endpoint.toString();
        String query = "wantedCollections=" + POST + (lastTimeUs > 0 ? "&cursor=" + Math.max(1, lastTimeUs - REWIND_US) : "");
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    private final class Listener implements WebSocket.Listener {
        private final CountDownLatch done;
        private final StringBuilder partial = new StringBuilder();

        Listener(CountDownLatch done) {
            this.done = done;
        }

        /** True while the rest of an oversized message is being skipped. */
        private boolean skipping;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (connection != done) {
                // A connection given up on (silent, or closed) may still deliver what it had: the cursor
                // has moved on with the next connection, which brings the same events again.
                webSocket.abort();
                return null;
            }
            lastMessage = System.nanoTime();
            if (!skipping && partial.length() + data.length() > MAX_MESSAGE_CHARS) {
                // A post event is a few KiB; a message this large is hostile or broken: drop it, keep the connection.
                skipping = true;
                partial.setLength(0);
                stats.rejected.incrementAndGet();
                problems.accept("jetstream: a message over " + MAX_MESSAGE_CHARS + " characters skipped");
            }
            if (!skipping) {
                partial.append(data);
            }
            if (last) {
                if (!skipping) {
                    String message = partial.toString();
                    partial.setLength(0);
                    handling = true;
                    try {
                        handle(message);
                    } finally {
                        handling = false;
                        lastMessage = System.nanoTime();
                    }
                }
                skipping = false;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            done.countDown();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            problems.accept("jetstream: connection lost: " + error);
            done.countDown();
        }
    }

    synchronized void handle(String message) { // one at a time: a listener given up on may still be inside
        JsonNode event;
        try {
            event = JSON.readTree(message);
        } catch (Exception e) {
            stats.rejected.incrementAndGet();
            problems.accept("jetstream: malformed frame skipped: " + abbreviate(message));
            return;
        }
        long timeUs = event.path("time_us").asLong(0);
        if (timeUs == 0) {
            return;
        }
        String post = event.path("did").asText() + "/" + event.path("commit").path("rkey").asText();
        // Told apart by post (a record key is never reused in a repository), not by time: behind the
        // cursor and not handled lately, an event came out of order and is sent, and a post handled
        // already is not sent again whatever time a replay gives it.
        if (recent.contains(post)) {
            return; // replayed from the cursor: already handled
        }
        long nowUs = clock.instant().toEpochMilli() * 1_000;
        if (timeUs > nowUs + MAX_CLOCK_AHEAD_US) {
            // Saved as the cursor, a time in the future would skip every real event until then.
            stats.rejected.incrementAndGet();
            problems.accept("jetstream: an event dated " + (timeUs - nowUs) / 1_000_000 + " s ahead of this clock skipped");
            return;
        }
        JsonNode commit = event.path("commit");
        if (!"commit".equals(event.path("kind").asText()) || !POST.equals(commit.path("collection").asText())
                || !"create".equals(commit.path("operation").asText())) {
            handledAt(timeUs, post);
            return;
        }
        stats.received.incrementAndGet();
        JsonNode record = commit.path("record");
        List<String> links = links(record);
        // A link card's address is often not in the text at all: a share of a brand's page is kept by its link.
        if (!filter.matches(record.path("text").asText("")) && links.stream().noneMatch(filter::matches)) {
            stats.filtered.incrementAndGet();
        } else {
            try {
                BlueskyProfiles lookup = profiles;
                BlueskyProfiles.Profile author = lookup == null ? null : lookup.of(event.path("did").asText());
                sink.accept(toMention(event.path("did").asText(), commit.path("rkey").asText(), record, links, timeUs, author));
                stats.sent.incrementAndGet();
            } catch (InvalidMentionException e) {
                stats.rejected.incrementAndGet();
                problems.accept("jetstream: post " + event.path("did").asText() + "/" + commit.path("rkey").asText()
                        + " skipped: " + e.getMessage());
            }
        }
        handledAt(timeUs, post);
        if (System.nanoTime() - lastSaved > 2_000_000_000L) {
            checkpoint();
        }
    }

    /** Remembers the post as handled, and moves the cursor on to its time (never back). */
    private void handledAt(long timeUs, String post) {
        lastTimeUs = Math.max(lastTimeUs, timeUs);
        recent.add(post);
    }

    /** The post's links: those in its text (link facets) and its link card's. */
    private static List<String> links(JsonNode record) {
        List<String> links = new java.util.ArrayList<>();
        for (JsonNode facet : record.path("facets")) {
            for (JsonNode feature : facet.path("features")) {
                if (feature.path("$type").asText().endsWith("#link") && feature.hasNonNull("uri")) {
                    links.add(feature.get("uri").asText());
                }
            }
        }
        JsonNode external = record.path("embed").path("external").path("uri");
        if (external.isTextual()) {
            links.add(external.asText());
        }
        return links;
    }

    /**
     * The post as a mention. Its {@code createdAt} is what the author's client claims, so one dated
     * ahead of this clock (by more than clocks differ), before the codec's earliest (a client's 1970),
     * or not a time at all, takes the time Jetstream saw the post instead:
     * a post dated a day ahead would otherwise move the streams app's event time on, and every on-time
     * mention of its partition would then count as late.
     */
    Mention toMention(String did, String rkey, JsonNode record, List<String> links, long timeUs, BlueskyProfiles.Profile author)
            throws InvalidMentionException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", "bluesky:" + did + "/" + rkey);
        doc.put("platform", "bluesky");
        Instant seen = Instant.ofEpochSecond(timeUs / 1_000_000, (timeUs % 1_000_000) * 1_000);
        doc.put("createdAt", PostFields.postedAt(record.path("createdAt").asText(""), seen, clock.instant(), codec).toString());
        ObjectNode by = doc.putObject("author");
        by.put("handle", author != null && author.handle() != null ? "@" + author.handle() : did);
        by.put("followers", author != null ? author.followers() : 0);
        doc.set("text", record.get("text"));
        doc.put("url", "https://bsky.app/profile/" + did + "/post/" + rkey);
        PostFields.putLinks(doc, links, codec);
        JsonNode langs = record.path("langs");
        if (langs.isArray() && !langs.isEmpty()) {
            PostFields.putLang(doc, langs.get(0).asText());
        }
        return PostFields.fitted(codec.fromTree(doc), codec);
    }

    private synchronized void checkpoint() {
        sink.flush();
        if (lastTimeUs > 0) {
            cursor.set(Long.toString(lastTimeUs));
        }
        lastSaved = System.nanoTime();
    }

    static final long MAX_BACKOFF_MILLIS = 30_000;
    /** Longest message kept, in characters (a post event is a few KiB). */
    static final int MAX_MESSAGE_CHARS = 1 << 20;
    /** How far ahead of this machine's clock an event's {@code time_us} may be: clocks differ, not by an hour. */
    static final long MAX_CLOCK_AHEAD_US = PostFields.MAX_CLOCK_AHEAD.toNanos() / 1_000;

    /** The start of a frame, fit for a log line: control characters (terminal escapes, line breaks) shown as '?'. */
    static String abbreviate(String s) {
        String start = s.length() <= 80 ? s : s.substring(0, 80) + "…";
        return start.codePoints().map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    @Override
    public void close() {
        closed = true;
        stopped.countDown();
        BlueskyProfiles lookup = profiles;
        if (lookup != null) {
            lookup.stop();
        }
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
        // abort() does not always reach the listener; release run() so it saves the cursor and returns.
        CountDownLatch c = connection;
        if (c != null) {
            c.countDown();
        }
    }
}
