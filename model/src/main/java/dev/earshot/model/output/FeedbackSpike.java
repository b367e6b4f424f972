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
 * @param severity  1 to 10: how far the window's count is heading past the baseline, against how far
 *                  it had to go to alert (see {@link #severity(double, double, double)}); 0 in alerts
 *                  written before severities existed
 * @param risingTerms up to five words and hashtags of the window's FEEDBACK mentions that rose most
 *                  against the brand's baseline, most first: what the spike is about. Empty for
 *                  negative-sentiment alerts and in alerts written before terms were followed
 * @param topSamples up to five of the window's FEEDBACK mentions (NEGATIVE ones for a
 *                  negative-sentiment alert) counted before the alert, those whose authors reach most
 *                  people first: where to look first. Empty in alerts written before them
 * @param status    where the incident stands: {@code OPENED} by the window that crossed the threshold,
 *                  {@code UPDATED} by each later window that closed at or above its threshold, {@code
 *                  RESOLVED} by the first that closed below it (its figures are that window's);
 *                  OPENED in alerts written before the lifecycle
 * @param incident  the id of the incident's OPENED alert, the same on all its records: what a consumer
 *                  groups them by
 * @param amplified how many of the {@code count} mentions copy the wording of an earlier mention of the
 *                  brand (see {@link BrandWindow#amplified()}): a spike mostly of copies is a campaign or a
 *                  flood being reposted, not many people raising something. 0 in alerts written before
 *                  copies were counted; {@link #amplifiedShare()} is published beside it
 * @param suspect   how many of the {@code count} mentions are suspect (see {@link Suspects}): 0 while
 *                  suspects are left out of spike detection ({@code suspect.exclude}, the default), and
 *                  in alerts written before suspects were marked. The severity grades the count
 *                  without them
 */
public record FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                            double threshold, double ratio, List<String> sampleIds, Signal signal, int severity,
                            List<String> risingTerms, List<Sample> topSamples, Status status, String incident,
                            long amplified, long suspect) {
    /** The highest severity. */
    public static final int MAX_SEVERITY = 10;

    /** What an alert counts. */
    public enum Signal { FEEDBACK, NEGATIVE_SENTIMENT }

    /** Where an incident stands. */
    public enum Status { OPENED, UPDATED, RESOLVED }

    /**
     * One mention an alert shows.
     *
     * @param id        the mention's id
     * @param author    its author's handle, or empty
     * @param followers its author's audience
     * @param excerpt   its text with runs of whitespace as one space, cut to {@value #EXCERPT} characters
     *                  with an ellipsis
     * @param url       the post's own address, or empty
     */
    public record Sample(String id, String author, long followers, String excerpt, String url) {
        /** Characters of text an excerpt keeps. */
        public static final int EXCERPT = 140;

        public Sample {
            java.util.Objects.requireNonNull(id, "id");
            author = author == null ? "" : author;
            excerpt = excerpt == null ? "" : excerpt;
            url = url == null ? "" : url;
        }

        public static Sample of(dev.earshot.model.Mention m) {
            // Unicode's whitespace, line and paragraph separators included, which would break a line in Slack or a terminal.
            String text = m.text().strip().replaceAll("(?U)\\s+", " ");
            if (text.length() > EXCERPT) {
                int cut = Character.isHighSurrogate(text.charAt(EXCERPT - 1)) ? EXCERPT - 1 : EXCERPT;
                text = text.substring(0, cut) + "…";
            }
            return new Sample(m.id(), m.author().handle(), m.author().followers(), text, m.url());
        }
    }

    /** A spike of {@code signal}, its severity graded on its count as if its window were over. */
    public FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                         double threshold, double ratio, List<String> sampleIds, Signal signal) {
        this(brand, windowStart, windowEnd, count, baseline, threshold, ratio, sampleIds, signal,
                severity(count, baseline, threshold), List.of(), List.of());
    }

    /** A spike without rising terms. */
    public FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                         double threshold, double ratio, List<String> sampleIds, Signal signal, int severity) {
        this(brand, windowStart, windowEnd, count, baseline, threshold, ratio, sampleIds, signal, severity, List.of(), List.of());
    }

    /** The alert that opens an incident. */
    public FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                         double threshold, double ratio, List<String> sampleIds, Signal signal, int severity,
                         List<String> risingTerms, List<Sample> topSamples) {
        this(brand, windowStart, windowEnd, count, baseline, threshold, ratio, sampleIds, signal, severity, risingTerms,
                topSamples, Status.OPENED, null);
    }

    /** A record of an incident without copies counted, as one written before they were reads. */
    public FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                         double threshold, double ratio, List<String> sampleIds, Signal signal, int severity,
                         List<String> risingTerms, List<Sample> topSamples, Status status, String incident) {
        this(brand, windowStart, windowEnd, count, baseline, threshold, ratio, sampleIds, signal, severity, risingTerms,
                topSamples, status, incident, 0);
    }

    /** A record of an incident without suspects marked, as one written before they were reads. */
    public FeedbackSpike(String brand, Instant windowStart, Instant windowEnd, long count, double baseline,
                         double threshold, double ratio, List<String> sampleIds, Signal signal, int severity,
                         List<String> risingTerms, List<Sample> topSamples, Status status, String incident, long amplified) {
        this(brand, windowStart, windowEnd, count, baseline, threshold, ratio, sampleIds, signal, severity, risingTerms,
                topSamples, status, incident, amplified, 0);
    }

    /** The share of the count that copies an earlier mention, 0 to 1 in thousandths; 0 for an empty window. */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "amplifiedShare", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public double amplifiedShare() {
        return count > 0 ? Math.round(1000.0 * amplified / count) / 1000.0 : 0;
    }

    /**
     * Whether {@link #ratio} is the count as a multiple of the usual: not under a usual of one mention
     * a window, where the ratio is the count itself and readers show no multiple ("12.0×" of 0.4).
     */
    public boolean ratioIsAMultiple() {
        return baseline >= 1;
    }

    /** The severity as readers show it, {@code "7/10"}; a dash for an alert written before severities. */
    public String severityText() {
        return severity > 0 ? severity + "/" + MAX_SEVERITY : "–";
    }

    /** The rising terms as readers show them, comma-separated; a dash when there are none. */
    public String risingTermsText() {
        return risingTerms.isEmpty() ? "–" : String.join(", ", risingTerms);
    }

    /**
     * How grave a spike is, from 1 to 10: the count's excess over the baseline measured in the excess
     * the threshold asked for, {@code x = (count - baseline) / (threshold - baseline)}, which is at
     * least 1 when the alert fires; severity {@code 1 + floor(3 log2 x)}, at most 10. A count just at
     * the threshold is 1, twice the excess it needed is 4, four times 7, eight times 10. The excess is
     * measured in the threshold's own (k standard deviations, or up to the minimum count for a quiet
     * brand; in mentions when the threshold is at the baseline), so a brand with a large, steady
     * volume, whose deviation is small beside its volume, grades higher for the same rise in
     * proportion. The spike detector passes the count the window is heading for at its pace so far,
     * not the count at the crossing.
     */
    public static int severity(double count, double baseline, double threshold) {
        double needed = threshold - baseline;
        double excess = count - baseline;
        if (excess <= 0) {
            return 1;
        }
        // A threshold at the baseline (no variation yet, minimum count reached) measures the excess in mentions.
        double x = needed > 0 ? excess / needed : excess;
        if (!(x < 1 << 10)) {
            return MAX_SEVERITY; // far past the top of the scale, or infinite
        }
        return (int) Math.min(MAX_SEVERITY, 1 + (long) Math.floor(3 * Math.log(Math.max(1, x)) / Math.log(2) + 1e-9));
    }

    public FeedbackSpike {
        if (severity < 0 || severity > MAX_SEVERITY) {
            throw new IllegalArgumentException("a severity lies in 1.." + MAX_SEVERITY + " (0 before severities), not " + severity);
        }
        signal = signal == null ? Signal.FEEDBACK : signal;
        java.util.Objects.requireNonNull(brand, "brand");
        java.util.Objects.requireNonNull(windowStart, "windowStart");
        java.util.Objects.requireNonNull(windowEnd, "windowEnd");
        sampleIds = sampleIds == null ? List.of() : List.copyOf(sampleIds);
        risingTerms = risingTerms == null ? List.of() : List.copyOf(risingTerms);
        topSamples = topSamples == null ? List.of() : List.copyOf(topSamples);
        status = status == null ? Status.OPENED : status;
        if (amplified < 0 || amplified > Math.max(count, 0)) {
            throw new IllegalArgumentException("amplified " + amplified + " of a count of " + count);
        }
        if (suspect < 0 || suspect > Math.max(count, 0)) {
            throw new IllegalArgumentException("suspect " + suspect + " of a count of " + count);
        }
        if (incident == null) {
            if (status != Status.OPENED) {
                throw new IllegalArgumentException("an " + status + " alert names the incident it belongs to");
            }
            incident = openingId(brand, windowStart, signal);
        }
    }

    /**
     * Identifies the alert for idempotent delivery and in the recent-alerts store: one alert per brand,
     * window, signal and status ({@code brand@windowStart} for feedback, as before sentiment; with
     * {@code /negative-sentiment} after it for the other; then {@code /updated} or {@code /resolved} for
     * those, whose window is the one they report). Not the record's Kafka key, which is the brand.
     */
    public String id() {
        String id = openingId(brand, windowStart, signal);
        return status == Status.OPENED ? id : id + "/" + status.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The id of the OPENED alert of a brand, window and signal, which is also its incident's. */
    public static String openingId(String brand, Instant windowStart, Signal signal) {
        String id = KeyFormat.BRAND_AT_WINDOW_START.key(brand, windowStart);
        return signal == Signal.FEEDBACK ? id : id + "/negative-sentiment";
    }
}
