package dev.earshot.streams;

import dev.earshot.model.Category;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Earshot's own counters, beside Kafka Streams' metrics: what the pipeline saw and did with it.
 * They count per process since start (a restarted instance starts from zero), for /metrics.
 */
public final class PipelineCounters implements io.micrometer.core.instrument.binder.MeterBinder {
    final AtomicLong parsed = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    /** FEEDBACK mentions spike detection dropped that a longer {@code spike.grace} would have kept. */
    final LateRecordCounter.Lateness lateForSpikes = new LateRecordCounter.Lateness();
    /** Those that came within the grace, into a window a release for quiet had closed. */
    final LateRecordCounter.Lateness lateForSpikesAfterQuiet = new LateRecordCounter.Lateness();
    final LateRecordCounter.Lateness lateForMinutes = new LateRecordCounter.Lateness();
    final LateRecordCounter.Lateness lateForHours = new LateRecordCounter.Lateness();
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
        return lateForSpikes.count.get() + lateForSpikesAfterQuiet.count.get();
    }

    /** (mention, brand) pairs dropped by the 1-minute aggregation for arriving after its grace. */
    public long lateForMinutes() {
        return lateForMinutes.count.get();
    }

    /** (mention, brand) pairs dropped by the 1-hour aggregation (and so from share of voice). */
    public long lateForHours() {
        return lateForHours.count.get();
    }

    /**
     * One line per window size, and one for each kind of spike detection's late feedback (a longer grace
     * or a longer quiet would have kept it), that dropped late records since the previous call, saying
     * how many and what would have kept them; empty when none were dropped.
     */
    public java.util.List<String> lateRecordReport(PipelineConfig config) {
        java.util.List<String> lines = new java.util.ArrayList<>(4);
        for (String line : new String[] {lateForMinutes.report("1-minute", config.minuteGrace(), "window.1m.grace"),
                lateForHours.report("1-hour", config.hourGrace(), "window.1h.grace"),
                lateForSpikesReport(config.spikes().grace(), "spike.grace"),
                lateAfterQuietReport(config.spikes().graceQuiet(), "spike.grace.quiet")}) {
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private String lateForSpikesReport(java.time.Duration grace, String setting) {
        LateRecordCounter.Lateness.Fresh f = lateForSpikes.fresh();
        return f == null ? null : String.format("%,d FEEDBACK mentions (%,d since start) arrived after their spike window had "
                        + "closed and were left out of spike detection, the furthest %s past the end of its minute; %s=%s (now %s) "
                        + "would have kept them", f.count(), f.total(), LateRecordCounter.Lateness.human(f.needed()), setting,
                LateRecordCounter.Lateness.setting(LateRecordCounter.Lateness.roundUp(f.needed())),
                LateRecordCounter.Lateness.setting(grace));
    }

    private String lateAfterQuietReport(java.time.Duration quiet, String setting) {
        LateRecordCounter.Lateness.Fresh f = lateForSpikesAfterQuiet.fresh();
        return f == null ? null : String.format("%,d FEEDBACK mentions (%,d since start) arrived within the grace but after "
                        + "their spike window had closed, as what was held had been released when the partials stopped for %s; "
                        + "they were left out of spike detection, and a longer %s would have kept them", f.count(), f.total(),
                LateRecordCounter.Lateness.setting(quiet), setting);
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
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        counter(registry, "earshot.mentions.parsed", "Mentions parsed from the raw topic", parsed);
        counter(registry, "earshot.dead.letters", "Records sent to the dead-letter topic", deadLetters);
        counter(registry, "earshot.duplicates", "Mentions dropped as repeats of an id already seen", duplicates);
        counter(registry, "earshot.unmatched.mentions", "Mentions that named no tracked brand", unmatched);
        io.micrometer.core.instrument.FunctionCounter.builder("earshot.late.feedback", this, PipelineCounters::lateForSpikes)
                .description("FEEDBACK mentions too late for spike detection").register(registry);
        counter(registry, "earshot.state.restored.records", "State store records restored from changelogs since start", restored);
        counter(registry, "earshot.alerts", "Feedback-spike alerts raised", alerts);
        counter(registry, "earshot.classify.batches", "Batches of mentions classified together", batches);
        counter(registry, "earshot.classify.batched.mentions", "Mentions classified in batches", batchedMentions);
        String late = "(mention, brand) pairs that arrived after their window's grace and were dropped from it";
        io.micrometer.core.instrument.FunctionCounter.builder("earshot.late.records", lateForMinutes.count, AtomicLong::get)
                .description(late).tag("window", "1m").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("earshot.late.records", lateForHours.count, AtomicLong::get)
                .description(late).tag("window", "1h").register(registry);
        byCategory.forEach((category, count) -> io.micrometer.core.instrument.FunctionCounter
                .builder("earshot.classified", count, AtomicLong::get)
                .description("Classified (mention, brand) pairs by category").tag("category", category.name()).register(registry));
    }

    private static void counter(io.micrometer.core.instrument.MeterRegistry registry, String name, String description, AtomicLong value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
    }
}
