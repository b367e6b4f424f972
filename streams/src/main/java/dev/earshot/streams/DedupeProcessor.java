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
 * three retentions of stream time later ({@link #KEPT_PERIODS}). Each id is filed under the start of its period, event time cut into
 * periods as long as the retention, with its event time as the value: a repeat's first id is in the
 * repeat's own period or one either side, so three point lookups answer. Until 2026-12 ids were filed under
 * their event time and looked up with a range fetch over twice the retention, an iterator per store
 * segment per mention, which cost about a tenth of the stream thread's CPU in the drain benchmark (README);
 * the three lookups are now made only where the Bloom filters of {@link RecentIds} may hold the id.
 */
final class DedupeProcessor implements FixedKeyProcessor<byte[], ParsedMention, Mention> {
    static final String STORE = "recent-mention-ids";
    /** The store keeps ids this many periods (retentions) back from the latest period it was given. */
    static final int KEPT_PERIODS = 3;

    private final Duration retention;
    private final PipelineCounters counters;
    private FixedKeyProcessorContext<byte[], Mention> context;
    private RecentIds seen;

    DedupeProcessor(Duration retention, PipelineCounters counters) {
        this.retention = retention;
        this.counters = counters;
    }

    /** Called once the task's stores are restored, so the filters are built from all the store holds. */
    @Override
    public void init(FixedKeyProcessorContext<byte[], Mention> context) {
        this.context = context;
        WindowStore<String, Long> store = context.getStateStore(STORE);
        this.seen = null; // a revived task's old filters go before its new ones are built
        this.seen = new RecentIds(store, retention);
    }

    @Override
    public void close() {
        seen = null;
    }

    @Override
    public void process(FixedKeyRecord<byte[], ParsedMention> record) {
        Mention mention = record.value().mention();
        long at = record.timestamp();
        if (seen.seenWithin(mention.id(), at)) {
            counters.duplicates.incrementAndGet();
            return;
        }
        seen.remember(mention.id(), at);
        context.forward(record.withValue(mention));
    }
}
