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
import java.util.function.Consumer;

/**
 * The handles and follower counts of Bluesky accounts, by DID, from the public AppView's
 * {@code app.bsky.actor.getProfile}: Jetstream carries neither, and with no followers no Bluesky author
 * could ever be taken for an influencer. Asked once per account an hour (the last {@link #CACHED}
 * accounts kept), one attempt of a few seconds each, for the authors of posts that name a tracked
 * brand only. An account the API gives no profile for keeps its DID and no followers, and is asked
 * for again after {@link #RETRY_UNKNOWN}; a 429 pauses every lookup for as long as the API asks.
 */
final class BlueskyProfiles {
    /** An account's handle (without {@code @}) and follower count. */
    record Profile(String handle, long followers) {
    }

    static final int CACHED = 10_000;
    static final Duration FRESH = Duration.ofHours(1);
    static final Duration RETRY_UNKNOWN = Duration.ofMinutes(5);
    /** What Bluesky names an account whose handle no longer verifies: its DID says more. */
    private static final String INVALID_HANDLE = "handle.invalid";

    private record Known(Profile profile, Instant until) {
    }

    private final URI api;
    private final Poller poller;
    private final Consumer<String> problems;
    private final Map<String, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > CACHED;
        }
    };
    private Instant pausedUntil = Instant.MIN;
    private boolean toldFailing;

    /**
     * @param api    the AppView's root, e.g. {@code https://public.api.bsky.app/}
     * @param poller asks it; its clock dates what is known
     */
    BlueskyProfiles(URI api, Poller poller, Consumer<String> problems) {
        this.api = api;
        this.poller = poller;
        this.problems = problems;
    }

    /** The account's profile, or null when the API gives none (not found, failing, paused, stopped). */
    synchronized Profile of(String did) {
        Instant now = poller.clock().instant();
        Known cached = known.get(did);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.profile();
        }
        if (now.isBefore(pausedUntil)) {
            return cached != null ? cached.profile() : null;
        }
        try {
            JsonNode profile = poller.getOnce(api.resolve("xrpc/app.bsky.actor.getProfile?actor="
                    + URLEncoder.encode(did, StandardCharsets.UTF_8)));
            toldFailing = false;
            Profile found = null;
            if (profile != null && did.equals(profile.path("did").asText())) {
                String handle = profile.path("handle").asText("");
                found = new Profile(handle.isEmpty() || handle.equals(INVALID_HANDLE) ? null : handle,
                        Math.max(0, profile.path("followersCount").asLong(0)));
            }
            known.put(did, new Known(found, now.plus(found != null ? FRESH : RETRY_UNKNOWN)));
            return found;
        } catch (Poller.RateLimited e) {
            pausedUntil = now.plus(e.asked());
            tell("asked to wait " + e.asked().toSeconds() + " s (429); followers are 0 until then");
        } catch (java.io.InterruptedIOException e) {
            return null; // the feed is closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException e) {
            // A failing API costs a post its author's reach, not the post: it is sent with its DID.
            known.put(did, new Known(cached != null ? cached.profile() : null, now.plus(RETRY_UNKNOWN)));
            tell(e.getMessage());
        }
        return cached != null ? cached.profile() : null;
    }

    /** Ends a lookup in flight at once: the feed is closing. */
    void stop() {
        poller.stop();
    }

    /** Tells the first failure of a run of them, not each. */
    private void tell(String why) {
        if (!toldFailing) {
            toldFailing = true;
            problems.accept("bluesky: profiles from " + api + " unavailable (" + why + "); posts keep their author's DID"
                    + " and no followers until it answers");
        }
    }
}
