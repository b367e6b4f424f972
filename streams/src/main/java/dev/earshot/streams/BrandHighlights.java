package dev.earshot.streams;

import dev.earshot.model.output.Counts;
import dev.earshot.model.output.Highlights;
import dev.earshot.classifier.Brand;
import dev.earshot.classifier.ThemeTerms;
import dev.earshot.classifier.sentiment.SentimentScorer;
import dev.earshot.model.Mention;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who talked about a brand, which of its pages people shared and what they wrote about, in one
 * window: the authors with the largest audiences, the brand links shared most, and the terms,
 * hashtags, handles and links its mentions used ({@link BrandThemes} ranks them against earlier
 * hours). Kept to the top {@link #KEEP} authors and links and {@link #KEEP_TERMS} terms so a viral
 * hour cannot grow the store without bound; an entry that falls out and comes back restarts its
 * count, which only ever affects the tail far below what the dashboard and report show.
 *
 * @param authors  handle → that author's audience and activity about the brand
 * @param links    brand URL (tracking parameters and fragment removed) → times shared
 * @param mentions the brand's pairs counted, or {@link #BEFORE_THEMES} for an hour a release without
 *                 themes began to count (its terms are only partly counted, and no theme is told from it)
 * @param terms    term → mentions that used it, the brand's own names, handles and hashtags left out
 */
public record BrandHighlights(Map<String, Highlights.AuthorActivity> authors, Map<String, Long> links, long mentions,
                              Map<String, Long> terms) {
    public static final int KEEP = 50;
    /**
     * Terms kept per window (up to twice as many between trims). A theme must be among a brand's most
     * used terms of its hour to be seen, and a term rare in the baseline hours counts as absent there;
     * 500 covers the few dozen an hour's story is told by with room to spare, in some kilobytes per
     * brand and hour.
     */
    public static final int KEEP_TERMS = 500;
    /**
     * Terms a batch's partial keeps (up to twice as many before it is trimmed): more than the window
     * keeps, as a term a hundredth of a busy hour's mentions use appears once or not at all in each
     * batch, and a partial cut to its few hundred most used would drop it from batch after batch.
     */
    static final int KEEP_PARTIAL_TERMS = 2_000;
    /** The mention count of highlights counted before themes existed. */
    public static final long BEFORE_THEMES = -1;

    /** Whether the terms were counted from the window's first mention, so themes can be told from them. */
    public boolean countsTerms() {
        return mentions >= 0;
    }

    /** The top {@code limit} of each, as published. */
    public Highlights ranked(String brand, Instant windowStart, Instant windowEnd, int limit) {
        return new Highlights(brand, windowStart, windowEnd, topAuthors(limit), topLinks(limit));
    }

    public BrandHighlights {
        authors = Map.copyOf(authors);
        links = Map.copyOf(links);
        terms = Map.copyOf(terms);
    }

    public static BrandHighlights empty() {
        return new BrandHighlights(Map.of(), Map.of(), 0, Map.of());
    }

    /** These highlights with one more mention of {@code brand}. */
    public BrandHighlights add(Mention m, Brand brand) {
        Tally tally = new Tally(this);
        tally.add(m, brand, ThemeTerms.withHandles(m.text()));
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
        private final Map<String, Long> terms;
        private long mentions;
        /** The brand's own forms, left out of its terms; read from the first mention's brand. */
        private Set<String> ownForms;

        Tally(BrandHighlights start) {
            authors = new HashMap<>(start.authors);
            links = new HashMap<>(start.links);
            terms = new HashMap<>(start.terms);
            mentions = start.mentions;
        }

        /**
         * Adds a mention of {@code brand} whose {@link ThemeTerms#withHandles theme terms and handles} are
         * {@code mentionTerms}, read once for all of its pairs.
         */
        void add(Mention m, Brand brand, Set<String> mentionTerms) {
            if (mentions != BEFORE_THEMES) {
                mentions++;
            }
            Set<String> own = ownForms;
            if (own == null) {
                own = ownForms(brand);
                if (brand != null) {
                    ownForms = own; // a batch's pairs of one brand and hour share it
                }
            }
            for (String term : mentionTerms) {
                // Folded as the brand queries fold: "nestle" in a post is Nestlé's own name, as it matched.
                if (!own.contains(term) && !own.contains(SentimentScorer.fold(term))) {
                    terms.merge(term, 1L, Long::sum);
                }
            }
            Set<String> linked = new HashSet<>();
            for (String link : m.links()) {
                String theme = themeLink(link);
                if (theme != null && linked.add(theme)) {
                    terms.merge(theme, 1L, Long::sum);
                }
            }
            if (!m.author().handle().isEmpty()) {
                Highlights.AuthorActivity one = new Highlights.AuthorActivity(m.author().handle(), m.author().followers(), 1,
                        Counts.engagement(m.engagement().likes(), m.engagement().shares(), m.engagement().comments()));
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
            return new BrandHighlights(trim(authors, BY_AUDIENCE, KEEP), trim(links, Comparator.naturalOrder(), KEEP),
                    mentions, trim(terms, Comparator.naturalOrder(), KEEP_PARTIAL_TERMS));
        }
    }

    /**
     * The forms of a brand its own mentions are bound to use: its keywords' words and the misspellings
     * it takes, handles (its domains as handles too) and hashtags.
     */
    static Set<String> ownForms(Brand brand) {
        if (brand == null) {
            return Set.of();
        }
        Set<String> forms = new HashSet<>(brand.tagForms());
        forms.addAll(brand.handleForms());
        for (String keyword : brand.keywords()) {
            forms.addAll(ThemeTerms.of(keyword));
        }
        forms.addAll(ThemeTerms.of(brand.name()));
        forms.addAll(brand.misspelt());
        for (String form : List.copyOf(forms)) {
            forms.add(SentimentScorer.fold(form));
        }
        return forms;
    }

    /**
     * A link as a theme: {@code https://host/path}, the host lower case without {@code www.}, no
     * query, fragment or closing slash, so the shares of one page count together; null when it is no
     * web link.
     */
    static String themeLink(String link) {
        URI uri = withHost(link);
        if (uri == null || uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
            return null;
        }
        String host = host(uri);
        // Non-ASCII percent-encoded, as the link's own bytes would be: no bidirectional control or
        // look-alike letter reaches a dashboard, a terminal or a report as itself. A link of ASCII
        // alone is its own ASCII form, and parsing it again (for each link of each pair) would give
        // the same path.
        String path = isAscii(uri.toString()) ? uri.getRawPath() : URI.create(uri.toASCIIString()).getRawPath();
        path = path == null ? "" : path;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String theme = "https://" + host + path;
        return theme.length() <= MAX_LINK ? theme : null;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The link as a URI when it parses and names a host, else null. */
    private static URI withHost(String link) {
        try {
            URI uri = URI.create(link.trim());
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The link's host, lower case, without {@code www.}: one site however it is written. */
    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /** Longer links are no theme: tracking-laden paths nobody reads, and they would bloat the store. */
    static final int MAX_LINK = 200;

    private static final Comparator<Highlights.AuthorActivity> BY_AUDIENCE =
            Comparator.comparingLong(Highlights.AuthorActivity::followers).thenComparingLong(Highlights.AuthorActivity::mentions);

    /**
     * These highlights with a partial of the same window merged in, kept to the top {@link #KEEP} as
     * {@link #add} keeps them: what the hourly store does with each batch's partial.
     */
    public BrandHighlights plus(BrandHighlights partial) {
        BrandHighlights both = merge(partial);
        return new BrandHighlights(trim(both.authors, BY_AUDIENCE, KEEP), trim(both.links, Comparator.naturalOrder(), KEEP),
                both.mentions, trim(both.terms, Comparator.naturalOrder(), KEEP_TERMS));
    }

    /** Highlights of two windows together (for a query over a range). */
    public BrandHighlights merge(BrandHighlights other) {
        Map<String, Highlights.AuthorActivity> a = new HashMap<>(authors);
        other.authors.forEach((k, v) -> a.merge(k, v, Highlights.AuthorActivity::plus));
        Map<String, Long> l = new HashMap<>(links);
        other.links.forEach((k, v) -> l.merge(k, v, Long::sum));
        Map<String, Long> t = new HashMap<>(terms);
        other.terms.forEach((k, v) -> t.merge(k, v, Long::sum));
        long both = countsTerms() && other.countsTerms() ? mentions + other.mentions : BEFORE_THEMES;
        return new BrandHighlights(a, l, both, t);
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
        URI uri = withHost(link);
        if (uri == null) {
            return null;
        }
        String host = host(uri);
        if (!brand.ownsHost(host)) {
            return null;
        }
        if (!isAscii(uri.toString())) {
            // Percent-encoded as themeLink does: a bidirectional control in a path would turn the
            // dashboard's text around it, on the one panel where links are links.
            uri = URI.create(uri.toASCIIString());
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

    /**
     * Drops the lowest entries once there are twice {@code keep}, so trimming is rare. Among equals,
     * those whose keys hash lowest stay: the same whatever order the entries came in, and not always
     * the same end of the alphabet.
     */
    private static <V> Map<String, V> trim(Map<String, V> map, Comparator<V> order, int keep) {
        if (map.size() <= 2 * keep) {
            return map;
        }
        Map<String, V> kept = new HashMap<>();
        map.entrySet().stream().sorted(Map.Entry.<String, V>comparingByValue(order).reversed()
                        .thenComparingInt((Map.Entry<String, V> e) -> e.getKey().hashCode())
                        .thenComparing(Map.Entry.comparingByKey())).limit(keep)
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }
}
