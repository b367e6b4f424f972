package dev.earshot.streams;

import dev.earshot.model.Category;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Earshot's own counters, beside Kafka Streams' metrics: what the pipeline saw and did with it.
 * They count per process since start (a restarted instance starts from zero), for /metrics.
 */
public final class PipelineCounters implements MeterBinder {
    final AtomicLong parsed = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    /** FEEDBACK mentions spike detection dropped that a longer {@code spike.grace} would have kept. */
    final Lateness lateForSpikes = new Lateness();
    /** Those that came into a window a release for quiet had closed before stream time would have: a longer quiet would have kept them. */
    final Lateness lateForSpikesAfterQuiet = new Lateness();
    final Lateness lateForMinutes = new Lateness();
    final Lateness lateForHours = new Lateness();
    final AtomicLong alerts = new AtomicLong();
    final AtomicLong restored = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong batchedMentions = new AtomicLong();
    private final Map<Category, AtomicLong> byCategory = new EnumMap<>(Category.class);

    public PipelineCounters() {
        for (Category c : Category.values()) {
            byCategory.put(c, new AtomicLong());
        }
    }

    void classified(Category category) {
        byCategory.get(category).incrementAndGet();
    }

    public long parsed() {
        return parsed.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long unmatched() {
        return unmatched.get();
    }

    /** FEEDBACK mentions spike detection dropped, their window closed when they were seen. */
    public long lateForSpikes() {
        return lateForSpikes.count() + lateForSpikesAfterQuiet.count();
    }

    /** (mention, brand) pairs dropped by the 1-minute aggregation for arriving after its grace. */
    public long lateForMinutes() {
        return lateForMinutes.count();
    }

    /** (mention, brand) pairs dropped by the 1-hour aggregation (and so from share of voice). */
    public long lateForHours() {
        return lateForHours.count();
    }

    /**
     * One line per window size, and one for each kind of spike detection's late feedback (a longer grace
     * or a longer quiet would have kept it), that dropped late records since the previous call, saying
     * how many and what would have kept them; empty when none were dropped.
     */
    public List<String> lateRecordReport(PipelineConfig config) {
        List<String> lines = new ArrayList<>(4);
        for (String line : new String[] {lateForMinutes.windowReport("1-minute", config.minuteGrace(), "window.1m.grace"),
                lateForHours.windowReport("1-hour", config.hourGrace(), "window.1h.grace"),
                lateForSpikes.spikeReport(config.spikes().grace(), "spike.grace"),
                lateForSpikesAfterQuiet.afterQuietReport(config.spikes().graceQuiet(), "spike.grace.quiet")}) {
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** State store records restored from changelogs since start: near zero after a clean restart. */
    public long restored() {
        return restored.get();
    }

    /**
     * Batches of mentions classified together; {@link #batchedMentions} divided by this is the average
     * batch. Far under {@code classify.batch.size} under load means batches close on their wait.
     */
    public long batches() {
        return batches.get();
    }

    /** Mentions classified in batches (each once, however many brands it names). */
    public long batchedMentions() {
        return batchedMentions.get();
    }

    public long alerts() {
        return alerts.get();
    }

    public Map<Category, Long> byCategory() {
        Map<Category, Long> out = new EnumMap<>(Category.class);
        byCategory.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Publishes the counters under the names earlier releases used ({@code earshot_*_total} in Prometheus). */
    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "earshot.mentions.parsed", "Mentions parsed from the raw topic", parsed);
        counter(registry, "earshot.dead.letters", "Records sent to the dead-letter topic", deadLetters);
        counter(registry, "earshot.duplicates", "Mentions dropped as repeats of an id already seen", duplicates);
        counter(registry, "earshot.unmatched.mentions", "Mentions that named no tracked brand", unmatched);
        FunctionCounter.builder("earshot.late.feedback", this, PipelineCounters::lateForSpikes)
                .description("FEEDBACK mentions too late for spike detection").register(registry);
        counter(registry, "earshot.state.restored.records", "State store records restored from changelogs since start", restored);
        counter(registry, "earshot.alerts", "Feedback-spike alerts raised", alerts);
        counter(registry, "earshot.classify.batches", "Batches of mentions classified together", batches);
        counter(registry, "earshot.classify.batched.mentions", "Mentions classified in batches", batchedMentions);
        String late = "(mention, brand) pairs that arrived after their window's grace and were dropped from it";
        FunctionCounter.builder("earshot.late.records", lateForMinutes, Lateness::count)
                .description(late).tag("window", "1m").register(registry);
        FunctionCounter.builder("earshot.late.records", lateForHours, Lateness::count)
                .description(late).tag("window", "1h").register(registry);
        byCategory.forEach((category, count) -> FunctionCounter
                .builder("earshot.classified", count, AtomicLong::get)
                .description("Classified (mention, brand) pairs by category").tag("category", category.name()).register(registry));
    }

    private static void counter(MeterRegistry registry, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
    }
}
