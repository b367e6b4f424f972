package dev.earshot.model.output;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The value of {@code brand.themes.1h}: what a brand's hour is about, as the terms, hashtags, handles
 * and links its mentions used more than the brand's own recent hours lead one to expect, most risen
 * first. The brand's own names, handles and hashtags are left out: every mention of it has them.
 *
 * @param mentions      the brand's pairs in the hour
 * @param baselineHours the earlier hours (of the brand's baseline span) that had mentions of the
 *                      brand; 0 means no baseline yet, and the themes are then the most used terms
 * @param themes        up to the configured number, most risen first
 */
public record Themes(String brand, Instant windowStart, Instant windowEnd, long mentions, int baselineHours,
                     List<Theme> themes) {
    public Themes {
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        themes = themes == null ? List.of() : List.copyOf(themes);
    }

    /** What a theme is, told by how it is written. */
    public enum Kind {
        /** a word of the text, lower case */
        WORD,
        /** {@code #tag}, lower case */
        HASHTAG,
        /** {@code @handle}, lower case */
        HANDLE,
        /** a link's {@code https://host/path}, the host lower case, without query or fragment */
        LINK;

        public static Kind of(String term) {
            if (term.startsWith("#")) {
                return HASHTAG;
            }
            if (term.startsWith("@")) {
                return HANDLE;
            }
            return term.startsWith("https://") || term.startsWith("http://") ? LINK : WORD;
        }
    }

    /**
     * One theme.
     *
     * @param mentions how many of the hour's mentions used it (each mention once)
     * @param expected how many would have, at its share of the baseline hours' mentions
     * @param score    (mentions - expected) / sqrt(expected + 1): how far above expectation, in
     *                 something like standard deviations of a count
     */
    public record Theme(String term, Kind kind, long mentions, double expected, double score) {
        public Theme {
            Objects.requireNonNull(term, "term");
            kind = kind == null ? Kind.of(term) : kind;
        }

        /** "battery (12, 0.4 expected)" for tail and reports. */
        public String text() {
            return String.format(Locale.ROOT, "%s (%d, %.1f expected)", term, mentions, expected);
        }
    }

    /** The Kafka key: {@code brand@windowStart}. */
    public String key() {
        return KeyFormat.BRAND_AT_WINDOW_START.key(brand, windowStart);
    }
}
