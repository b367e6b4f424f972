package dev.earshot.model.output;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The value of {@code brand.highlights.1h} and of the query API's highlights: a brand's authors with
 * the largest audiences and its most-shared links over a window or range, largest first.
 */
public record Highlights(String brand, Instant windowStart, Instant windowEnd, List<AuthorActivity> influencers,
                         List<SharedLink> links) {
    public Highlights {
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        influencers = influencers == null ? List.of() : List.copyOf(influencers);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** One author's audience and what their mentions of the brand gathered. */
    public record AuthorActivity(String handle, long followers, long mentions, long engagement) {
        /** The same author's activity in two windows or partials together. */
        public AuthorActivity plus(AuthorActivity other) {
            return new AuthorActivity(handle, Math.max(followers, other.followers), Counts.sum(mentions, other.mentions),
                    Counts.sum(engagement, other.engagement));
        }
    }

    /** A brand link (tracking parameters removed) and how often it was shared. */
    public record SharedLink(String url, long shares) {
    }

    /** The Kafka key: {@code brand@windowStart}. */
    public String key() {
        return KeyFormat.BRAND_AT_WINDOW_START.key(brand, windowStart);
    }
}
