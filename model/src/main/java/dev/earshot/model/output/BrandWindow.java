package dev.earshot.model.output;

import dev.earshot.model.Category;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One brand's figures for one tumbling window: totals and totals per category. The value of
 * {@code brand.engagement.1m} and {@code .1h}; each update replaces the last for its key, so the
 * latest value per key is the exact figure.
 */
public record BrandWindow(String brand, Instant windowStart, Instant windowEnd, Counts totals,
                          Map<Category, Counts> byCategory) {
    public BrandWindow {
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(totals, "totals");
        EnumMap<Category, Counts> copy = new EnumMap<>(Category.class);
        copy.putAll(byCategory);
        byCategory = java.util.Collections.unmodifiableMap(copy);
    }

    public static BrandWindow empty(String brand, Instant start, Instant end) {
        return new BrandWindow(brand, start, end, Counts.ZERO, Map.of());
    }

    /** This window with more figures of its brand added: totals, and the same per category. */
    public BrandWindow plus(Counts moreTotals, Map<Category, Counts> moreByCategory) {
        EnumMap<Category, Counts> next = new EnumMap<>(Category.class);
        next.putAll(byCategory);
        moreByCategory.forEach((category, counts) -> next.merge(category, counts, Counts::plus));
        return new BrandWindow(brand, windowStart, windowEnd, totals.plus(moreTotals), next);
    }

    /** The same figures for the given window bounds (aggregation starts without them). */
    public BrandWindow withWindow(Instant start, Instant end) {
        return new BrandWindow(brand, start, end, totals, byCategory);
    }

    /** The Kafka key of this window's record: {@code brand@windowStart}. */
    public String key() {
        return KeyFormat.BRAND_AT_WINDOW_START.key(brand, windowStart);
    }
}
