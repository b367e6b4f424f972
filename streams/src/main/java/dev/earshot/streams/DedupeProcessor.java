package dev.earshot.streams;

import dev.earshot.model.Mention;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Drops a mention whose id was already seen within the retention period (its event time at most the
 * retention away from the first one's, either way). Works per partition: the raw topic is keyed by
 * mention id, so every copy of a mention reaches the same partition.
 *
 * <p>Ids are remembered in the window store {@value #STORE}, which forgets them on its own two to
 * three retentions of stream time later. Each id is filed under the start of its period, event time cut into
 * periods as long as the retention, with its event time as the value: a repeat's first id is in the
 * repeat's own period or one either side, so three point lookups answer, each stopped by RocksDB's
 * Bloom filter when the id is not there, which is nearly always. Until 2026-12 ids were filed under
 * their event time and looked up with a range fetch over twice the retention, an iterator per store
 * segment per mention, which cost about a tenth of the stream thread's CPU in the drain benchmark (README).
 */
final class DedupeProcessor implements FixedKeyProcessor<byte[], ParsedMention, Mention> {
    static final String STORE = "recent-mention-ids";

    private final long span;
    private final PipelineCounters counters;
    private FixedKeyProcessorContext<byte[], Mention> context;
    private WindowStore<String, Long> seen;

    DedupeProcessor(Duration retention, PipelineCounters counters) {
        this.span = retention.toMillis();
        this.counters = counters;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Mention> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<byte[], ParsedMention> record) {
        Mention mention = record.value().mention();
        long at = record.timestamp();
        if (seenBefore(mention.id(), at)) {
            counters.duplicates.incrementAndGet();
            return;
        }
        seen.put(mention.id(), at, period(at));
        context.forward(record.withValue(mention));
    }

    private long period(long at) {
        return Math.floorDiv(at, span) * span;
    }

    private boolean seenBefore(String id, long at) {
        long period = period(at);
        // Its own period first: a repeat nearly always carries its first copy's event time.
        for (long p : new long[] {period, period - span, period + span}) {
            Long first = seen.fetch(id, p);
            if (first != null && Math.abs(first - at) <= span) {
                return true;
            }
        }
        return false;
    }
}
