package dev.earshot.streams;

import java.time.Duration;
import java.time.Instant;
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
 * so that {@link Lateness#windowReport} can say in one line how many were dropped and what to set.
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
    static long windowEnd(long timestamp, Duration size) {
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
