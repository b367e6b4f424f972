package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The theme terms of FEEDBACK mentions are followed the same way: per term, its count in the
 * current window and an exponentially weighted mean of its counts in earlier ones. An alert names
 * the terms that rose more than the volume did: a term's expected count is its mean scaled by the
 * window's count over the brand's mean count, and terms rank by {@code (count - expected) /
 * sqrt(expected + 1)}, how far above that expectation they lie in something like Poisson standard
 * deviations. A word new to the brand's feedback ranks high; one in every mention, like the brand's
 * own name, is expected to grow with the volume and does not rise.
 *
 * <p>An alert opens an incident, which remembers the baseline and threshold it crossed: the brand's
 * own baseline soon takes the spike's windows in, and the rate is back to normal when it is back
 * under what was normal before. Each later window that closes at or above that threshold raises an
 * {@code UPDATED} record, the first below it a {@code RESOLVED} one (an empty window included), all
 * naming the incident and reporting against its baseline. No new incident opens while one is. An
 * incident lasts at most {@link #MAX_INCIDENT_WINDOWS} windows after its first: a level that stays up
 * for a day is the brand's new normal, which its baseline has taken in by then, and is RESOLVED
 * whatever its count. Records of closing windows are raised when a mention of the same signal in a
 * later window arrives (the detector sees nothing else), so they follow event time.
 */
public final class SpikeDetector {
    /** Sample mention ids an alert carries. */
    static final int SAMPLES = 5;
    /** Gaps longer than this many empty windows add no more zeros: a day of silence is enough. */
    private static final int MAX_EMPTY_WINDOWS = 96;
    /** Windows after its first that an incident lasts at most. */
    static final int MAX_INCIDENT_WINDOWS = 96;
    /** Rising terms an alert names. */
    static final int RISING_TERMS = 5;
    /** Terms followed in the current window and in the baseline: the most used, so state stays small. */
    static final int WINDOW_TERMS = 256;
    static final int BASELINE_TERMS = 512;
    /** A term needs this many mentions in the window to be named. */
    private static final long MIN_TERM_COUNT = 2;

    /**
     * What the detector remembers of one brand; {@code latest} is the latest event time counted in the
     * current window (null before any, and in states written before it was kept), which paces the
     * severity: records of a window may arrive out of order. {@code terms} counts theme terms in the
     * current window and {@code termBaseline} holds their weighted means over earlier ones (both empty
     * in states written before terms were followed); {@code topSamples} are the window's loudest
     * mentions so far ({@link LoudestSamples}); {@code incident} the open incident, or null when none is
     * open (and in states written before incidents); {@code amplified} how many of the window's count
     * copy an earlier mention (0 in states written before copies were counted); {@code suspect} how many
     * of it are suspect (0 when suspects are not counted, and in states written before they were);
     * {@code pending} the copies among it that may yet turn out a flood and be taken back ({@link Pending}).
     */
    public record State(Instant windowStart, long count, List<String> samples, double mean, double variance,
                        int closedWindows, Instant alertedWindow, Instant lastAlert, Instant latest,
                        Map<String, Long> terms, Map<String, Double> termBaseline, List<FeedbackSpike.Sample> topSamples,
                        Incident incident, long amplified, long suspect, Pending pending) {
        public State {
            pending = pending == null ? Pending.NONE : pending;
            // Taking a flood's copies back clamps each figure at zero on its own; an alert made of this
            // state must still have them within its count, or its record would refuse them.
            amplified = Math.min(amplified, Math.max(0, count));
            suspect = Math.min(suspect, Math.max(0, count));
            samples = List.copyOf(samples);
            terms = terms == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(terms));
            termBaseline = termBaseline == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(termBaseline));
            topSamples = topSamples == null ? List.of() : List.copyOf(topSamples);
        }

        /** A state without copies pending, as one written before floods were taken back reads. */
        public State(Instant windowStart, long count, List<String> samples, double mean, double variance,
                     int closedWindows, Instant alertedWindow, Instant lastAlert, Instant latest,
                     Map<String, Long> terms, Map<String, Double> termBaseline, List<FeedbackSpike.Sample> topSamples,
                     Incident incident, long amplified, long suspect) {
            this(windowStart, count, samples, mean, variance, closedWindows, alertedWindow, lastAlert, latest, terms,
                    termBaseline, topSamples, incident, amplified, suspect, Pending.NONE);
        }

        /** A state without suspects, as one written before they were marked reads. */
        public State(Instant windowStart, long count, List<String> samples, double mean, double variance,
                     int closedWindows, Instant alertedWindow, Instant lastAlert, Instant latest,
                     Map<String, Long> terms, Map<String, Double> termBaseline, List<FeedbackSpike.Sample> topSamples,
                     Incident incident, long amplified) {
            this(windowStart, count, samples, mean, variance, closedWindows, alertedWindow, lastAlert, latest, terms,
                    termBaseline, topSamples, incident, amplified, 0);
        }

        /** A state without copies counted, as one written before they were reads. */
        public State(Instant windowStart, long count, List<String> samples, double mean, double variance,
                     int closedWindows, Instant alertedWindow, Instant lastAlert, Instant latest,
                     Map<String, Long> terms, Map<String, Double> termBaseline, List<FeedbackSpike.Sample> topSamples,
                     Incident incident) {
            this(windowStart, count, samples, mean, variance, closedWindows, alertedWindow, lastAlert, latest, terms,
                    termBaseline, topSamples, incident, 0);
        }

        /** A state without terms, samples, incident or copies (one written before terms were followed reads with {@link #TERMS_NOT_YET_FOLLOWED}). */
        public State(Instant windowStart, long count, List<String> samples, double mean, double variance,
                     int closedWindows, Instant alertedWindow, Instant lastAlert, Instant latest) {
            this(windowStart, count, samples, mean, variance, closedWindows, alertedWindow, lastAlert, latest, Map.of(), Map.of(),
                    List.of(), null);
        }
    }

    /**
     * The term means of a state written before terms were followed: its next window's terms become the
     * means whole, as a brand's first window's do. Marked by an entry under the empty term, which no
     * text yields, rather than by having none: a brand's means all decay away in a long quiet spell, and
     * its next window's terms must then count at the usual weight, not whole (they would be expected at
     * three times what they were).
     */
    static final Map<String, Double> TERMS_NOT_YET_FOLLOWED = Map.of("", 0.0);

    private static boolean termsFollowed(State state) {
        return !state.termBaseline().containsKey("");
    }

    /**
     * The state after one mention or partial, the alert it opened if any, the UPDATED or RESOLVED
     * records of the windows it closed (before the alert, in window order), and {@code late} when it
     * was dropped.
     */
    public record Outcome(State state, Optional<FeedbackSpike> alert, List<FeedbackSpike> lifecycle, boolean late) {
        public Outcome {
            lifecycle = List.copyOf(lifecycle);
        }
    }

    /**
     * The copies a window has counted in the latest minute of event time it counted ({@code minute},
     * minutes since the epoch) and in the minute before: a window does not alert on them until a later
     * minute comes, as they may yet turn out a flood and be taken back. A flood crosses its limit in
     * the minute it starts, or in the next when it starts late in one; and a minute's partials from
     * different input partitions arrive a batch wait apart.
     */
    public record Pending(long minute, long copies, long before) {
        public static final Pending NONE = new Pending(Long.MIN_VALUE, 0, 0);

        /** The copies still pending once {@code later} is the latest minute. */
        Pending at(long later) {
            if (later <= minute) {
                return this;
            }
            return new Pending(later, 0, later == minute + 1 ? copies : 0);
        }

        /**
         * With copies of minute {@code m} added (or, negative, taken back); those of a minute before the
         * pending two are final already.
         */
        Pending plus(long m, long delta) {
            if (m == minute) {
                long now = copies + delta;
                return now >= 0 ? new Pending(minute, now, before) : new Pending(minute, 0, Math.max(0, before + now));
            }
            return m == minute - 1 ? new Pending(minute, copies, Math.max(0, before + delta)) : this;
        }

        long total() {
            return copies + before;
        }
    }

    /**
     * An open incident: the window start of its first alert, and the baseline and threshold that alert
     * reported.
     */
    public record Incident(Instant start, double baseline, double threshold) {
    }

    /** A state and the lifecycle records closing windows raised. */
    private record Closed(State state, List<FeedbackSpike> lifecycle) {
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
        return observe(brand, state, count, ids, Map.of(), List.of(), eventTime, signal);
    }

    /**
     * As {@link #observe(String, State, long, List, Instant, FeedbackSpike.Signal)}, with how many of the
     * mentions use each theme term (an alert names those that rose most) and the loudest of them.
     */
    public Outcome observe(String brand, State state, long count, List<String> ids, Map<String, Integer> terms,
                           List<FeedbackSpike.Sample> loudest, Instant eventTime, FeedbackSpike.Signal signal) {
        return observe(brand, state, count, 0, ids, terms, loudest, eventTime, signal);
    }

    /**
     * As {@link #observe(String, State, long, List, Map, List, Instant, FeedbackSpike.Signal)}, with how
     * many of the {@code count} mentions copy an earlier one ({@code amplified}): an alert reports the
     * window's.
     */
    public Outcome observe(String brand, State state, long count, long amplified, List<String> ids, Map<String, Integer> terms,
                           List<FeedbackSpike.Sample> loudest, Instant eventTime, FeedbackSpike.Signal signal) {
        return observe(brand, state, count, amplified, 0, ids, terms, loudest, eventTime, signal);
    }

    /**
     * As {@link #observe(String, State, long, long, List, Map, List, Instant, FeedbackSpike.Signal)}, with
     * how many of the {@code count} mentions are suspect: they count toward the threshold, but the
     * severity grades the window's count without them, so a flood that crosses the threshold on its
     * own is graded as the rise it is not.
     */
    public Outcome observe(String brand, State state, long count, long amplified, long suspect, List<String> ids,
                           Map<String, Integer> terms, List<FeedbackSpike.Sample> loudest, Instant eventTime,
                           FeedbackSpike.Signal signal) {
        return observe(brand, state, count, amplified, suspect, EarlierFlood.NONE, ids, terms, loudest, eventTime, signal);
    }

    /**
     * Copies of the minute before the observed one, counted then, now known to be a flood's: taken out
     * of the count ({@code takenBack}, with suspects left out) or reported suspect ({@code suspect}, with
     * them counted). Applied only where that minute lies in the same window.
     */
    public record EarlierFlood(long takenBack, long suspect) {
        public static final EarlierFlood NONE = new EarlierFlood(0, 0);
    }

    /**
     * As {@link #observe(String, State, long, long, long, List, Map, List, Instant, FeedbackSpike.Signal)},
     * with copies of the minute before that turned out a flood's. {@code count}, {@code amplified} and
     * {@code suspect} may be negative: a flood's copies of this minute taken back.
     */
    public Outcome observe(String brand, State state, long count, long amplified, long suspect, EarlierFlood earlierFlood,
                           List<String> ids, Map<String, Integer> terms, List<FeedbackSpike.Sample> loudest, Instant eventTime,
                           FeedbackSpike.Signal signal) {
        long size = settings.window().toMillis();
        Instant window = Instant.ofEpochMilli(Math.floorDiv(eventTime.toEpochMilli(), size) * size);
        long minute = Math.floorDiv(eventTime.toEpochMilli(), 60_000L);
        if (state == null) {
            state = new State(window, 0, List.of(), 0, 0, 0, null, null, null);
        }
        if (window.isBefore(state.windowStart())) {
            return new Outcome(state, Optional.empty(), List.of(), true);
        }
        if (state.incident() == null && state.windowStart().equals(state.alertedWindow())) {
            // Saved by an Earshot before incidents, in the window it alerted in: its baseline has not
            // moved since, so the incident that alert opened is rebuilt exactly.
            state = new State(state.windowStart(), state.count(), state.samples(), state.mean(), state.variance(),
                    state.closedWindows(), state.alertedWindow(), state.lastAlert(), state.latest(), state.terms(),
                    state.termBaseline(), state.topSamples(),
                    new Incident(state.windowStart(), state.mean(), threshold(state.mean(), state.variance())), state.amplified(),
                    state.suspect(), state.pending());
        }
        List<FeedbackSpike> lifecycle = new ArrayList<>();
        Optional<FeedbackSpike> alert = Optional.empty();
        if (minute > state.pending().minute()) {
            // Copies two minutes back are final: the window alerts on them now if they took it over
            // its threshold.
            state = withPending(state, state.pending().at(minute));
            Optional<State> alerted = opened(brand, state, signal);
            if (alerted.isPresent()) {
                alert = Optional.of(alertOf(brand, state, signal));
                state = alerted.get();
            }
        }
        boolean previousMinuteInWindow = !Instant.ofEpochMilli((minute - 1) * 60_000L).isBefore(state.windowStart());
        if (window.isAfter(state.windowStart()) && previousMinuteInWindow && !earlierFlood.equals(EarlierFlood.NONE)) {
            // The flood began in the last minute of the window this partial closes: its copies leave
            // that window before it goes into the baseline, which they would otherwise raise for hours.
            state = new State(state.windowStart(), Math.max(0, state.count() - earlierFlood.takenBack()), state.samples(),
                    state.mean(), state.variance(), state.closedWindows(), state.alertedWindow(), state.lastAlert(),
                    state.latest(), state.terms(), state.termBaseline(), state.topSamples(), state.incident(),
                    Math.max(0, state.amplified() - earlierFlood.takenBack()),
                    Math.max(0, state.suspect() + earlierFlood.suspect()),
                    state.pending().plus(minute - 1, -earlierFlood.takenBack()));
            earlierFlood = EarlierFlood.NONE;
        }
        if (window.isAfter(state.windowStart())) {
            Closed closed = closeWindowsUntil(brand, state, window, signal);
            state = withPending(closed.state(), new Pending(minute, 0, 0)); // the window's copies stayed in it
            if (alert.isPresent()) { // the alert of the window just closed comes before its incident's records
                lifecycle.add(alert.get());
                alert = Optional.empty();
            }
            lifecycle.addAll(closed.lifecycle());
        }
        List<String> samples = state.samples();
        if (samples.size() < SAMPLES && !ids.isEmpty()) {
            samples = new ArrayList<>(samples);
            samples.addAll(ids.subList(0, Math.min(ids.size(), SAMPLES - samples.size())));
        }
        Instant latest = state.latest() == null || eventTime.isAfter(state.latest()) ? eventTime : state.latest();
        Map<String, Long> windowTerms = terms.isEmpty() ? state.terms() : withTerms(state.terms(), terms);
        // Copies of the minute before, taken back: only where that minute lies in this window.
        boolean beforeHere = !Instant.ofEpochMilli((minute - 1) * 60_000L).isBefore(state.windowStart());
        long takenBack = beforeHere ? earlierFlood.takenBack() : 0;
        Pending pending = state.pending().plus(minute, amplified).plus(minute - 1, -takenBack);
        State counted = new State(state.windowStart(), Math.max(0, state.count() + count - takenBack), samples, state.mean(),
                state.variance(), state.closedWindows(), state.alertedWindow(), state.lastAlert(), latest, windowTerms,
                state.termBaseline(), LoudestSamples.merge(state.topSamples(), loudest, SAMPLES), state.incident(),
                Math.max(0, state.amplified() + amplified - takenBack),
                Math.max(0, state.suspect() + suspect + (beforeHere ? earlierFlood.suspect() : 0)), pending);
        if (alert.isEmpty()) {
            Optional<State> alerted = opened(brand, counted, signal);
            if (alerted.isPresent()) {
                return new Outcome(alerted.get(), Optional.of(alertOf(brand, counted, signal)), lifecycle, false);
            }
        }
        return new Outcome(counted, alert, lifecycle, false);
    }

    private static State withPending(State s, Pending pending) {
        return new State(s.windowStart(), s.count(), s.samples(), s.mean(), s.variance(), s.closedWindows(), s.alertedWindow(),
                s.lastAlert(), s.latest(), s.terms(), s.termBaseline(), s.topSamples(), s.incident(), s.amplified(), s.suspect(),
                pending);
    }

    /**
     * The state after its window alerts, if it does now: its count less the copies still pending
     * reaches the threshold, the brand is warm, the window has not alerted, no incident is open and
     * the cooldown is over.
     */
    private Optional<State> opened(String brand, State counted, FeedbackSpike.Signal signal) {
        double threshold = threshold(counted.mean(), counted.variance());
        boolean warm = counted.closedWindows() >= settings.warmup();
        boolean alreadyAlerted = counted.windowStart().equals(counted.alertedWindow());
        boolean coolingDown = counted.lastAlert() != null
                && Duration.between(counted.lastAlert(), counted.windowStart()).compareTo(settings.cooldown()) < 0;
        boolean open = counted.incident() != null;
        if (warm && counted.count() - counted.pending().total() >= threshold && !alreadyAlerted && !coolingDown && !open) {
            return Optional.of(new State(counted.windowStart(), counted.count(), counted.samples(), counted.mean(),
                    counted.variance(), counted.closedWindows(), counted.windowStart(), counted.windowStart(), counted.latest(),
                    counted.terms(), counted.termBaseline(), counted.topSamples(),
                    new Incident(counted.windowStart(), counted.mean(), threshold), counted.amplified(), counted.suspect(),
                    counted.pending()));
        }
        return Optional.empty();
    }

    /** The OPENED alert of a state's window. */
    private FeedbackSpike alertOf(String brand, State counted, FeedbackSpike.Signal signal) {
        double threshold = threshold(counted.mean(), counted.variance());
        return new FeedbackSpike(brand, counted.windowStart(), counted.windowStart().plus(settings.window()),
                counted.count(), counted.mean(), threshold,
                counted.mean() >= 1 ? counted.count() / counted.mean() : counted.count(), counted.samples(), signal,
                FeedbackSpike.severity(paced(counted, counted.count() - counted.suspect()), counted.mean(), threshold),
                rising(counted.terms(), counted.termBaseline(), counted.count() / Math.max(1, counted.mean()), RISING_TERMS),
                counted.topSamples(), FeedbackSpike.Status.OPENED, null, counted.amplified(), counted.suspect());
    }

    /**
     * The window's count at its end if it goes on at the pace of its minutes so far, up to the latest
     * event counted in it (that minute counted whole). An alert fires the moment the count crosses the
     * threshold, so the count at the crossing says little; how soon in the window it got there tells a
     * flood from a rise, and is what the severity grades. {@code count} is the state's, less what the
     * severity does not grade (its suspect mentions).
     */
    private double paced(State state, long count) {
        long minutes = settings.window().toMinutes();
        long elapsed = Math.min(minutes, Duration.between(state.windowStart(), state.latest()).toMinutes() + 1);
        return (double) count * minutes / elapsed;
    }

    /**
     * The window's term counts with a partial's added, the Space-Saving way once {@link #WINDOW_TERMS}
     * terms are followed: a term not among them takes the place of the least used (the last of those
     * by term among equals) and its count plus its own. Trimming to the most used instead would shut
     * out every term that arrives a few at a time once the followed ones have more, which is how a
     * new topic starts; this way a term's count is never under its true count and over it by at most
     * the count it displaced.
     */
    static Map<String, Long> withTerms(Map<String, Long> window, Map<String, Integer> partial) {
        Map<String, Long> merged = new HashMap<>(window);
        partial.forEach((term, n) -> {
            if (merged.containsKey(term) || merged.size() < WINDOW_TERMS) {
                merged.merge(term, (long) n, Long::sum);
                return;
            }
            Map.Entry<String, Long> least = null;
            for (Map.Entry<String, Long> e : merged.entrySet()) {
                if (least == null || e.getValue() < least.getValue()
                        || (e.getValue().equals(least.getValue()) && e.getKey().compareTo(least.getKey()) > 0)) {
                    least = e;
                }
            }
            long displaced = least.getValue();
            merged.remove(least.getKey());
            merged.put(term, displaced + n);
        });
        return MinutePartial.mostUsed(merged, WINDOW_TERMS); // ordered, for stable bytes
    }

    /**
     * The {@code n} terms of the window that rose most beyond the volume, each used in at least
     * {@link #MIN_TERM_COUNT} of the window's mentions and more often than expected: a term's mean
     * times {@code volume}, the window's count over the mean count. The most used first among equal
     * scores, then by term, so the same state names the same terms.
     */
    static List<String> rising(Map<String, Long> window, Map<String, Double> baseline, double volume, int n) {
        record Scored(String term, long count, double score) {
        }
        List<Scored> candidates = new ArrayList<>();
        window.forEach((term, count) -> {
            double expected = baseline.getOrDefault(term, 0.0) * volume;
            if (count >= MIN_TERM_COUNT && count > expected) {
                candidates.add(new Scored(term, count, (count - expected) / Math.sqrt(expected + 1)));
            }
        });
        candidates.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(Comparator.comparingLong(Scored::count).reversed())
                .thenComparing(Scored::term));
        return candidates.stream().limit(n).map(Scored::term).toList();
    }

    /**
     * The term means after closing a window with these counts and then {@code emptyWindows} without
     * mentions; the first window closed sets them. Only the {@link #BASELINE_TERMS} largest are kept.
     */
    private Map<String, Double> termBaseline(Map<String, Double> baseline, Map<String, Long> window, boolean first,
                                             long emptyWindows) {
        Map<String, Double> next = new HashMap<>();
        double alpha = settings.alpha();
        if (first) {
            window.forEach((term, count) -> next.put(term, count.doubleValue()));
        } else {
            baseline.forEach((term, mean) -> next.put(term, mean * (1 - alpha)));
            window.forEach((term, count) -> next.merge(term, alpha * count, Double::sum));
        }
        double decay = Math.pow(1 - alpha, emptyWindows);
        next.replaceAll((term, mean) -> mean * decay);
        next.values().removeIf(mean -> mean < 0.01); // forgotten: below one mention in a hundred windows
        return MinutePartial.mostUsed(next, BASELINE_TERMS);
    }

    /** The alert threshold of a window, given the baseline before it. */
    private double threshold(double mean, double variance) {
        // Counts of events vary at least as much as a Poisson count does (variance = mean): the floor
        // keeps a brand with very regular feedback from alerting on ordinary noise.
        double sigma = Math.sqrt(Math.max(variance, mean));
        return Math.max(settings.minCount(), mean + settings.k() * sigma);
    }

    private Closed closeWindowsUntil(String brand, State state, Instant window, FeedbackSpike.Signal signal) {
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
        Incident incident = state.incident();
        List<FeedbackSpike> lifecycle = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            long count = counts.get(i);
            Instant start = state.windowStart().plusMillis(i * size);
            if (incident != null && start.isAfter(incident.start())) {
                // A window after the one that opened the incident closes: still above its threshold, or back.
                double baseline = incident.baseline();
                double threshold = incident.threshold();
                boolean persists = count >= threshold
                        && Duration.between(incident.start(), start).compareTo(settings.window().multipliedBy(MAX_INCIDENT_WINDOWS)) <= 0;
                double ratio = baseline >= 1 ? count / baseline : count;
                FeedbackSpike.Status status = persists ? FeedbackSpike.Status.UPDATED : FeedbackSpike.Status.RESOLVED;
                String incidentId = FeedbackSpike.openingId(brand, incident.start(), signal);
                boolean own = i == 0; // the state's window, whose samples and terms the state holds
                lifecycle.add(new FeedbackSpike(brand, start, start.plusMillis(size), count, baseline, threshold, ratio,
                        own ? state.samples() : List.of(), signal,
                        persists ? FeedbackSpike.severity(own ? count - state.suspect() : count, baseline, threshold) : 0,
                        persists && own ? rising(state.terms(), state.termBaseline(), count / Math.max(1, mean), RISING_TERMS)
                                : List.of(),
                        persists && own ? state.topSamples() : List.of(), status, incidentId, own ? state.amplified() : 0,
                        own ? state.suspect() : 0));
                if (!persists) {
                    incident = null;
                }
            }
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
        long emptyWindows = Math.min(gaps, MAX_EMPTY_WINDOWS);
        // A state from before terms were followed has windows behind it but no term means: its first
        // window with terms sets them, as a brand's first window does, rather than a third of them.
        // Such a state's own window, read from before terms, has none: the mark stays until a window with terms closes.
        Map<String, Double> termBaseline = !termsFollowed(state) && state.terms().isEmpty() ? TERMS_NOT_YET_FOLLOWED
                : termBaseline(state.termBaseline(), state.terms(), state.closedWindows() == 0 || !termsFollowed(state),
                        emptyWindows);
        return new Closed(new State(window, 0, List.of(), mean, variance, closed, state.alertedWindow(), state.lastAlert(), null,
                Map.of(), termBaseline, List.of(), incident), lifecycle);
    }
}
