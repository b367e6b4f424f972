package dev.earshot.ingest.live;

import java.util.Collection;
import java.util.List;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cheap first cut of a live feed: keep posts whose text names any tracked brand term (keyword,
 * handle, hashtag or domain), case- and accent-insensitively, as the classifier reads them ("citroën"
 * and "Citroen" alike). The classifier decides properly downstream; this only keeps the firehose from
 * flooding Kafka, so it may keep a post too many, never drop one the classifier would have taken.
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
        this.terms = terms.stream().map(t -> fold(t.toLowerCase(Locale.ROOT)).replaceFirst("^[@#]", ""))
                .filter(t -> !t.isBlank()).distinct().toList();
        this.words = words.stream().map(w -> fold(w.toLowerCase(Locale.ROOT))).collect(Collectors.toUnmodifiableSet());
    }

    /** A filter that keeps everything. */
    public static BrandFilter all() {
        return new BrandFilter(List.of());
    }

    public boolean matches(String text) {
        if (terms.isEmpty() && words.isEmpty()) {
            return true;
        }
        String lower = fold(text.toLowerCase(Locale.ROOT));
        for (String term : terms) {
            if (lower.contains(term)) {
                return true;
            }
        }
        return !words.isEmpty() && holdsWord(lower);
    }

    /** Latin letters with no decomposition, which the classifier's folding still reads as these. */
    private static final Map<Character, String> UNDECOMPOSED = Map.of('ß', "ss", 'ø', "o", 'æ', "ae", 'œ', "oe",
            'ł', "l", 'đ', "d", 'ð', "d", 'þ', "th", 'ı', "i");

    /**
     * Lower-case text without its accents: decomposed (NFD), its combining marks dropped, and the few
     * Latin letters that do not decompose spelt out. The classifier folds with Lucene's ASCII folding;
     * this module has no Lucene, and a filter that folds a little more than that only keeps a post the
     * classifier then leaves out.
     */
    static String fold(String lower) {
        int i = 0;
        while (i < lower.length() && lower.charAt(i) < 0x80) {
            i++;
        }
        if (i == lower.length()) {
            return lower;
        }
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int k = 0; k < decomposed.length(); k++) {
            char c = decomposed.charAt(k);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            String spelt = c < 0xDF ? null : UNDECOMPOSED.get(c);
            if (spelt != null) {
                out.append(spelt);
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
