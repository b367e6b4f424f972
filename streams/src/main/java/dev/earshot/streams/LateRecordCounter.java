package dev.earshot.streams;

import dev.earshot.model.ClassifiedMention;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts (mention, brand) pairs that reach a window aggregation after their window closed, which
 * the aggregation then drops. Kafka Streams counts such drops only in an anonymous per-task metric;
 * this names them per window size in Earshot's counters and logs the first of each run with the
 * mention id, so that a too-small grace period shows up as a number and an example, not as totals
 * that silently fall short. Records pass through unchanged.
 *
 * <p>A window closes when the task's stream time (the latest event time it has seen) passes the
 * window's end plus its grace, the rule the aggregation applies.
 */
final class LateRecordCounter implements FixedKeyProcessor<String, ClassifiedMention, ClassifiedMention> {
    private static final Logger log = LoggerFactory.getLogger(LateRecordCounter.class);

    private final Window[] windows;
    private FixedKeyProcessorContext<String, ClassifiedMention> context;

    /** One window size, its grace, and the counter its late records go to. */
    record Window(String name, Duration size, Duration grace, AtomicLong late) {
    }

    LateRecordCounter(Window... windows) {
        this.windows = windows.clone();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ClassifiedMention> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, ClassifiedMention> record) {
        long streamTime = context.currentStreamTimeMs();
        for (Window w : windows) {
            long size = w.size().toMillis();
            long windowEnd = Math.floorDiv(record.timestamp(), size) * size + size;
            if (windowEnd + w.grace().toMillis() <= streamTime) {
                long n = w.late().incrementAndGet();
                if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th...: visible without flooding the log
                    log.warn("late for the {} windows ({} late so far): mention {} of {} at {}, stream time {}, grace {}",
                            w.name(), n, record.value().mention().id(), record.key(),
                            java.time.Instant.ofEpochMilli(record.timestamp()), java.time.Instant.ofEpochMilli(streamTime), w.grace());
                }
            }
        }
        context.forward(record);
    }
}
