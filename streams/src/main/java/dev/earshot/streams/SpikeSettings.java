package dev.earshot.streams;

import java.time.Duration;

/**
 * How feedback spikes are detected (see {@link SpikeDetector}).
 *
 * @param window     the counting window (default 15 minutes)
 * @param alpha      EWMA weight of the newest closed window in the baseline (default 0.3)
 * @param k          how many standard deviations above the baseline mean a window must reach (default 3)
 * @param minCount   a window below this count never alerts, however quiet the baseline (default 10)
 * @param warmup     closed windows a brand needs before its first alert (default 4: one hour)
 * @param cooldown   after an alert, no new alert for the brand until this has passed (default 1 hour)
 * @param negativeSentiment whether mentions NEGATIVE toward a brand are watched too, by a detector of
 *                   their own with the same settings (default off: a complaint is usually both
 *                   FEEDBACK and NEGATIVE, and watching both would mostly double the alerts)
 * @param grace      how long, in event time, a minute's partials are held before detection sees them,
 *                   so that partials arriving out of order are seen in order (default zero: none held,
 *                   every alert as soon as its count crosses; see {@link SpikeProcessor})
 * @param graceQuiet how long a task's partials must have stopped before it releases all it holds
 *                   whatever the grace (default {@link #DEFAULT_GRACE_QUIET})
 */
public record SpikeSettings(Duration window, double alpha, double k, long minCount, int warmup, Duration cooldown,
                            boolean negativeSentiment, Duration grace, Duration graceQuiet) {
    /**
     * The quiet after which a task releases all it holds, by default: well over the pauses in a backfill's
     * stream of partials (an upstream commit interval, a second by default; a cold start's first batches;
     * a rebalance among a few instances; a collector's pause), so that one still running does not look
     * finished, and short enough that its last alerts come a minute after it ends. Upstream tasks that
     * restore large state after a crash pause longer: raise it for such backfills.
     */
    public static final Duration DEFAULT_GRACE_QUIET = Duration.ofMinutes(1);
    public static final SpikeSettings DEFAULT = new SpikeSettings(Duration.ofMinutes(15), 0.3, 3.0, 10, 4, Duration.ofHours(1),
            false, Duration.ZERO, DEFAULT_GRACE_QUIET);

    /** Without negative-sentiment spikes or a grace. */
    public SpikeSettings(Duration window, double alpha, double k, long minCount, int warmup, Duration cooldown) {
        this(window, alpha, k, minCount, warmup, cooldown, false, Duration.ZERO, DEFAULT_GRACE_QUIET);
    }

    public SpikeSettings {
        if (window.isZero() || window.isNegative() || !(alpha > 0 && alpha <= 1) || k < 0 || minCount < 1 || warmup < 0
                || cooldown.isNegative()) {
            throw new IllegalArgumentException("invalid spike settings: " + window + ", alpha " + alpha + ", k " + k
                    + ", minCount " + minCount + ", warmup " + warmup + ", cooldown " + cooldown);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("spike.grace must not be negative, not " + grace);
        }
        if (graceQuiet.isNegative() || graceQuiet.isZero()) {
            throw new IllegalArgumentException("spike.grace.quiet must be positive, not " + graceQuiet);
        }
        if (window.toMillis() % 60_000 != 0) {
            // Spike detection counts the minute partials of mentions-by-brand: a window of whole minutes
            // holds each of them whole.
            throw new IllegalArgumentException("spike.window must be a whole number of minutes, not " + window);
        }
        if (window.compareTo(Duration.ofMinutes(3)) < 0) {
            // A window holds back the copies of its last two minutes until they are final: in a window of
            // one or two minutes every copy would still be held when it closes, and a flood never alert.
            throw new IllegalArgumentException("spike.window must be at least 3 minutes, not " + window);
        }
    }
}
