package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Feedback-spike detection for one brand, as pure functions over a small state kept in a store.
 *
 * <p>FEEDBACK mentions are counted per tumbling window of event time. When a window closes (a
 * mention of a later window arrives), its count joins the brand's baseline: an exponentially
 * weighted mean and variance of earlier windows, with empty windows in between counted as zero. A
 * window alerts as soon as its count reaches {@code max(minCount, mean + k·σ)}, where σ² is the larger
 * of the EWMA variance and the mean (the variance of a Poisson count), once the brand has
 * {@code warmup} closed windows behind it, at most once per window and not within {@code cooldown}
 * of the brand's previous alert. Mentions of windows already closed are late: they count nowhere.
 */
public final class SpikeDetector {
    /** Sample mention ids an alert carries. */
    static final int SAMPLES = 5;
    /** Gaps longer than this many empty windows add no more zeros: a day of silence is enough. */
    private static final int MAX_EMPTY_WINDOWS = 96;

    /**
     * What the detector remembers of one brand; {@code latest} is the latest event time counted in the
     * current window (null before any, and in states written before it was kept), which paces the
     * severity: records of a window may arrive out of order.
     */
    public record State(Instant windowStart, long count, List<String> samples, double mean, double variance,
                        int closedWindows, Instant alertedWindow, Instant lastAlert, Instant latest) {
        public State {
            samples = List.copyOf(samples);
        }
    }

    /** The state after one mention or partial, and the alert it raised if any; {@code late} when it was dropped. */
    public record Outcome(State state, Optional<FeedbackSpike> alert, boolean late) {
    }

    private final SpikeSettings settings;

    public SpikeDetector(SpikeSettings settings) {
        this.settings = settings;
    }

    public Outcome observe(String brand, State state, String mentionId, Instant eventTime) {
        return observe(brand, state, 1, List.of(mentionId), eventTime);
    }

    /**
     * The state after {@code count} FEEDBACK mentions of one window at once (a minute's partial), of
     * which {@code ids} are examples; an alert raised by them reports the window's count with all of
     * them in it.
     */
    public Outcome observe(String brand, State state, long count, List<String> ids, Instant eventTime) {
        return observe(brand, state, count, ids, eventTime, FeedbackSpike.Signal.FEEDBACK);
    }

    /** As {@link #observe(String, State, long, List, Instant)}, for mentions of the given signal. */
    public Outcome observe(String brand, State state, long count, List<String> ids, Instant eventTime,
                           FeedbackSpike.Signal signal) {
        long size = settings.window().toMillis();
        Instant window = Instant.ofEpochMilli(Math.floorDiv(eventTime.toEpochMilli(), size) * size);
        if (state == null) {
            state = new State(window, 0, List.of(), 0, 0, 0, null, null, null);
        }
        if (window.isBefore(state.windowStart())) {
            return new Outcome(state, Optional.empty(), true);
        }
        if (window.isAfter(state.windowStart())) {
            state = closeWindowsUntil(state, window);
        }
        List<String> samples = state.samples();
        if (samples.size() < SAMPLES && !ids.isEmpty()) {
            samples = new ArrayList<>(samples);
            samples.addAll(ids.subList(0, Math.min(ids.size(), SAMPLES - samples.size())));
        }
        Instant latest = state.latest() == null || eventTime.isAfter(state.latest()) ? eventTime : state.latest();
        State counted = new State(state.windowStart(), state.count() + count, samples, state.mean(), state.variance(),
                state.closedWindows(), state.alertedWindow(), state.lastAlert(), latest);
        // Counts of events vary at least as much as a Poisson count does (variance = mean): the floor
        // keeps a brand with very regular feedback from alerting on ordinary noise.
        double sigma = Math.sqrt(Math.max(counted.variance(), counted.mean()));
        double threshold = Math.max(settings.minCount(), counted.mean() + settings.k() * sigma);
        boolean warm = counted.closedWindows() >= settings.warmup();
        boolean alreadyAlerted = counted.windowStart().equals(counted.alertedWindow());
        boolean coolingDown = counted.lastAlert() != null
                && Duration.between(counted.lastAlert(), counted.windowStart()).compareTo(settings.cooldown()) < 0;
        if (warm && counted.count() >= threshold && !alreadyAlerted && !coolingDown) {
            FeedbackSpike alert = new FeedbackSpike(brand, counted.windowStart(), counted.windowStart().plus(settings.window()),
                    counted.count(), counted.mean(), threshold,
                    counted.mean() >= 1 ? counted.count() / counted.mean() : counted.count(), counted.samples(), signal,
                    FeedbackSpike.severity(paced(counted), counted.mean(), threshold));
            State alerted = new State(counted.windowStart(), counted.count(), counted.samples(), counted.mean(),
                    counted.variance(), counted.closedWindows(), counted.windowStart(), counted.windowStart(), counted.latest());
            return new Outcome(alerted, Optional.of(alert), false);
        }
        return new Outcome(counted, Optional.empty(), false);
    }

    /**
     * The window's count at its end if it goes on at the pace of its minutes so far, up to the latest
     * event counted in it (that minute counted whole). An alert fires the moment the count crosses the
     * threshold, so the count at the crossing says little; how soon in the window it got there tells a
     * flood from a rise, and is what the severity grades.
     */
    private double paced(State state) {
        long minutes = settings.window().toMinutes();
        long elapsed = Math.min(minutes, Duration.between(state.windowStart(), state.latest()).toMinutes() + 1);
        return (double) state.count() * minutes / elapsed;
    }

    private State closeWindowsUntil(State state, Instant window) {
        double mean = state.mean();
        double variance = state.variance();
        int closed = state.closedWindows();
        long size = settings.window().toMillis();
        long gaps = (window.toEpochMilli() - state.windowStart().toEpochMilli()) / size - 1;
        List<Long> counts = new ArrayList<>();
        counts.add(state.count());
        for (long i = 0; i < Math.min(gaps, MAX_EMPTY_WINDOWS); i++) {
            counts.add(0L);
        }
        for (long count : counts) {
            if (closed == 0) {
                mean = count;
                variance = 0;
            } else {
                double diff = count - mean;
                double increment = settings.alpha() * diff;
                mean += increment;
                variance = (1 - settings.alpha()) * (variance + diff * increment);
            }
            closed++;
        }
        return new State(window, 0, List.of(), mean, variance, closed, state.alertedWindow(), state.lastAlert(), null);
    }
}
