package dev.earshot.ingest.live;

import java.util.List;
import java.util.Locale;

/**
 * The cheap first cut of a live feed: keep posts whose text names any tracked brand term (keyword,
 * handle, hashtag or domain), case-insensitively. The classifier decides properly downstream; this
 * only keeps the firehose from flooding Kafka.
 */
public final class BrandFilter {
    private final List<String> terms;

    public BrandFilter(List<String> terms) {
        this.terms = terms.stream().map(t -> t.toLowerCase(Locale.ROOT).replaceFirst("^[@#]", ""))
                .filter(t -> !t.isBlank()).distinct().toList();
    }

    /** A filter that keeps everything. */
    public static BrandFilter all() {
        return new BrandFilter(List.of());
    }

    public boolean matches(String text) {
        if (terms.isEmpty()) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String term : terms) {
            if (lower.contains(term)) {
                return true;
            }
        }
        return false;
    }
}
