package dev.earshot.ingest.live;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cheap first cut of a live feed: keep posts whose text names any tracked brand term (keyword,
 * handle, hashtag or domain), case-insensitively. The classifier decides properly downstream; this
 * only keeps the firehose from flooding Kafka.
 */
public final class BrandFilter {
    private final List<String> terms;
    /** Terms kept only as whole words, looked up once per word of a post rather than searched for. */
    private final Set<String> words;

    public BrandFilter(List<String> terms) {
        this(terms, List.of());
    }

    /**
     * @param words terms that count only as whole words (a brand's misspellings, of which it may have
     *              hundreds): each post is split into words once, not searched once per term
     */
    public BrandFilter(List<String> terms, Collection<String> words) {
        this.terms = terms.stream().map(t -> t.toLowerCase(Locale.ROOT).replaceFirst("^[@#]", ""))
                .filter(t -> !t.isBlank()).distinct().toList();
        this.words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** A filter that keeps everything. */
    public static BrandFilter all() {
        return new BrandFilter(List.of());
    }

    public boolean matches(String text) {
        if (terms.isEmpty() && words.isEmpty()) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String term : terms) {
            if (lower.contains(term)) {
                return true;
            }
        }
        return !words.isEmpty() && holdsWord(lower);
    }

    private boolean holdsWord(String lower) {
        for (int i = 0; i < lower.length(); ) {
            if (!Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < lower.length() && Character.isLetterOrDigit(lower.charAt(end))) {
                end++;
            }
            if (words.contains(lower.substring(i, end))) {
                return true;
            }
            i = end;
        }
        return false;
    }
}
