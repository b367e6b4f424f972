package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SpikeDetector} per brand over the FEEDBACK pairs of minute partials and their theme
 * terms, and with {@code spike.negative.sentiment} over their NEGATIVE pairs too (without terms),
 * keeping each brand's states in a store (the negative one under {@code brand#negative}). Suspect
 * pairs are left out of both counts unless {@code suspect.exclude} is off.
 *
 * <p>The detector closes a window when a partial of a later one arrives, and drops what comes for a
 * window already closed. Partials of one brand reach this task from every input partition's task, each
 * at its own pace: live they are a batch wait apart, but in a backfill fed at full speed, or while one
 * instance catches up after a restart, a lagging partition's feedback arrives after later windows have
 * closed. With {@code spike.grace} each partial is first held in the store {@link #HELD_STORE} until
 * the task's stream time has passed the end of its minute by the grace, and partials are then seen in
 * the order of their minutes: whatever arrives within the grace is seen as if it had come in order, at
 * the cost of alerts coming the grace later. The store is changelogged like every other, so what it
 * holds survives a crash or a move to another instance. A task whose partials stop coming (the end of
 * a backfill) releases what it holds once none has arrived for {@code spike.grace.quiet}, counted from
 * its start when none has come since: stream time moves only with new partials, and without this the
 * last grace of a backfill would wait for the next live mention. Late feedback is counted as a longer
 * grace would have kept it, or a longer quiet ({@link PipelineCounters#lateRecordReport}).
 */
final class SpikeProcessor implements Processor<String, MinutePartial, String, FeedbackSpike> {
    private static final Logger log = LoggerFactory.getLogger(SpikeProcessor.class);
    static final String STORE = "feedback-spike-state";
    /** Partials waiting out {@code spike.grace}, by minute and then by their offset on {@code mentions-by-brand}. */
    static final String HELD_STORE = "feedback-spike-held";
    /**
     * Held partials a task sees in a second of the wall clock at most (see {@link #release}); a stream
     * thread's transaction spans its tasks, each with its own.
     */
    static final int RELEASE_PER_SECOND = 5_000;
    /**
     * Alerts and their incidents' later records, by {@link FeedbackSpike#id()}, for the query API's
     * recent-alerts view; each kept as long as the alerts topic keeps its records (see {@link #forgetOldAlerts}).
     */
    static final String ALERT_STORE = "recent-alerts";
    /** How often, in stream time, alerts past the retention are looked for. */
    static final Duration FORGET_EVERY = Duration.ofHours(1);
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    /**
     * A partial held for the grace, with the brand and timestamp it arrived with, and how far the task's
     * stream time was past the end of its minute then (negative while within its minute): what says,
     * if it is late, whether a longer grace would have kept it.
     */
    record HeldPartial(String brand, long timestamp, long pastMinuteEnd, MinutePartial partial) {
        /** A partial arriving now, when the task's stream time is {@code streamTime}. */
        static HeldPartial arriving(String brand, long timestamp, MinutePartial partial, long streamTime) {
            return new HeldPartial(brand, timestamp, streamTime - minuteEnd(timestamp), partial);
        }

        /** The task's stream time when it arrived. */
        long arrivedAt() {
            return minuteEnd(timestamp) + pastMinuteEnd;
        }
    }

    private final SpikeDetector detector;
    private final boolean negativeSentiment;
    private final boolean excludeSuspects;
    private final PipelineCounters counters;
    private ProcessorContext<String, FeedbackSpike> context;
    private KeyValueStore<String, SpikeDetector.State> states;
    private KeyValueStore<String, FeedbackSpike> alerts;
    private final long graceMs;
    private final long quietMs;
    private KeyValueStore<Bytes, HeldPartial> held;
    /**
     * The earliest minute {@link #held} may hold, Long.MAX_VALUE when it holds none: read from the store
     * at start, so that each partial does not look through it for nothing to release.
     */
    private long earliestHeldMinute = Long.MAX_VALUE;
    /** Wall-clock time the last partial arrived, or the task started. */
    private long lastArrival;
    /** The wall-clock second {@link #releasedInSecond} counts in. */
    private long releaseSecond = Long.MIN_VALUE;
    private int releasedInSecond;

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
        this.graceMs = settings.grace().toMillis();
        this.quietMs = settings.graceQuiet().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FeedbackSpike> context) {
        this.context = context;
        this.states = context.getStateStore(STORE);
        this.alerts = context.getStateStore(ALERT_STORE);
        if (alertRetention != null) {
            context.schedule(FORGET_EVERY, PunctuationType.STREAM_TIME, this::forgetOldAlerts);
        }
        held = context.getStateStore(HELD_STORE);
        earliestHeldMinute = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, HeldPartial> first = held.all()) {
            if (first.hasNext()) {
                earliestHeldMinute = minuteOf(first.next().key);
            }
        }
        // Counted from the task's start too: partials held when the last run ended, and no input since,
        // would otherwise wait for the next mention. A run without a grace releases a store left by one
        // with a grace at its first ticks (every minute is due, dueMinute).
        lastArrival = context.currentSystemTimeMs();
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now ->
                release(now - lastArrival >= quietMs ? Long.MAX_VALUE : dueMinute()));
    }

    /**
     * Holds the partial until the grace has passed its minute, then sees every partial whose minute is
     * that far behind stream time, this one included when it arrived that late (the detector then counts
     * it in its window if still open, as late if not). Without a grace, and nothing held, it is seen at once.
     */
    @Override
    public void process(Record<String, MinutePartial> record) {
        HeldPartial partial = HeldPartial.arriving(record.key(), record.timestamp(), record.value(), context.currentStreamTimeMs());
        if (graceMs == 0 && earliestHeldMinute == Long.MAX_VALUE) {
            detect(partial);
            return;
        }
        long minute = minute(record.timestamp());
        // A task reads one partition of mentions-by-brand (PipelineTest.everyTaskReadsOnePartition), so
        // the offset tells its partials apart.
        long offset = context.recordMetadata().map(RecordMetadata::offset)
                .orElseThrow(() -> new IllegalStateException("a partial without its offset on mentions-by-brand"));
        held.put(heldKey(minute, offset), partial);
        earliestHeldMinute = Math.min(earliestHeldMinute, minute);
        lastArrival = context.currentSystemTimeMs();
        release(dueMinute());
    }

    /** Minutes since the epoch of a timestamp. */
    static long minute(long timestamp) {
        return Math.floorDiv(timestamp, 60_000L);
    }

    /** The end of the minute of a timestamp. */
    private static long minuteEnd(long timestamp) {
        return LateRecordCounter.windowEnd(timestamp, ONE_MINUTE);
    }

    /**
     * The last minute whose end stream time has passed by the grace; without a grace, every minute
     * held (what a run with one left), so that the store empties and partials go straight through again.
     */
    private long dueMinute() {
        return dueMinute(context.currentStreamTimeMs());
    }

    private long dueMinute(long streamTime) {
        return graceMs == 0 ? Long.MAX_VALUE : minute(streamTime - graceMs) - 1;
    }

    /**
     * Sees and forgets, in order, the held partials of minutes up to {@code lastMinute}, at most
     * {@link #RELEASE_PER_SECOND} in a second of the wall clock, whether partials or the punctuation ask:
     * the punctuation goes on with the rest in the next. A backfill held whole by a long grace is released
     * at its end, and seen all in one go it could outlast the transaction's timeout (10 s under
     * exactly-once) and be aborted and redone for ever.
     */
    private void release(long lastMinute) {
        if (earliestHeldMinute == Long.MAX_VALUE || earliestHeldMinute > lastMinute) {
            return;
        }
        long second = Math.floorDiv(context.currentSystemTimeMs(), 1000L);
        if (second != releaseSecond) {
            releaseSecond = second;
            releasedInSecond = 0;
        }
        int room = RELEASE_PER_SECOND - releasedInSecond;
        if (room <= 0) {
            return;
        }
        List<KeyValue<Bytes, HeldPartial>> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        // From the earliest minute held: the released ones before it are tombstones RocksDB would walk.
        try (KeyValueIterator<Bytes, HeldPartial> it = held.range(heldKey(earliestHeldMinute, Long.MIN_VALUE), null)) {
            while (it.hasNext()) {
                KeyValue<Bytes, HeldPartial> partial = it.next();
                long minute = minuteOf(partial.key);
                if (minute > lastMinute || due.size() == room) {
                    next = minute;
                    break;
                }
                due.add(partial);
            }
        }
        earliestHeldMinute = next;
        releasedInSecond += due.size();
        for (KeyValue<Bytes, HeldPartial> partial : due) {
            held.delete(partial.key);
            detect(partial.value);
        }
        if (graceMs == 0 && next == Long.MAX_VALUE && !due.isEmpty()) {
            // What an operator rolling back waits for (see the README).
            log.info("spike detection of task {} has seen every partial held by a run with spike.grace; it holds none now",
                    context.taskId());
        }
    }

    /** Ordered by minute, then offset, in the store's byte order: the sign bits flipped, big-endian. */
    static Bytes heldKey(long minute, long offset) {
        return Bytes.wrap(ByteBuffer.allocate(16).putLong(minute ^ Long.MIN_VALUE).putLong(offset ^ Long.MIN_VALUE).array());
    }

    static long minuteOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
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

    private void detect(HeldPartial seen) {
        String brand = seen.brand();
        MinutePartial partial = seen.partial();
        MinutePartial.Marks marks = partial.marks();
        // Left out, suspect pairs are not counted at all (and a flood's copies counted before it was
        // known are taken back: the counts may be negative); counted, the alert says how many there are.
        if (partial.feedback() > 0 || marks.suspectFeedback() > 0 || marks.earlierFloodFeedback() > 0) {
            observe(seen, brand, FeedbackSpike.Signal.FEEDBACK, partial.feedback(), marks.suspectFeedback(),
                    marks.amplifiedFeedback(), marks.amplifiedSuspectFeedback(), marks.earlierFloodFeedback(),
                    partial.feedbackSamples(), partial.feedbackTerms(), partial.feedbackTop());
        } else {
            releaseCopies(seen, brand, FeedbackSpike.Signal.FEEDBACK);
        }
        if (!negativeSentiment) {
            return;
        }
        if (partial.sentiment().negative() > 0 || marks.suspectNegative() > 0 || marks.earlierFloodNegative() > 0) {
            observe(seen, brand + "#negative", FeedbackSpike.Signal.NEGATIVE_SENTIMENT, partial.sentiment().negative(),
                    marks.suspectNegative(), marks.amplifiedNegative(), marks.amplifiedSuspectNegative(),
                    marks.earlierFloodNegative(), partial.negativeSamples(), Map.of(), partial.negativeTop());
        } else {
            releaseCopies(seen, brand + "#negative", FeedbackSpike.Signal.NEGATIVE_SENTIMENT);
        }
    }

    /**
     * Observes a partial's pairs of one signal: {@code all} of them, {@code suspect} of which are
     * suspect, {@code copies} of which copy an earlier mention ({@code suspectCopies} both), and
     * {@code earlierFlood} copies of the minute before that turned out a flood's.
     */
    private void observe(HeldPartial seen, String stateKey, FeedbackSpike.Signal signal, long all,
                         long suspect, long copies, long suspectCopies, long earlierFlood, List<String> samples,
                         Map<String, Integer> terms, List<FeedbackSpike.Sample> loudest) {
        long counted = all - (excludeSuspects ? suspect : 0);
        boolean shown = counted > 0; // a partial of suspects alone shows none of them
        observe(seen, stateKey, signal, counted, copies - (excludeSuspects ? suspectCopies : 0), excludeSuspects ? 0 : suspect,
                excludeSuspects ? new SpikeDetector.EarlierFlood(earlierFlood, 0) : new SpikeDetector.EarlierFlood(0, earlierFlood),
                shown ? samples : List.of(), shown ? terms : Map.of(), shown ? loudest : List.of());
    }

    /** A partial without pairs of the signal, but of a later minute: copies pending in the window may be final now. */
    private void releaseCopies(HeldPartial seen, String stateKey, FeedbackSpike.Signal signal) {
        SpikeDetector.State state = states.get(stateKey);
        if (state != null && state.pending().total() > 0 && minute(seen.timestamp()) > state.pending().minute()) {
            observe(seen, stateKey, signal, 0, 0, 0, SpikeDetector.EarlierFlood.NONE, List.of(), Map.of(), List.of());
        }
    }

    private void observe(HeldPartial seen, String stateKey, FeedbackSpike.Signal signal, long count,
                         long amplified, long suspect, SpikeDetector.EarlierFlood earlierFlood, List<String> samples,
                         Map<String, Integer> terms, List<FeedbackSpike.Sample> loudest) {
        String brand = seen.brand();
        SpikeDetector.Outcome outcome = detector.observe(brand, states.get(stateKey), count, amplified, suspect, earlierFlood,
                samples, terms, loudest, Instant.ofEpochMilli(seen.timestamp()), signal);
        if (outcome.late()) {
            if (signal == FeedbackSpike.Signal.FEEDBACK && count > 0) { // the metric counts late FEEDBACK mentions
                // Due when it came (the grace had passed its minute), and so was the window that closed
                // its own: a longer grace would have kept it. Otherwise a release for quiet let that
                // window's partials through early: a longer quiet would have.
                boolean closedByStreamTime = minute(outcome.state().windowStart().toEpochMilli()) <= dueMinute(seen.arrivedAt());
                if (seen.pastMinuteEnd() >= graceMs && closedByStreamTime) {
                    counters.lateForSpikes.add(count, seen.pastMinuteEnd() + 1);
                } else {
                    counters.lateForSpikesAfterQuiet.add(count, 0);
                }
            }
            return;
        }
        states.put(stateKey, outcome.state());
        for (FeedbackSpike update : outcome.lifecycle()) {
            if (update.status() == FeedbackSpike.Status.OPENED) { // held until its minute's copies were final
                counters.alerts.incrementAndGet();
            }
            alerts.put(update.id(), update);
            context.forward(new Record<>(brand, update, seen.timestamp()));
        }
        outcome.alert().ifPresent(alert -> {
            counters.alerts.incrementAndGet();
            alerts.put(alert.id(), alert);
            context.forward(new Record<>(brand, alert, seen.timestamp()));
        });
    }
}
