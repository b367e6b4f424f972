package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs {@link SpikeDetector} per brand over the FEEDBACK pairs of minute partials and their theme
 * terms, and with {@code spike.negative.sentiment} over their NEGATIVE pairs too (without terms),
 * keeping each brand's states in a store (the negative one under {@code brand#negative}). Suspect
 * pairs are left out of both counts unless {@code suspect.exclude} is off.
 */
final class SpikeProcessor implements Processor<String, MinutePartial, String, FeedbackSpike> {
    static final String STORE = "feedback-spike-state";
    /**
     * Alerts and their incidents' later records, by {@link FeedbackSpike#id()}, for the query API's
     * recent-alerts view; each kept as long as the alerts topic keeps its records (see {@link #forgetOldAlerts}).
     */
    static final String ALERT_STORE = "recent-alerts";
    /** How often, in stream time, alerts past the retention are looked for. */
    static final Duration FORGET_EVERY = Duration.ofHours(1);

    private final SpikeDetector detector;
    private final boolean negativeSentiment;
    private final boolean excludeSuspects;
    private final PipelineCounters counters;
    private ProcessorContext<String, FeedbackSpike> context;
    private KeyValueStore<String, SpikeDetector.State> states;
    private KeyValueStore<String, FeedbackSpike> alerts;

    /** How long an alert stays in {@link #ALERT_STORE} after its window ends, in event time; null for ever. */
    private final Duration alertRetention;

    /**
     * @param alertRetention how long {@link #ALERT_STORE} keeps an alert after its window ends, in
     *                       event time (the alerts topic's retention), or null to keep every alert
     */
    SpikeProcessor(SpikeSettings settings, SuspectSettings suspects, PipelineCounters counters, Duration alertRetention) {
        this.alertRetention = alertRetention;
        this.detector = new SpikeDetector(settings);
        this.excludeSuspects = suspects.exclude();
        this.negativeSentiment = settings.negativeSentiment();
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, FeedbackSpike> context) {
        this.context = context;
        this.states = context.getStateStore(STORE);
        this.alerts = context.getStateStore(ALERT_STORE);
        if (alertRetention != null) {
            context.schedule(FORGET_EVERY, PunctuationType.STREAM_TIME, this::forgetOldAlerts);
        }
    }

    /**
     * Deletes the alerts whose window ended more than the retention before stream time. Without it the
     * store kept every alert ever raised, and the query API read all of them for each request; it
     * now answers what the alerts topic still holds. Stream time rather than the wall clock, so a
     * replay's alerts stay while its events are the newest the app has seen.
     */
    private void forgetOldAlerts(long streamTime) {
        Instant before = Instant.ofEpochMilli(streamTime).minus(alertRetention);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, FeedbackSpike> it = alerts.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.windowEnd().isBefore(before)) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(alerts::delete);
    }

    @Override
    public void process(Record<String, MinutePartial> record) {
        MinutePartial partial = record.value();
        MinutePartial.Marks marks = partial.marks();
        // Left out, suspect pairs are not counted at all (and a flood's copies counted before it was
        // known are taken back: the counts may be negative); counted, the alert says how many there are.
        if (partial.feedback() > 0 || marks.suspectFeedback() > 0 || marks.earlierFloodFeedback() > 0) {
            observe(record, record.key(), FeedbackSpike.Signal.FEEDBACK, partial.feedback(), marks.suspectFeedback(),
                    marks.amplifiedFeedback(), marks.amplifiedSuspectFeedback(), marks.earlierFloodFeedback(),
                    partial.feedbackSamples(), partial.feedbackTerms(), partial.feedbackTop());
        } else {
            releaseCopies(record, record.key(), FeedbackSpike.Signal.FEEDBACK);
        }
        if (!negativeSentiment) {
            return;
        }
        if (partial.sentiment().negative() > 0 || marks.suspectNegative() > 0 || marks.earlierFloodNegative() > 0) {
            observe(record, record.key() + "#negative", FeedbackSpike.Signal.NEGATIVE_SENTIMENT, partial.sentiment().negative(),
                    marks.suspectNegative(), marks.amplifiedNegative(), marks.amplifiedSuspectNegative(),
                    marks.earlierFloodNegative(), partial.negativeSamples(), Map.of(), partial.negativeTop());
        } else {
            releaseCopies(record, record.key() + "#negative", FeedbackSpike.Signal.NEGATIVE_SENTIMENT);
        }
    }

    /**
     * Observes a partial's pairs of one signal: {@code all} of them, {@code suspect} of which are
     * suspect, {@code copies} of which copy an earlier mention ({@code suspectCopies} both), and
     * {@code earlierFlood} copies of the minute before that turned out a flood's.
     */
    private void observe(Record<String, MinutePartial> record, String stateKey, FeedbackSpike.Signal signal, long all,
                         long suspect, long copies, long suspectCopies, long earlierFlood, List<String> samples,
                         Map<String, Integer> terms, List<FeedbackSpike.Sample> loudest) {
        long counted = all - (excludeSuspects ? suspect : 0);
        boolean shown = counted > 0; // a partial of suspects alone shows none of them
        observe(record, stateKey, signal, counted, copies - (excludeSuspects ? suspectCopies : 0), excludeSuspects ? 0 : suspect,
                excludeSuspects ? new SpikeDetector.EarlierFlood(earlierFlood, 0) : new SpikeDetector.EarlierFlood(0, earlierFlood),
                shown ? samples : List.of(), shown ? terms : Map.of(), shown ? loudest : List.of());
    }

    /** A partial without pairs of the signal, but of a later minute: copies pending in the window may be final now. */
    private void releaseCopies(Record<String, MinutePartial> record, String stateKey, FeedbackSpike.Signal signal) {
        SpikeDetector.State state = states.get(stateKey);
        if (state != null && state.pending().total() > 0
                && Math.floorDiv(record.timestamp(), 60_000L) > state.pending().minute()) {
            observe(record, stateKey, signal, 0, 0, 0, SpikeDetector.EarlierFlood.NONE, List.of(), Map.of(), List.of());
        }
    }

    private void observe(Record<String, MinutePartial> record, String stateKey, FeedbackSpike.Signal signal, long count,
                         long amplified, long suspect, SpikeDetector.EarlierFlood earlierFlood, List<String> samples,
                         Map<String, Integer> terms, List<FeedbackSpike.Sample> loudest) {
        String brand = record.key();
        SpikeDetector.Outcome outcome = detector.observe(brand, states.get(stateKey), count, amplified, suspect, earlierFlood,
                samples, terms, loudest, Instant.ofEpochMilli(record.timestamp()), signal);
        if (outcome.late()) {
            if (signal == FeedbackSpike.Signal.FEEDBACK) { // the metric counts late FEEDBACK mentions
                counters.lateForSpikes.addAndGet(Math.max(0, count));
            }
            return;
        }
        states.put(stateKey, outcome.state());
        for (FeedbackSpike update : outcome.lifecycle()) {
            if (update.status() == FeedbackSpike.Status.OPENED) { // held until its minute's copies were final
                counters.alerts.incrementAndGet();
            }
            alerts.put(update.id(), update);
            context.forward(new Record<>(brand, update, record.timestamp()));
        }
        outcome.alert().ifPresent(alert -> {
            counters.alerts.incrementAndGet();
            alerts.put(alert.id(), alert);
            context.forward(new Record<>(brand, alert, record.timestamp()));
        });
    }
}
