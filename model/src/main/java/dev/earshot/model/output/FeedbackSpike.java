package dev.earshot.model.output;

import java.time.Instant;
import java.util.List;

/**
 * An alert on {@code alerts.feedback-spikes}: a brand's FEEDBACK mentions in one window rose above
 * its baseline.
 *
 * @param count     FEEDBACK mentions in the window when the alert fired
 * @param baseline  the brand's expected count per window (EWMA of earlier windows)
 * @param threshold the count the window had to reach
 * @param ratio     count / baseline (count itself when the baseline is below one)
 * @param sampleIds up to five mentions of the window, for a first look
 */
public record FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                            double threshold, double ratio, List<String> sampleIds) {
    public FeedbackSpike {
        java.util.Objects.requireNonNull(brand, "brand");
        java.util.Objects.requireNonNull(windowStart, "windowStart");
        java.util.Objects.requireNonNull(windowEnd, "windowEnd");
        sampleIds = sampleIds == null ? List.of() : List.copyOf(sampleIds);
    }

    /**
     * Identifies the alert for idempotent delivery and in the recent-alerts store: one alert per brand
     * and window. Not the record's Kafka key, which is the brand.
     */
    public String id() {
        return KeyFormat.BRAND_AT_WINDOW_START.key(brand, windowStart);
    }
}
