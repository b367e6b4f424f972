package dev.earshot.model.output;

import dev.earshot.model.Category;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One brand's figures for one tumbling window: totals, totals per category, the sentiment of its
 * pairs, and how many of them are originals and how many copy an earlier mention's wording
 * (amplified; {@code originals + amplified = mentions}), and which of them are suspect (spam, bots,
 * floods; counted in the figures too, and apart here). The value of
 * {@code brand.engagement.1m} and {@code .1h}; each update replaces the last for its key, so the
 * latest value per key is the exact figure.
 */
public record BrandWindow(String brand, Instant windowStart, Instant windowEnd, Counts totals,
                          Map<Category, Counts> byCategory, SentimentCounts sentiment, long amplified, Suspects suspect) {
    public BrandWindow {
        // Not checked against the totals: a window is summed in the stream, where a throw would stop it.
        suspect = suspect == null ? Suspects.NONE : suspect;
        Objects.requireNonNull(totals, "totals");
        if (amplified < 0 || amplified > totals.mentions()) {
            throw new IllegalArgumentException("amplified " + amplified + " of " + totals.mentions() + " mentions");
        }
        sentiment = sentiment == null ? SentimentCounts.ZERO : sentiment;
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(totals, "totals");
        EnumMap<Category, Counts> copy = new EnumMap<>(Category.class);
        copy.putAll(byCategory);
        byCategory = java.util.Collections.unmodifiableMap(copy);
    }

    /** Figures without suspects: what a window written before they were marked holds. */
    public BrandWindow(String brand, Instant windowStart, Instant windowEnd, Counts totals, Map<Category, Counts> byCategory,
                       SentimentCounts sentiment, long amplified) {
        this(brand, windowStart, windowEnd, totals, byCategory, sentiment, amplified, Suspects.NONE);
    }

    /** Figures without copies counted: what a window written before they were holds (all its pairs originals). */
    public BrandWindow(String brand, Instant windowStart, Instant windowEnd, Counts totals, Map<Category, Counts> byCategory,
                       SentimentCounts sentiment) {
        this(brand, windowStart, windowEnd, totals, byCategory, sentiment, 0);
    }

    /** Figures without sentiment: what a window written before sentiment existed holds. */
    public BrandWindow(String brand, Instant windowStart, Instant windowEnd, Counts totals, Map<Category, Counts> byCategory) {
        this(brand, windowStart, windowEnd, totals, byCategory, SentimentCounts.ZERO, 0);
    }

    public static BrandWindow empty(String brand, Instant start, Instant end) {
        return new BrandWindow(brand, start, end, Counts.ZERO, Map.of(), SentimentCounts.ZERO, 0);
    }

    /**
     * This window with more figures of its brand added: totals, the same per category, sentiment, and
     * how many of the added pairs are amplified copies.
     */
    public BrandWindow plus(Counts moreTotals, Map<Category, Counts> moreByCategory, SentimentCounts moreSentiment,
                            long moreAmplified, Suspects moreSuspect) {
        EnumMap<Category, Counts> next = new EnumMap<>(Category.class);
        next.putAll(byCategory);
        moreByCategory.forEach((category, counts) -> next.merge(category, counts, Counts::plus));
        return new BrandWindow(brand, windowStart, windowEnd, totals.plus(moreTotals), next, sentiment.plus(moreSentiment),
                amplified + moreAmplified, suspect.plus(moreSuspect));
    }

    /** The same figures for the given window bounds (aggregation starts without them). */
    public BrandWindow withWindow(String brandId, Instant start, Instant end) {
        return new BrandWindow(brandId, start, end, totals, byCategory, sentiment, amplified, suspect);
    }

    /** Its pairs that were the first of their wording the brand had seen recently: {@code mentions - amplified}. */
    public long originals() {
        return totals.mentions() - amplified;
    }

    /** Its figures without its suspect pairs': what share of voice counts by default. */
    public Counts credible() {
        return totals.minus(suspect.totals());
    }

    /** (positive − negative) / (positive + negative) of its pairs, null when it has neither. */
    public Double netSentiment() {
        return sentiment.netSentiment();
    }

    /** The Kafka key of this window's record: {@code brand@windowStart}. */
    public String key() {
        return KeyFormat.BRAND_AT_WINDOW_START.key(brand, windowStart);
    }
}
