package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The handles and follower counts of Bluesky accounts, by DID, from the public AppView's
 * {@code app.bsky.actor.getProfile}: Jetstream carries neither, and with no followers no Bluesky author
 * could ever be taken for an influencer. Asked once per account an hour (the last {@link #CACHED}
 * accounts kept), for the authors of posts that name a tracked brand only.
 *
 * <p>Asked on a thread of its own: a post waits for its author's profile at most {@code wait}, and
 * is sent with the DID and no followers if it is slower (the author's later posts find it). The
 * Jetstream listener must not stall: while it waits it reads nothing, not even the server's pings,
 * and Jetstream drops a client that does not answer them within seconds.
 *
 * <p>An account the AppView has no profile for (its 400: not found, deactivated, taken down) keeps its
 * DID and no followers, and is asked for again after {@link #RETRY_UNKNOWN}. A 429 pauses every lookup
 * for as long as it asks; any other failure (a timeout, a 5xx, a 404 of an address that is no
 * AppView) pauses them on a backoff from 30 s to 15 minutes; an author known before keeps the last
 * profile known meanwhile. Failures are told once a run, and the AppView's answering again once. At
 * most {@link #MAX_ASKING} lookups wait at once: an AppView slower than the posts is not queued for
 * without end.
 */
final class BlueskyProfiles {
    /** An account's handle (without {@code @}; null when it does not verify) and follower count. */
    record Profile(String handle, long followers) {
    }

    static final int CACHED = 10_000;
    static final Duration FRESH = Duration.ofHours(1);
    static final Duration RETRY_UNKNOWN = Duration.ofMinutes(5);
    static final Duration FIRST_PAUSE = Duration.ofSeconds(30);
    static final Duration LONGEST_PAUSE = Duration.ofMinutes(15);
    /** The shortest pause a 429 makes: "Retry-After: 0" would otherwise ask again at once. */
    static final Duration SHORTEST_RATE_PAUSE = Duration.ofSeconds(5);
    /** What Bluesky names an account whose handle no longer verifies: its DID says more. */
    private static final String INVALID_HANDLE = "handle.invalid";

    private record Known(Profile profile, Instant until) {
    }

    private final URI api;
    private final Poller poller;
    private final Consumer<String> problems;
    private final Duration wait;
    private final ExecutorService asking = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bluesky-profiles");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by this. */
    private final Map<String, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > CACHED;
        }
    };
    /** The lookups asked for and not yet answered, at most {@link #MAX_ASKING}. Guarded by this. */
    private final Map<String, CompletableFuture<Profile>> asked = new java.util.HashMap<>();
    static final int MAX_ASKING = 100;
    private Instant pausedUntil = Instant.MIN;
    private int failures;

    /**
     * @param api    the AppView's root, e.g. {@code https://public.api.bsky.app/}
     * @param poller asks it; its clock dates what is known
     * @param wait   how long a post waits for its author's profile
     */
    BlueskyProfiles(URI api, Poller poller, Consumer<String> problems, Duration wait) {
        this.api = api;
        this.poller = poller;
        this.problems = problems;
        this.wait = wait;
    }

    /** The account's profile, or null when none is known within the wait (none, failing, paused, slow). */
    Profile of(String did) {
        CompletableFuture<Profile> lookup;
        synchronized (this) {
            Instant now = poller.clock().instant();
            Known cached = known.get(did);
            if (cached != null && now.isBefore(cached.until())) {
                return cached.profile();
            }
            if (now.isBefore(pausedUntil)) {
                return lastKnown(did);
            }
            lookup = asked.get(did);
            if (lookup == null) {
                if (asked.size() >= MAX_ASKING) {
                    // An AppView slower than the posts come: asked no more until it catches up.
                    return lastKnown(did);
                }
                try {
                    lookup = CompletableFuture.supplyAsync(() -> lookUp(did), asking);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return null; // stopped
                }
                asked.put(did, lookup);
            }
        }
        try {
            return lookup.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return lastKnown(did);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The account's profile last known, fresh or not; null when none is. */
    private synchronized Profile lastKnown(String did) {
        Known cached = known.get(did);
        return cached != null ? cached.profile() : null;
    }

    /**
     * Asks for one account's profile, on the asking thread, and files what comes back; returns it, or
     * the last known when the asking failed or is paused (an author keeps one name while it fails).
     */
    private Profile lookUp(String did) {
        Profile found = null;
        Duration keep = null;
        Profile before;
        synchronized (this) {
            before = lastKnown(did);
            if (poller.clock().instant().isBefore(pausedUntil)) {
                asked.remove(did); // queued before a pause began: not asked during it
                return before;
            }
        }
        try {
            JsonNode profile = poller.getOnce(api.resolve("xrpc/app.bsky.actor.getProfile?actor="
                    + URLEncoder.encode(did, StandardCharsets.UTF_8)));
            if (profile != null && did.equals(profile.path("did").asText())) {
                String handle = profile.path("handle").asText("");
                found = new Profile(handle.isEmpty() || handle.equals(INVALID_HANDLE) ? null : handle,
                        Math.max(0, profile.path("followersCount").asLong(0)));
            }
            keep = found != null ? FRESH : RETRY_UNKNOWN;
            answered();
        } catch (Poller.RateLimited e) {
            Duration pause = e.asked().compareTo(SHORTEST_RATE_PAUSE) > 0 ? e.asked() : SHORTEST_RATE_PAUSE;
            failed("asked to wait " + pause.toSeconds() + " s (429)", pause);
        } catch (java.io.InterruptedIOException e) {
            // stopped: the feed is closing
        } catch (IOException | RuntimeException e) {
            failed(e.getMessage() != null ? e.getMessage() : e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                asked.remove(did);
                if (keep != null) {
                    known.put(did, new Known(found, poller.clock().instant().plus(keep)));
                }
            }
        }
        return keep != null ? found : before;
    }

    /** A failed lookup: every lookup pauses, for {@code pause} or on the backoff; the first of a run is told. */
    private synchronized void failed(String why, Duration pause) {
        failures++;
        if (pause == null) {
            long seconds = FIRST_PAUSE.toSeconds() << Math.min(failures - 1, 10);
            pause = seconds < LONGEST_PAUSE.toSeconds() ? Duration.ofSeconds(seconds) : LONGEST_PAUSE;
        }
        pausedUntil = poller.clock().instant().plus(pause);
        if (failures == 1) {
            problems.accept("bluesky: profiles from " + api + " unavailable (" + why + "); posts keep their author's DID"
                    + " and no followers until it answers, asked again in " + pause.toSeconds() + " s");
        }
    }

    private synchronized void answered() {
        if (failures > 0) {
            problems.accept("bluesky: profiles from " + api + " answer again, after " + failures + " failed lookups");
        }
        failures = 0;
    }

    /** Ends a lookup in flight at once, and every one after: the feed is closing. */
    void stop() {
        poller.stop();
        asking.shutdownNow();
        synchronized (this) {
            asked.values().forEach(lookup -> lookup.complete(null)); // those dropped from the queue: waited for no more
            asked.clear();
        }
    }
}
