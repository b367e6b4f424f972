package dev.earshot.model.output;

import java.time.Instant;
import java.util.List;

/**
 * An alert on {@code alerts.feedback-spikes}: a brand's FEEDBACK mentions in one window rose above
 * its baseline, or (with {@code spike.negative.sentiment} on) its NEGATIVE mentions did.
 *
 * @param count     FEEDBACK mentions in the window when the alert fired
 * @param baseline  the brand's expected count per window (EWMA of earlier windows)
 * @param threshold the count the window had to reach
 * @param ratio     count / baseline (count itself when the baseline is below one)
 * @param sampleIds up to five mentions of the window, for a first look
 * @param signal    what rose: FEEDBACK mentions, or mentions NEGATIVE toward the brand; FEEDBACK in
 *                  alerts written before the field existed
 */
public record FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                            double threshold, double ratio, List<String> sampleIds, Signal signal) {
    /** What an alert counts. */
    public enum Signal { FEEDBACK, NEGATIVE_SENTIMENT }

    /** A feedback spike. */
    public FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                         double threshold, double ratio, List<String> sampleIds) {
        this(brand, windowStart, windowEnd, count, baseline, threshold, ratio, sampleIds, Signal.FEEDBACK);
    }

    public FeedbackSpike {
        signal = signal == null ? Signal.FEEDBACK : signal;
        java.util.Objects.requireNonNull(brand, "brand");
        java.util.Objects.requireNonNull(windowStart, "windowStart");
        java.util.Objects.requireNonNull(windowEnd, "windowEnd");
        sampleIds = sampleIds == null ? List.of() : List.copyOf(sampleIds);
    }

    /**
     * Identifies the alert for idempotent delivery and in the recent-alerts store: one alert per brand,
     * window and signal ({@code brand@windowStart} for feedback, as before sentiment; with
     * {@code /negative-sentiment} after it for the other). Not the record's Kafka key, which is the brand.
     */
    public String id() {
        String id = KeyFormat.BRAND_AT_WINDOW_START.key(brand, windowStart);
        return signal == Signal.FEEDBACK ? id : id + "/negative-sentiment";
    }
}
