package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Runs {@link SpikeDetector} per brand over the FEEDBACK pairs of minute partials, keeping each brand's state in a store. */
final class SpikeProcessor implements Processor<String, MinutePartial, String, FeedbackSpike> {
    static final String STORE = "feedback-spike-state";
    /** Alerts raised, by {@link FeedbackSpike#key()}, for the query API's recent-alerts view. */
    static final String ALERT_STORE = "recent-alerts";

    private final SpikeDetector detector;
    private final PipelineCounters counters;
    private ProcessorContext<String, FeedbackSpike> context;
    private KeyValueStore<String, SpikeDetector.State> states;
    private KeyValueStore<String, FeedbackSpike> alerts;

    SpikeProcessor(SpikeSettings settings, PipelineCounters counters) {
        this.detector = new SpikeDetector(settings);
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
        if (partial.feedback() == 0) {
            return;
        }
        String brand = record.key();
        SpikeDetector.Outcome outcome = detector.observe(brand, states.get(brand), partial.feedback(),
                partial.feedbackSamples(), Instant.ofEpochMilli(record.timestamp()));
        if (outcome.late()) {
            counters.lateForSpikes.addAndGet(partial.feedback());
            return;
        }
        states.put(brand, outcome.state());
        outcome.alert().ifPresent(alert -> {
            counters.alerts.incrementAndGet();
            alerts.put(alert.id(), alert);
            context.forward(new Record<>(brand, alert, record.timestamp()));
        });
    }
}
