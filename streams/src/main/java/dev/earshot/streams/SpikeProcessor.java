package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs {@link SpikeDetector} per brand over the FEEDBACK pairs of minute partials and their theme
 * terms, and with {@code spike.negative.sentiment} over their NEGATIVE pairs too (without terms),
 * keeping each brand's states in a store (the negative one under {@code brand#negative}). Suspect
 * pairs are left out of both counts unless {@code suspect.exclude} is off.
 */
final class SpikeProcessor implements Processor<String, MinutePartial, String, FeedbackSpike> {
    static final String STORE = "feedback-spike-state";
    /** Alerts and their incidents' later records, by {@link FeedbackSpike#id()}, for the query API's recent-alerts view. */
    static final String ALERT_STORE = "recent-alerts";

    private final SpikeDetector detector;
    private final boolean negativeSentiment;
    private final boolean excludeSuspects;
    private final PipelineCounters counters;
    private ProcessorContext<String, FeedbackSpike> context;
    private KeyValueStore<String, SpikeDetector.State> states;
    private KeyValueStore<String, FeedbackSpike> alerts;

    SpikeProcessor(SpikeSettings settings, SuspectSettings suspects, PipelineCounters counters) {
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
    }

    @Override
    public void process(Record<String, MinutePartial> record) {
        MinutePartial partial = record.value();
        MinutePartial.Marks marks = partial.marks();
        // Left out, suspect pairs are not counted at all; counted, the alert says how many there are.
        long feedback = partial.feedback() - (excludeSuspects ? marks.suspectFeedback() : 0);
        // Negative when a flood's earlier copies are taken back.
        if (partial.feedback() > 0 || marks.suspectFeedback() > 0) {
            boolean counted = feedback > 0; // a partial of suspects alone shows none of them
            observe(record, record.key(), feedback,
                    marks.amplifiedFeedback() - (excludeSuspects ? marks.amplifiedSuspectFeedback() : 0),
                    excludeSuspects ? 0 : marks.suspectFeedback(), counted ? partial.feedbackSamples() : List.of(),
                    counted ? partial.feedbackTerms() : Map.of(), counted ? partial.feedbackTop() : List.of(),
                    FeedbackSpike.Signal.FEEDBACK);
        } else {
            // No FEEDBACK, but a later minute: copies pending in the brand's window are final now.
            SpikeDetector.State state = states.get(record.key());
            if (state != null && state.pendingCopies() > 0 && Math.floorDiv(record.timestamp(), 60_000L) > state.copiesMinute()) {
                observe(record, record.key(), 0, 0, 0, List.of(), Map.of(), List.of(), FeedbackSpike.Signal.FEEDBACK);
            }
        }
        long negative = partial.sentiment().negative() - (excludeSuspects ? marks.suspectNegative() : 0);
        if (negativeSentiment && (partial.sentiment().negative() > 0 || marks.suspectNegative() > 0)) {
            observe(record, record.key() + "#negative", negative, 0, excludeSuspects ? 0 : marks.suspectNegative(),
                    negative > 0 ? partial.negativeSamples() : List.of(), Map.of(),
                    negative > 0 ? partial.negativeTop() : List.of(), FeedbackSpike.Signal.NEGATIVE_SENTIMENT);
        }
    }

    private void observe(Record<String, MinutePartial> record, String stateKey, long count, long amplified, long suspect,
                         List<String> samples, Map<String, Integer> terms, List<FeedbackSpike.Sample> loudest,
                         FeedbackSpike.Signal signal) {
        String brand = record.key();
        SpikeDetector.Outcome outcome = detector.observe(brand, states.get(stateKey), count, amplified, suspect, samples, terms,
                loudest, Instant.ofEpochMilli(record.timestamp()), signal);
        if (outcome.late()) {
            if (signal == FeedbackSpike.Signal.FEEDBACK) { // the metric counts late FEEDBACK mentions
                counters.lateForSpikes.addAndGet(count);
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
