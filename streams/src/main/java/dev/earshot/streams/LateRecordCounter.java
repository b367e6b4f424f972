package dev.earshot.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts (mention, brand) pairs that reach a window aggregation after their window closed (in minute
 * partials, each counting the pairs it sums), which
 * the aggregation then drops. Kafka Streams counts such drops only in an anonymous per-task metric;
 * this names them per window size in Earshot's counters, with the grace that would have kept them,
 * so that {@link Lateness#report} can say in one line how many were dropped and what to set.
 * Records pass through unchanged.
 *
 * <p>A window closes when the task's stream time (the latest event time it has seen) passes the
 * window's end plus its grace, the rule the aggregation applies.
 */
final class LateRecordCounter implements FixedKeyProcessor<String, MinutePartial, MinutePartial> {
    private static final Logger log = LoggerFactory.getLogger(LateRecordCounter.class);

    private final Window[] windows;
    private FixedKeyProcessorContext<String, MinutePartial> context;

    /** One window size, its grace, and where its late records are counted. */
    record Window(String name, Duration size, Duration grace, Lateness late) {
    }

    /**
     * Late records of one kind (a window size, or spike detection's) across all tasks and threads of the
     * instance: how many, and the largest grace any of those since the last report needed.
     * {@link #report} turns what is new since then into a line for the log.
     */
    static final class Lateness {
        final AtomicLong count = new AtomicLong();
        final AtomicLong neededGraceMs = new AtomicLong();
        private long reported;

        synchronized void add(long pairs, long neededMs) {
            count.addAndGet(pairs);
            neededGraceMs.accumulateAndGet(neededMs, Math::max);
        }

        /**
         * One line about the records dropped since the last call, or null when there were none. The
         * grace it suggests is rounded up to a whole minute (hour past a day) above the largest needed.
         */
        synchronized String report(String windows, Duration grace, String setting) {
            Fresh f = fresh();
            return f == null ? null : String.format("%,d (mention, brand) pairs (%,d since start) arrived after the %s windows' "
                            + "grace of %s and were left out of them, the furthest %s past it; %s=%s (or window.grace) would have kept them",
                    f.count(), f.total(), windows, setting(grace), human(f.needed().minus(grace)), setting, setting(roundUp(f.needed())));
        }

        /** How many came since the last report, how many in all, and the largest grace any of them needed. */
        record Fresh(long count, long total, Duration needed) {
        }

        /** What is new since the last report, taken as reported; null when nothing is. */
        synchronized Fresh fresh() {
            long total = count.get();
            if (total == reported) {
                return null;
            }
            long fresh = total - reported;
            reported = total;
            return new Fresh(fresh, total, Duration.ofMillis(neededGraceMs.getAndSet(0)));
        }

        static Duration roundUp(Duration d) {
            long unit = d.compareTo(Duration.ofDays(1)) > 0 ? 3_600_000L : 60_000L;
            return Duration.ofMillis((d.toMillis() / unit + 1) * unit);
        }

        /** A lateness for people to read: 1h58m30s, 50m, 250ms. */
        static String human(Duration d) {
            if (d.toSeconds() == 0) {
                return d.toMillis() + "ms";
            }
            StringBuilder out = new StringBuilder();
            long s = d.toSeconds();
            long[] units = {86_400, 3_600, 60, 1};
            String[] names = {"d", "h", "m", "s"};
            for (int i = 0; i < units.length; i++) {
                if (s >= units[i]) {
                    out.append(s / units[i]).append(names[i]);
                    s %= units[i];
                }
            }
            return out.toString();
        }

        /** A duration as a setting takes it, in its largest whole unit: 2h, 61m, 30s, 500ms, and none as 0s. */
        static String setting(Duration d) {
            if (d.toMillis() % 1000 != 0) {
                return d.toMillis() + "ms";
            }
            long s = d.toSeconds();
            return s == 0 ? "0s" : s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h"
                    : s % 60 == 0 ? s / 60 + "m" : s + "s";
        }
    }

    LateRecordCounter(Window... windows) {
        this.windows = windows.clone();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, MinutePartial> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, MinutePartial> record) {
        long streamTime = context.currentStreamTimeMs();
        for (Window w : windows) {
            if (closed(record.timestamp(), w.size(), w.grace(), streamTime)) {
                w.late().add(record.value().pairs(), streamTime - windowEnd(record.timestamp(), w.size()) + 1);
                if (log.isDebugEnabled()) {
                    log.debug("late for the {} windows: {} pairs of {} at {}, stream time {}, grace {}", w.name(),
                            record.value().pairs(), record.key(), Instant.ofEpochMilli(record.timestamp()),
                            Instant.ofEpochMilli(streamTime), w.grace());
                }
            }
        }
        context.forward(record);
    }

    /** Whether a record of this time comes after its window (of this size and grace) closed, by the stream time. */
    static boolean closed(long timestamp, Duration size, Duration grace, long streamTime) {
        return windowEnd(timestamp, size) + grace.toMillis() <= streamTime;
    }

    /** The end of the window of this size that a record of this time falls in. */
    private static long windowEnd(long timestamp, Duration size) {
        return Math.floorDiv(timestamp, size.toMillis()) * size.toMillis() + size.toMillis();
    }

    /**
     * Drops what reaches a window aggregation after its window closed, by the task's stream time, which
     * Kafka Streams restores on a restart. Its windowed aggregate does not: it starts its own stream time
     * afresh at each start, so the first late partials after one pass it, find their closed window gone
     * from the store, start it from nothing, and publish a window of the late pairs alone over the one
     * published whole. Otherwise it drops exactly what the aggregation would.
     */
    static final class DropClosed<V> implements FixedKeyProcessor<String, V, V> {
        private final Duration size;
        private final Duration grace;
        private FixedKeyProcessorContext<String, V> context;

        DropClosed(Duration size, Duration grace) {
            this.size = size;
            this.grace = grace;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            if (!closed(record.timestamp(), size, grace, context.currentStreamTimeMs())) {
                context.forward(record);
            }
        }
    }
}
