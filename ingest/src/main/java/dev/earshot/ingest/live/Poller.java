package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * GETs JSON from a public API politely: honours 429 with Retry-After or the rate-limit reset time
 * (waiting at most {@link #LONGEST_WAIT}), waits for the reset when the remaining allowance runs out,
 * and backs off on server errors. Redirects are not followed, so a token never reaches another
 * origin; a token is sent over https only (or to a loopback address, for tests and local relays);
 * bodies over {@link #MAX_BODY} are refused.
 */
final class Poller {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final int MAX_BODY = 8 << 20;
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String token;
    private final int maxBody;
    private final Clock clock;
    private final Sleeper sleeper;

    /** How the poller waits; tests record the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * How long a response's body may take once its headers came: the request's timeout ends with the
     * headers, and a connection that stalls in the body (half-open, a proxy that never finishes)
     * would otherwise hold the feed for ever, past Ctrl+C too.
     */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(60);
    /** Closes a body not read in time, which fails the read blocked on it. */
    private static final java.util.concurrent.ScheduledExecutorService BODY_WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "poller-body-watchdog");
                t.setDaemon(true);
                return t;
            });
    private final Duration bodyTimeout;

    /** Where retries that go on are told ({@link #reportTo}); nowhere until then. */
    private volatile java.util.function.Consumer<String> problems = p -> { };
    /** Failed attempts in a row, across requests, and when that was last told (null: not told). */
    private int failures;
    private Instant told;
    /** A run of failures is told from this attempt on, and then every {@link #TELL_EVERY} while it lasts. */
    static final int TELL_FROM = 3;
    static final Duration TELL_EVERY = Duration.ofMinutes(5);

    /** Released by {@link #stop}; the poller's own waits wait on it. */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    /**
     * Tells {@code problems} of failures it keeps retrying (a mistyped host, an expired certificate, an
     * API down for an hour): from the {@link #TELL_FROM}th attempt in a row, then every
     * {@link #TELL_EVERY}, and once when it answers again. Retried in silence, a feed stalled with only
     * its counts of nothing received to show for it.
     */
    void reportTo(java.util.function.Consumer<String> problems) {
        this.problems = problems;
    }

    /** A failed attempt at {@code uri}, retried after {@code wait}. */
    private synchronized void failed(URI uri, String why, Duration wait) {
        failures++;
        Instant now = clock.instant();
        if (failures >= TELL_FROM && (told == null || !now.isBefore(told.plus(TELL_EVERY)))) {
            told = now;
            problems.accept("GET " + uri + " " + why + "; " + failures + " attempts in a row failed, asking again in "
                    + wait.toSeconds() + " s");
        }
    }

    private synchronized void answered(URI uri) {
        if (told != null) {
            problems.accept("GET " + uri.getScheme() + "://" + uri.getAuthority() + " answers again, after " + failures
                    + " failed attempts");
        }
        failures = 0;
        told = null;
    }

    /** The clock its rate-limit waits are read by, which the feeds date what they see by too. */
    Clock clock() {
        return clock;
    }

    /** A poller that waits (backoffs, rate limits) until {@link #stop}, which ends a wait at once. */
    Poller(String token, Clock clock) {
        this(token, clock, null);
    }

    Poller(String token, Clock clock, Sleeper sleeper) {
        this(token, clock, sleeper, MAX_BODY);
    }

    /** @param maxBody the largest body accepted, in bytes */
    Poller(String token, Clock clock, Sleeper sleeper, int maxBody) {
        this(token, clock, sleeper, maxBody, BODY_TIMEOUT);
    }

    /** @param bodyTimeout how long a body may take after its headers ({@link #BODY_TIMEOUT}) */
    Poller(String token, Clock clock, Sleeper sleeper, int maxBody, Duration bodyTimeout) {
        this.bodyTimeout = bodyTimeout;
        this.maxBody = maxBody;
        this.token = token;
        this.clock = clock;
        this.sleeper = sleeper != null ? sleeper : this::pause;
    }

    /** Waits {@code d}, or until {@link #stop}, whichever comes first. */
    void pause(Duration d) throws InterruptedException {
        stopped.await(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Ends the wait in progress, the request in flight, and every retry after them: a feed being
     * closed (Ctrl+C) then stops at once rather than when a backoff, a rate limit's wait of up to 15
     * minutes, or a slow server's answer is over.
     */
    void stop() {
        stopped.countDown();
        for (Runnable abort : inFlight) {
            try {
                abort.run();
            } catch (RuntimeException e) {
                // the others still end, and the feed still saves its cursor
            }
        }
    }

    /** How to abort each request and body in flight, which {@link #stop} runs. */
    private final java.util.Set<Runnable> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The JSON at {@code uri}, after as many polite retries as it takes; null on a 404. */
    JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = jsonRequest(uri, Duration.ofSeconds(20));
        // Failsafe keeps the backoff (1 s, doubling to a minute) across the three kinds of failure; the
        // wait is the poller's own, which stop() ends at once, as Failsafe's sleep would not be.
        dev.failsafe.Execution<Object> attempts = dev.failsafe.Execution.of(BACKOFF);
        while (true) {
            if (stopped.getCount() == 0) {
                throw new java.io.InterruptedIOException("stopped");
            }
            HttpResponse<byte[]> response;
            try {
                response = readCapped(send(request));
            } catch (BodyTooLarge e) {
                throw e; // asking again would only fetch it again
            } catch (IOException e) {
                if (stopped.getCount() == 0) {
                    throw new java.io.InterruptedIOException("stopped");
                }
                retry(uri, attempts, "failed: " + (e.getMessage() == null && e.getCause() != null ? e.getCause() : e),
                        Duration.ZERO);
                continue;
            }
            int status = response.statusCode();
            if (status == 429) {
                // At least the backoff, growing: a "Retry-After: 0", or a reset already past by a skewed
                // clock, would otherwise ask again at once, for as long as the server refuses.
                retry(uri, attempts, "answered 429 (rate limited)", untilReset(response, Duration.ofSeconds(30)));
                continue;
            }
            if (status >= 500) {
                retry(uri, attempts, "answered " + status, Duration.ZERO);
                continue;
            }
            answered(uri);
            if (status == 404) {
                return null;
            }
            if (status / 100 == 3) {
                throw new IOException("GET " + uri + " was redirected (" + status + "); redirects are not followed,"
                        + " so that the token stays with its origin: use the final address");
            }
            if (status != 200) {
                throw new IOException("GET " + uri + " answered " + status);
            }
            JsonNode body = JSON.readTree(response.body());
            String remaining = response.headers().firstValue("X-RateLimit-Remaining").orElse(null);
            if (remaining != null && parseLong(remaining) <= 0) {
                sleeper.sleep(untilReset(response, Duration.ZERO));
            }
            return body;
        }
    }

    /**
     * One GET and no retries, for a lookup that must not hold its caller up (an author's profile): the
     * JSON of a 200, null for a 400 (no such thing, as an XRPC method says it), {@link RateLimited} for
     * a 429, an IOException for anything else (a 404 is an address that serves no such method); the
     * body within the poller's body timeout and cap.
     */
    JsonNode getOnce(URI uri) throws IOException, InterruptedException {
        HttpRequest request = jsonRequest(uri, ONCE_TIMEOUT);
        HttpResponse<byte[]> response;
        try {
            response = readCapped(send(request));
        } catch (IOException e) {
            if (stopped.getCount() == 0) {
                throw new java.io.InterruptedIOException("stopped"); // a body closed by the stop, not a failure
            }
            throw e;
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new RateLimited(untilReset(response, Duration.ofMinutes(1)));
        }
        if (status == 400) {
            return null;
        }
        if (status != 200) {
            throw new IOException("GET " + uri + " answered " + status);
        }
        return JSON.readTree(response.body());
    }

    /**
     * A GET of JSON at {@code uri}, with the token when there is one; a token is refused for plain http
     * to anywhere but this machine.
     */
    private HttpRequest jsonRequest(URI uri, Duration timeout) throws IOException {
        if (token != null && !safeForToken(uri)) {
            throw new IOException("refusing to send the access token to " + uri.getScheme() + "://" + uri.getHost()
                    + " over plain http; use https");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").header("User-Agent", "earshot");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /** How long a single attempt ({@link #getOnce}) waits for its answer's headers. */
    static final Duration ONCE_TIMEOUT = Duration.ofSeconds(5);

    /** A 429 to a single attempt, and how long the server asked to be left. */
    static final class RateLimited extends IOException {
        private static final long serialVersionUID = 1L;
        private final Duration asked;

        RateLimited(Duration asked) {
            super("rate limited for " + asked.toSeconds() + " s");
            this.asked = asked;
        }

        /** How long the server asked to be left. */
        Duration asked() {
            return asked;
        }
    }

    /**
     * The backoff between failed attempts: unbounded, as a feed keeps asking until it is stopped (with
     * a limit, the execution would complete and {@link #retry} would have to check for it).
     */
    private static final dev.failsafe.RetryPolicy<Object> BACKOFF = dev.failsafe.RetryPolicy.builder()
            .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)).withMaxRetries(-1).build();

    /** Records a failed attempt and waits the backoff, or what the server asked for if that is longer. */
    private void retry(URI uri, dev.failsafe.Execution<Object> attempts, String why, Duration asked)
            throws InterruptedException {
        attempts.recordException(new IOException(why));
        Duration wait = asked.compareTo(attempts.getDelay()) > 0 ? asked : attempts.getDelay();
        failed(uri, why, wait);
        sleeper.sleep(wait);
    }

    /**
     * Sends the request, waiting for its headers until they come, the request's timeout passes or
     * {@link #stop} cancels it: Ctrl+C does not wait out a server slow to answer. The body is the
     * caller's to read (a stream's) and to close.
     */
    HttpResponse<java.io.InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<java.io.InputStream>> sent =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        Runnable cancel = () -> sent.cancel(true);
        inFlight.add(cancel);
        try {
            if (stopped.getCount() == 0) {
                sent.cancel(true);
            }
            return answer(sent);
        } finally {
            inFlight.remove(cancel);
        }
    }

    /**
     * What {@code sent} answers, as {@code HttpClient.send} would give it: an I/O failure as itself, a
     * request the client refuses (a RuntimeException) unchanged, as no failure to retry, and a
     * cancelled request as {@link java.io.InterruptedIOException}. Interrupted, the request is cancelled.
     */
    private static <T> T answer(java.util.concurrent.CompletableFuture<T> sent) throws IOException, InterruptedException {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } catch (java.util.concurrent.CancellationException e) {
            throw new java.io.InterruptedIOException("stopped");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.util.concurrent.CancellationException) {
                throw new java.io.InterruptedIOException("stopped"); // the client's own word for a cancelled exchange
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }

    private Duration untilReset(HttpResponse<?> response, Duration fallback) {
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        if (retryAfter != null && parseLong(retryAfter) >= 0) {
            return min(Duration.ofSeconds(parseLong(retryAfter)), LONGEST_WAIT);
        }
        // Bluesky's AppView names it without the X- (the IETF draft's name).
        String reset = response.headers().firstValue("X-RateLimit-Reset")
                .or(() -> response.headers().firstValue("RateLimit-Reset")).orElse(null);
        if (reset != null) {
            try {
                Instant at = OffsetDateTime.parse(reset).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : min(wait, Duration.ofMinutes(15));
            } catch (DateTimeParseException e) {
                long epoch = parseLong(reset);
                if (epoch > 0) {
                    Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(epoch));
                    return wait.isNegative() ? Duration.ZERO : min(wait, Duration.ofMinutes(15));
                }
            }
        }
        return fallback;
    }

    static boolean safeForToken(URI uri) {
        if ("https".equals(uri.getScheme())) {
            return true;
        }
        String host = uri.getHost();
        return "http".equals(uri.getScheme()) && host != null
                && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    /**
     * The response with its body read here, on the caller's thread, and refused once it passes
     * {@code maxBody} bytes: a hostile server cannot fill the heap. A body not read within the body
     * timeout, or while the poller is stopped, is closed, which fails the read blocked on it.
     */
    private HttpResponse<byte[]> readCapped(HttpResponse<java.io.InputStream> response) throws IOException {
        byte[] body;
        java.io.InputStream in = response.body();
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable close = () -> {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
        };
        java.util.concurrent.ScheduledFuture<?> watchdog = BODY_WATCHDOG.schedule(() -> {
            expired.set(true);
            close.run();
        }, bodyTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        inFlight.add(close);
        try (in) {
            if (stopped.getCount() == 0) {
                throw new java.io.InterruptedIOException("stopped");
            }
            body = in.readNBytes(maxBody + 1);
        } catch (IOException e) {
            throw expired.get() ? new IOException("response body not read within " + bodyTimeout.toSeconds() + " s", e) : e;
        } finally {
            inFlight.remove(close);
            watchdog.cancel(false);
        }
        if (expired.get()) {
            throw new IOException("response body not read within " + bodyTimeout.toSeconds() + " s");
        }
        if (body.length > maxBody) {
            if (response.statusCode() != 200) {
                // An error page, whose body is not read: the status is what counts (a 5xx is asked again).
                return new BodyRead(response, new byte[0]);
            }
            throw new BodyTooLarge("response body over " + maxBody + " bytes refused", response.headers());
        }
        return new BodyRead(response, body);
    }

    /** A body over the cap: refused for good, not retried. */
    static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        /** The response's headers, by which a caller may find its way past what it cannot read. */
        private final transient java.net.http.HttpHeaders headers;

        BodyTooLarge(String message, java.net.http.HttpHeaders headers) {
            super(message);
            this.headers = headers;
        }

        java.net.http.HttpHeaders headers() {
            return headers;
        }
    }

    /** A response whose body has been read. */
    private record BodyRead(HttpResponse<java.io.InputStream> response, byte[] body) implements HttpResponse<byte[]> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
