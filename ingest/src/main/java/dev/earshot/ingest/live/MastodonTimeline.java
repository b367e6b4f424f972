package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Statuses from a Mastodon instance's public timeline, or a hashtag timeline, polled forward from
 * the cursor with {@code min_id}, a page of 40 at a time, so that each poll asks only for what is
 * new, a busy timeline is read through rather than skipped, and a restart resumes from the cursor.
 *
 * <p>Maps each status to a mention: id {@code mastodon:} and the status's {@code uri}, the same on
 * every instance that shows it, so the streams app drops it by id when two timelines both carry it
 * ({@code mastodon:<instance host>:<status id>} for a status without one); {@code created_at}; the
 * content warning and the HTML content as plain text; the content's links (not its mentions and
 * hashtags, which Mastodon marks as such) and preview card URL; {@code account.acct} as handle, with
 * the instance's domain for its own accounts (they have none in {@code acct}), and
 * {@code followers_count}; favourites, reblogs and replies as likes, shares and comments; language;
 * URL. Honours 429 and the {@code X-RateLimit-*} headers. With an access token it follows the
 * streaming API ({@code /api/v1/streaming/public} or {@code /hashtag}) between catch-up polls.
 *
 * <p>Before its first poll it asks the instance about itself ({@link MastodonInstance}): the domain its
 * accounts' handles carry, which may differ from the host its API is served on, and where its
 * streaming API is, which may be a host of its own.
 *
 * <p>Statuses are told apart by id, not by order: the stream delivers a status fetched late from
 * another server, whose id is from its creation time and older than those before it, and it is sent.
 * Polling reads forward from the newest id, so such a status lies behind the cursor by the time it
 * comes; with a {@linkplain #withLookback lookback} a poll reads the last minutes below the newest id
 * again, newest first, every fifth of them, for those ({@link #lookBack}).
 */
public final class MastodonTimeline extends PollingFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI instance;
    private final String hashtag;
    private final String streamingToken;
    /** Watches every stream for silence; one daemon thread for all timelines. */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mastodon-stream-watchdog");
                t.setDaemon(true);
                return t;
            });
    /** A stream that ran this long before it ended was healthy: the next one starts with a fresh backoff. */
    static final Duration HEALTHY_STREAM = Duration.ofMinutes(5);
    /**
     * How long a stream may stay silent before it is taken as dead: Mastodon sends a heartbeat
     * comment every 15 s or so, and a half-open connection sends nothing, for ever.
     */
    private volatile Duration streamIdle = Duration.ofSeconds(90);
    /** The reconnect backoff's first and longest waits. */
    private Duration reconnectFirst = Duration.ofSeconds(1);
    private Duration reconnectLongest = Duration.ofSeconds(60);
    /** What the instance said of itself, once asked (before the first poll); null until then. */
    private MastodonInstance about;
    private boolean askedBefore;
    /** The newest status id handled; starts from the cursor. */
    private String newest;
    /** The ids of the statuses handled lately, the oldest forgotten first: a status comes once. */
    private final java.util.Set<String> recent = LastSeen.of(RECENT_IDS);
    static final int RECENT_IDS = 10_000;
    /** The longest status uri an id is made of: with {@code mastodon:} it stays within the codec's 512. */
    static final int MAX_URI_IN_ID = 500;
    /** The longest line of the stream kept: an update is a few KiB; longer is broken or hostile. */
    static final int MAX_STREAM_LINE = 1 << 20;

    /**
     * @param hashtag a hashtag timeline to follow (without '#'), or null for the public timeline
     * @param token   an access token, or null (public timelines need none on most instances)
     */
    public MastodonTimeline(URI instance, String hashtag, String token, BrandFilter filter, Cursor cursor,
                            MentionSink sink, Consumer<String> problems, MentionCodec codec, Duration interval) {
        this(instance, hashtag, filter, cursor, sink, problems, codec, interval,
                new Poller(token, Clock.systemUTC()), token);
    }

    MastodonTimeline(URI instance, String hashtag, BrandFilter filter, Cursor cursor, MentionSink sink,
                     Consumer<String> problems, MentionCodec codec, Duration interval, Poller poller, String streamingToken) {
        super("mastodon", filter, cursor, sink, problems, codec, interval, poller);
        this.instance = instance;
        this.hashtag = hashtag;
        this.streamingToken = streamingToken;
        this.newest = cursor.get();
    }

    /**
     * Looks back {@code lookback} below the newest id for statuses that came late from other servers
     * (zero, the default: not at all), every fifth of it and a minute at least ({@link #lookBack}),
     * reading at most {@link #LOOKBACK_PAGES} pages of it a time.
     */
    public MastodonTimeline withLookback(Duration lookback) {
        if (lookback.isNegative() || lookback.compareTo(LONGEST_LOOKBACK) > 0) {
            throw new IllegalArgumentException("a lookback is from 0 to " + LONGEST_LOOKBACK.toHours() + " hours, not "
                    + lookback);
        }
        this.lookback = lookback;
        return this;
    }

    /** For tests: a shorter silence after which the stream is dropped. */
    MastodonTimeline withStreamIdle(Duration idle) {
        this.streamIdle = idle;
        return this;
    }

    /** For tests: the reconnect backoff's first and longest waits (1 s and 60 s otherwise). */
    MastodonTimeline withReconnectBackoff(Duration first, Duration longest) {
        this.reconnectFirst = first;
        this.reconnectLongest = longest;
        return this;
    }

    /** The most statuses Mastodon gives in one page. */
    static final int PAGE = 40;
    /** Pages read in one poll at most; a timeline busier than that is caught up over the next polls. */
    static final int PAGES_PER_POLL = 25;
    /** The longest lookback: a status that comes a day late is past looking for. */
    public static final Duration LONGEST_LOOKBACK = Duration.ofDays(1);
    /** Pages of the lookback a poll reads at most, newest first: 200 statuses. */
    static final int LOOKBACK_PAGES = 5;
    private Duration lookback = Duration.ZERO;
    /** When the last lookback was read (null: not yet): read again a fifth of its span later, a minute at least. */
    private java.time.Instant lookedBackAt;
    /** Whether a lookback that held more than {@link #LOOKBACK_PAGES} pages has been told of. */
    private boolean toldLookbackFull;
    /** Whether the last poll read up to the newest status, rather than stopping at {@link #PAGES_PER_POLL}. */
    private boolean caughtUp;
    /** The streaming response being read, which {@link #close} closes to end its read at once. */
    private volatile java.io.InputStream streamBody;
    /** When this attempt's stream began to flow ({@link System#nanoTime}), or {@link #NOT_STREAMED} before it did. */
    private long streamStarted = NOT_STREAMED;
    private static final long NOT_STREAMED = Long.MIN_VALUE;

    /**
     * One poll: everything newer than the cursor, oldest first, page after page while pages come
     * full; returns how many statuses came. {@code since_id} would answer the newest 40 of what is
     * newer, and on a timeline of more than 40 statuses an interval the older ones were never read;
     * {@code min_id} answers the 40 right after the cursor. Without a cursor, the first page is the
     * newest 40: a feed starts from now.
     */
    @Override
    public int pollOnce() throws IOException, InterruptedException {
        String path = hashtag == null ? "/api/v1/timelines/public"
                : "/api/v1/timelines/tag/" + URLEncoder.encode(hashtag, StandardCharsets.UTF_8);
        if (about == null) {
            // Asked again at each poll until it answers; a failure is told once.
            about = MastodonInstance.ask(instance, poller, askedBefore ? p -> { } : problems);
            askedBefore = true;
        }
        int came = 0;
        caughtUp = false;
        int limit = PAGE;
        if (stuckAfter != null && stuckAfter.equals(newest)) {
            // Each asking reads up to the body cap: asked again rarely, and for the one status at once.
            if (poller.clock().instant().isBefore(stuckAskedAt.plus(STUCK_RETRY))) {
                caughtUp = true; // nothing to read until then (a stream's statuses may move the cursor past it)
                return 0;
            }
            limit = 1;
        }
        stuckAfter = null;
        for (int page = 0; page < PAGES_PER_POLL; page++) {
            String after = newest;
            URI uri = instance.resolve(path + "?limit=" + limit + (after == null ? "" : "&min_id=" + after));
            JsonNode statuses;
            try {
                statuses = poller.get(uri);
            } catch (Poller.BodyTooLarge e) {
                // Asked for again, the same page would be refused again, for ever: ask for fewer statuses,
                // and past one that is too large by itself.
                if (limit > 1) {
                    limit = Math.max(1, limit / 4);
                } else {
                    skipUnreadable(after, e);
                    limit = PAGE;
                }
                continue;
            }
            if (statuses == null || !statuses.isArray()) {
                // An error, not a break: with a token the catch-up loop would ask again at once, for ever.
                throw new IOException(uri + " did not return a list of statuses");
            }
            // Mastodon lists a page newest first; sorted here by id, whichever order a server uses.
            List<JsonNode> oldestFirst = oldestFirst(statuses);
            for (JsonNode status : oldestFirst) {
                handle(status, after);
            }
            checkpoint();
            came += oldestFirst.size();
            if (after == null || oldestFirst.size() < limit || java.util.Objects.equals(after, newest)) {
                caughtUp = true; // (or a server that does not move on: no loop on it)
                break;
            }
        }
        return caughtUp ? came + lookBack(path) : came;
    }

    /**
     * How often the lookback is read: a fifth of its span, so that a status that came late is found
     * before it falls out of it, and at most once a minute, as it costs up to {@link #LOOKBACK_PAGES}
     * requests against the instance's rate limit (300 in 5 minutes for one address).
     */
    private Duration lookbackEvery() {
        Duration fifth = lookback.dividedBy(5);
        return fifth.compareTo(Duration.ofMinutes(1)) > 0 ? fifth : Duration.ofMinutes(1);
    }

    /**
     * Reads the statuses of the last {@link #lookback} below the newest id again, newest first, and
     * sends those not handled before; returns how many it sent. Mastodon gives a status from another
     * server an id from the time it was written (a snowflake: its milliseconds shifted 16 bits), so one
     * that arrives after a poll read past that time lies behind the cursor, and reading forward from the
     * cursor never meets it; a first poll, without a cursor, so starts the lookback's minutes back. Ids
     * that are not Mastodon's numbers (another server software) are not looked back among.
     */
    private int lookBack(String path) throws IOException, InterruptedException {
        java.time.Instant now = poller.clock().instant();
        if (lookback.isZero() || newest == null || newest.length() > 19 || !newest.chars().allMatch(c -> c >= '0' && c <= '9')
                || (lookedBackAt != null && now.isBefore(lookedBackAt.plus(lookbackEvery())))) {
            return 0;
        }
        lookedBackAt = now;
        String from = Long.toString(Math.max(0, now.toEpochMilli() - lookback.toMillis()) << 16);
        String below = newest;
        int sent = 0;
        for (int page = 0; page < LOOKBACK_PAGES; page++) {
            if (compareIds(below, from) <= 0) {
                return sent;
            }
            JsonNode statuses;
            try {
                // since_id with max_id: the newest 40 between them, where min_id would give the oldest.
                statuses = poller.get(instance.resolve(path + "?limit=" + PAGE + "&max_id=" + below + "&since_id=" + from));
                if (statuses == null || !statuses.isArray()) {
                    throw new IOException("not a list of statuses");
                }
            } catch (java.io.InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                // The poll itself has read what it came for: a lookback page it cannot read ends the lookback
                // (and asking again at once would fail again), not the poll.
                problems.accept("mastodon: the lookback's page below " + below + " could not be read (" + e.getMessage()
                        + "); looked back no further this time");
                return sent;
            }
            List<JsonNode> oldestFirst = oldestFirst(statuses);
            String top = below;
            // Only what lies below where this page was asked from: a server that ignores max_id would
            // otherwise move the cursor past statuses the forward poll has not read.
            oldestFirst.removeIf(status -> compareIds(status.path("id").asText(""), top) >= 0);
            for (JsonNode status : oldestFirst) {
                sent += handle(status, from) ? 1 : 0;
            }
            checkpoint();
            if (oldestFirst.size() < PAGE) {
                return sent; // (a server that ignores max_id ends here too)
            }
            below = oldestFirst.get(0).path("id").asText("");
        }
        if (!toldLookbackFull) {
            toldLookbackFull = true;
            problems.accept("mastodon: the last " + lookback.toMinutes() + " min hold more than " + LOOKBACK_PAGES * PAGE
                    + " statuses; a poll looks back among the newest " + LOOKBACK_PAGES * PAGE + " of them only");
        }
        return sent;
    }

    /**
     * Moves the cursor past the one status after {@code after} that is too large to read, by the id
     * the server's {@code Link} header gives it (Mastodon names a page's newest status in its
     * {@code rel="prev"} link); a server that names none leaves the feed stopped at it, and says so.
     */
    private void skipUnreadable(String after, Poller.BodyTooLarge tooLarge) throws IOException {
        String id = null;
        for (String link : tooLarge.headers().allValues("Link")) {
            for (String part : link.split(",")) {
                java.util.regex.Matcher prev = PREV_MIN_ID.matcher(part.strip());
                if (prev.find()) {
                    id = prev.group(1);
                }
            }
        }
        if (id == null || (after != null && compareIds(id, after) <= 0)) {
            stuckAfter = after;
            stuckAskedAt = poller.clock().instant();
            throw new IOException("the status after " + after + " is too large to read (" + tooLarge.getMessage()
                    + "), and the server names no id to skip it by; the feed stays at it, asking again every "
                    + STUCK_RETRY.toMinutes() + " minutes");
        }
        stats.rejected.incrementAndGet();
        problems.accept("mastodon: status " + id + " skipped: it is too large to read (" + tooLarge.getMessage() + ")");
        newest = id;
        checkpoint();
    }

    /** A {@code Link} header's {@code rel="prev"} part, and the {@code min_id} of its address. */
    private static final java.util.regex.Pattern PREV_MIN_ID =
            java.util.regex.Pattern.compile("<[^>]*[?&]min_id=(\\d+)[^>]*>\\s*;\\s*rel=\"?prev\"?\\s*(;|$)");
    /** How long a status too large to read and to skip is left before it is asked for again. */
    static final Duration STUCK_RETRY = Duration.ofMinutes(10);
    /** The cursor at which a status too large to read and to skip stopped the feed (null: none), and when it was asked. */
    private String stuckAfter;
    private java.time.Instant stuckAskedAt;

    /**
     * Sends one status unless it was handled lately, or (from a poll) is not after the {@code min_id}
     * asked for, which a server that ignores it would send again; returns whether it was new.
     */
    private boolean handle(JsonNode status, String after) {
        String id = status.path("id").asText("");
        if (id.isEmpty() || (after != null && compareIds(id, after) <= 0) || !recent.add(id)) {
            return false;
        }
        stats.received.incrementAndGet();
        String text = text(status);
        if (!filter.matches(text)) {
            stats.filtered.incrementAndGet();
        } else {
            try {
                sink.accept(toMention(status, text));
                stats.sent.incrementAndGet();
            } catch (InvalidMentionException e) {
                stats.rejected.incrementAndGet();
                problems.accept("mastodon: status " + id + " skipped: " + e.getMessage());
            }
        }
        if (newest == null || compareIds(id, newest) > 0) {
            newest = id;
        }
        return true;
    }

    /** The content warning, if any, then the content, as plain text: a brand may be named in either. */
    static String text(JsonNode status) {
        String warning = status.path("spoiler_text").asText("").strip();
        String content = Html.text(status.path("content").asText(""));
        return warning.isEmpty() ? content : content.isEmpty() ? warning : warning + "\n\n" + content;
    }

    private void checkpoint() {
        sink.flush();
        if (newest != null) {
            cursor.set(newest);
        }
    }

    /**
     * Follows the streaming API until the connection ends: each {@code update} event is a status.
     * Called after a poll has caught up, so a reconnect first fills the gap by polling.
     */
    void streamOnce() throws IOException, InterruptedException {
        String path = hashtag == null ? "/api/v1/streaming/public"
                : "/api/v1/streaming/hashtag?tag=" + URLEncoder.encode(hashtag, StandardCharsets.UTF_8);
        URI uri = (about != null ? about.streaming() : instance).resolve(path);
        if (!Poller.safeForToken(uri)) {
            throw new IOException("refusing to send the access token to " + uri.getHost() + " over plain http; use https");
        }
        // The timeout runs until the response's headers: a server that never answers is dropped, and
        // once the stream flows the silence watchdog below takes over.
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + streamingToken).header("Accept", "text/event-stream").build();
        // Through the poller, whose stop (this feed's close) cancels it while it waits for the headers.
        java.net.http.HttpResponse<java.io.InputStream> response = poller.send(request);
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("streaming API answered " + response.statusCode());
        }
        java.io.InputStream body = response.body();
        streamBody = body;
        try {
            // What was posted between the catch-up poll and the stream's start comes on neither: poll
            // once more now that the stream holds what comes next (a status on both is sent once).
            do {
                pollOnce();
            } while (!caughtUp && !closed);
        } catch (IOException | InterruptedException | RuntimeException e) {
            streamBody = null;
            try {
                body.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        long started = System.nanoTime();
        streamStarted = started;
        java.util.concurrent.atomic.AtomicLong lastLine = new java.util.concurrent.atomic.AtomicLong(started);
        java.util.concurrent.atomic.AtomicBoolean silent = new java.util.concurrent.atomic.AtomicBoolean();
        // Set while a line is handled or a checkpoint flushes: time spent sending to Kafka is not the
        // server's silence (a slow broker would otherwise drop a healthy stream).
        java.util.concurrent.atomic.AtomicBoolean handling = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.scheduleAtFixedRate(() -> {
            if (!handling.get() && System.nanoTime() - lastLine.get() > streamIdle.toNanos() && silent.compareAndSet(false, true)) {
                try {
                    body.close(); // the blocked read below fails, and the stream is reconnected
                } catch (IOException ignored) {
                    // closing is all that was wanted
                }
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        String event = null;
        long lastSave = System.nanoTime();
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while (!closed && (line = readLine(lines, MAX_STREAM_LINE)) != null) {
                handling.set(true);
                if (line == TOO_LONG) {
                    stats.rejected.incrementAndGet();
                    problems.accept("mastodon: a streaming line over " + MAX_STREAM_LINE + " characters skipped");
                    event = null;
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && "update".equals(event)) {
                    try {
                        handle(JSON.readTree(line.substring(5).strip()), null);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        stats.rejected.incrementAndGet();
                        problems.accept("mastodon: malformed streaming event skipped");
                    }
                } else if (line.isEmpty()) {
                    event = null;
                }
                if (System.nanoTime() - lastSave > 2_000_000_000L) {
                    checkpoint();
                    lastSave = System.nanoTime();
                }
                lastLine.set(System.nanoTime());
                handling.set(false);
            }
        } catch (IOException e) {
            if (!silent.get() && !closed) {
                throw e;
            }
        } finally {
            streamBody = null;
            watchdog.cancel(false);
            checkpoint();
        }
        if (silent.get()) {
            throw new IOException("the stream was silent for " + streamIdle.toSeconds() + " s");
        }
        if (!closed && System.nanoTime() - started < HEALTHY_STREAM.toNanos()) {
            // Ended by the server soon after it began: reconnecting at once would hammer it.
            throw new IOException("the stream ended");
        }
    }

    /**
     * Without a token, polls every interval. With one, polls to catch up and then follows the
     * streaming API; when the stream drops, it polls again (filling the gap from the cursor) and
     * reconnects, with Failsafe's exponential backoff from one second to a minute and a quarter of
     * jitter (so that many instances do not reconnect in step), while the stream keeps failing.
     * Failsafe says how long to wait; the wait itself is the poller's, which {@link #close} ends at
     * once: Failsafe's own sleep could only be cut short by interrupting this thread, which may be
     * in the middle of handing a mention to Kafka.
     */
    @Override
    public void run() throws InterruptedException {
        if (streamingToken == null) {
            super.run();
            return;
        }
        dev.failsafe.RetryPolicy<Object> reconnect = dev.failsafe.RetryPolicy.builder()
                .handle(IOException.class)
                .withBackoff(reconnectFirst, reconnectLongest)
                .withJitter(0.25)
                .withMaxRetries(-1)
                .build();
        while (!closed) {
            // A stream that ended healthy starts the backoff again from its first step.
            dev.failsafe.Execution<Object> attempts = dev.failsafe.Execution.of(reconnect);
            while (!closed && !attempts.isComplete()) {
                streamStarted = NOT_STREAMED;
                try {
                    // Caught up before the stream starts: its first status would otherwise move the
                    // cursor past what a capped poll left for the next.
                    do {
                        pollOnce();
                    } while (!caughtUp && !closed);
                    streamOnce();
                    if (!closed) {
                        stats.reconnects.incrementAndGet(); // the stream ended healthy: connected again at once
                    }
                    attempts.complete();
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                    stats.reconnects.incrementAndGet();
                    // A stream that flowed a healthy while before it failed (went silent, was reset) starts
                    // the backoff again too: the failures before it say nothing of this one.
                    if (streamStarted != NOT_STREAMED && System.nanoTime() - streamStarted >= HEALTHY_STREAM.toNanos()) {
                        attempts = dev.failsafe.Execution.of(reconnect);
                    }
                    attempts.recordException(e);
                    problems.accept("mastodon: " + e.getMessage() + "; reconnecting");
                    poller.pause(attempts.getDelay());
                }
            }
        }
    }

    /** What {@link #readLine} gives for a line longer than it keeps (compared by identity). */
    static final String TOO_LONG = new String("(too long)");

    /**
     * The next line (without its end: \n, \r\n or \r), or null at the end of the stream. A line
     * longer than {@code max} is read to its end and dropped, and {@link #TOO_LONG} given in its place:
     * {@code BufferedReader.readLine} would hold all of it, however long a broken server made it.
     */
    static String readLine(java.io.BufferedReader in, int max) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                return tooLong ? TOO_LONG : line.toString();
            }
            if (line.length() < max) {
                line.append((char) c);
            } else {
                tooLong = true;
            }
        }
        return line.isEmpty() && !tooLong ? null : tooLong ? TOO_LONG : line.toString();
    }

    Mention toMention(JsonNode status, String text) throws InvalidMentionException {
        ObjectNode doc = JSON.createObjectNode();
        String uri = status.path("uri").asText("");
        // A uri too long for an id (the codec takes 512 characters) falls back to this instance's id.
        boolean global = (uri.startsWith("https://") || uri.startsWith("http://")) && uri.length() <= MAX_URI_IN_ID;
        doc.put("id", global ? "mastodon:" + uri : "mastodon:" + instance.getHost() + ":" + status.path("id").asText());
        doc.put("platform", "mastodon");
        // A remote server's clock, or a hostile one, dates its statuses as it likes (PostFields.postedAt).
        java.time.Instant now = poller.clock().instant();
        doc.put("createdAt", PostFields.postedAt(status.path("created_at").asText(""), now, now, codec).toString());
        JsonNode account = status.path("account");
        ObjectNode author = doc.putObject("author");
        String acct = account.path("acct").asText("");
        // An account of the instance itself has no domain in acct; with it, @alice here is not @alice elsewhere.
        String domain = about != null ? about.domain() : instance.getHost();
        author.put("handle", "@" + (acct.contains("@") || acct.isEmpty() ? acct : acct + "@" + domain));
        author.put("followers", Math.max(0, account.path("followers_count").asLong(0)));
        doc.put("text", text);
        doc.put("url", status.path("url").asText(""));
        java.util.List<String> links = new java.util.ArrayList<>(Html.contentLinks(status.path("content").asText("")));
        if (status.path("card").path("url").isTextual()) {
            links.add(status.path("card").path("url").asText());
        }
        PostFields.putLinks(doc, links, codec);
        if (status.path("language").isTextual()) {
            PostFields.putLang(doc, status.get("language").asText());
        }
        ObjectNode engagement = doc.putObject("engagement");
        engagement.put("likes", Math.max(0, status.path("favourites_count").asLong(0)));
        engagement.put("shares", Math.max(0, status.path("reblogs_count").asLong(0)));
        engagement.put("comments", Math.max(0, status.path("replies_count").asLong(0)));
        return PostFields.fitted(codec.fromTree(doc), codec);
    }

    /** A page's statuses sorted by id, oldest first: Mastodon lists them newest first, another server as it likes. */
    private static List<JsonNode> oldestFirst(JsonNode statuses) {
        List<JsonNode> sorted = new ArrayList<>();
        statuses.forEach(sorted::add);
        sorted.sort((a, b) -> compareIds(a.path("id").asText(""), b.path("id").asText("")));
        return sorted;
    }

    /** Mastodon ids are numeric strings that grow over time; longer means newer. */
    private static int compareIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    /** Stops polling, and ends a stream's read at once rather than at its next line. */
    @Override
    public void close() {
        super.close();
        java.io.InputStream body = streamBody;
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
        }
    }
}
