package dev.earshot.streams;

import dev.earshot.model.output.Highlights;
import dev.earshot.classifier.Brand;
import dev.earshot.model.Mention;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who talked about a brand and which of its pages people shared, in one window: the authors with
 * the largest audiences and the brand links shared most. Kept to the top {@link #KEEP} of each so a
 * viral hour cannot grow the store without bound; an entry that falls out and comes back restarts
 * its count, which only ever affects the tail far below what the dashboard and report show.
 *
 * @param authors handle → that author's audience and activity about the brand
 * @param links   brand URL (tracking parameters and fragment removed) → times shared
 */
public record BrandHighlights(Map<String, Highlights.AuthorActivity> authors, Map<String, Long> links) {
    public static final int KEEP = 50;

    /** The top {@code limit} of each, as published. */
    public Highlights ranked(String brand, Instant windowStart, Instant windowEnd, int limit) {
        return new Highlights(brand, windowStart, windowEnd, topAuthors(limit), topLinks(limit));
    }

    public BrandHighlights {
        authors = Map.copyOf(authors);
        links = Map.copyOf(links);
    }

    public static BrandHighlights empty() {
        return new BrandHighlights(Map.of(), Map.of());
    }

    /** These highlights with one more mention of {@code brand}. */
    public BrandHighlights add(Mention m, Brand brand) {
        Tally tally = new Tally(this);
        tally.add(m, brand);
        return tally.highlights();
    }

    /**
     * Highlights being summed over many mentions, in maps changed in place: a batch's pairs of one brand
     * and hour are added one by one, and copying the maps for each of them cost more than classifying.
     * Trimmed to the top {@link #KEEP} once, when the highlights are taken.
     */
    static final class Tally {
        private final Map<String, Highlights.AuthorActivity> authors;
        private final Map<String, Long> links;

        Tally(BrandHighlights start) {
            authors = new HashMap<>(start.authors);
            links = new HashMap<>(start.links);
        }

        void add(Mention m, Brand brand) {
            if (!m.author().handle().isEmpty()) {
                Highlights.AuthorActivity one = new Highlights.AuthorActivity(m.author().handle(), m.author().followers(), 1,
                        m.engagement().likes() + m.engagement().shares() + m.engagement().comments());
                authors.merge(one.handle(), one, Highlights.AuthorActivity::plus);
            }
            if (brand != null) {
                for (String link : m.links()) {
                    String url = brandUrl(link, brand);
                    if (url != null) {
                        links.merge(url, 1L, Long::sum);
                    }
                }
            }
        }

        BrandHighlights highlights() {
            return new BrandHighlights(trim(authors, BY_AUDIENCE), trim(links, Comparator.naturalOrder()));
        }
    }

    private static final Comparator<Highlights.AuthorActivity> BY_AUDIENCE =
            Comparator.comparingLong(Highlights.AuthorActivity::followers).thenComparingLong(Highlights.AuthorActivity::mentions);

    /**
     * These highlights with a partial of the same window merged in, kept to the top {@link #KEEP} as
     * {@link #add} keeps them: what the hourly store does with each batch's partial.
     */
    public BrandHighlights plus(BrandHighlights partial) {
        BrandHighlights both = merge(partial);
        return new BrandHighlights(trim(both.authors, BY_AUDIENCE), trim(both.links, Comparator.naturalOrder()));
    }

    /** Highlights of two windows together (for a query over a range). */
    public BrandHighlights merge(BrandHighlights other) {
        Map<String, Highlights.AuthorActivity> a = new HashMap<>(authors);
        other.authors.forEach((k, v) -> a.merge(k, v, Highlights.AuthorActivity::plus));
        Map<String, Long> l = new HashMap<>(links);
        other.links.forEach((k, v) -> l.merge(k, v, Long::sum));
        return new BrandHighlights(a, l);
    }

    /** The authors with the largest audiences, largest first. */
    public List<Highlights.AuthorActivity> topAuthors(int limit) {
        return authors.values().stream()
                .sorted(Comparator.comparingLong(Highlights.AuthorActivity::followers).reversed().thenComparing(Highlights.AuthorActivity::handle))
                .limit(limit).toList();
    }

    /** The most-shared brand links, most first. */
    public List<Highlights.SharedLink> topLinks(int limit) {
        return links.entrySet().stream()
                .map(e -> new Highlights.SharedLink(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Highlights.SharedLink::shares).reversed().thenComparing(Highlights.SharedLink::url))
                .limit(limit).toList();
    }

    /** The link without tracking parameters and fragment when it points at the brand's web content, else null. */
    static String brandUrl(String link, Brand brand) {
        URI uri;
        try {
            uri = URI.create(link.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (uri.getHost() == null) {
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        if (!brand.ownsHost(host)) {
            return null;
        }
        StringBuilder url = new StringBuilder("https://").append(host).append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            List<String> kept = new ArrayList<>();
            for (String pair : uri.getRawQuery().split("&")) {
                if (!pair.toLowerCase(Locale.ROOT).startsWith("utm_") && !pair.isEmpty()) {
                    kept.add(pair);
                }
            }
            if (!kept.isEmpty()) {
                url.append('?').append(String.join("&", kept));
            }
        }
        return url.toString();
    }

    /** Drops the lowest entries once there are twice {@link #KEEP}, so trimming is rare. */
    private static <V> Map<String, V> trim(Map<String, V> map, Comparator<V> order) {
        if (map.size() <= 2 * KEEP) {
            return map;
        }
        Map<String, V> kept = new HashMap<>();
        map.entrySet().stream().sorted(Map.Entry.<String, V>comparingByValue(order).reversed()).limit(KEEP)
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }
}
