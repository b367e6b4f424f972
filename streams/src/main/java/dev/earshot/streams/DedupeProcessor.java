package dev.earshot.streams;

import dev.earshot.model.Mention;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops a mention whose id was already seen within the retention period. Ids are remembered in a
 * window store by the mention's event time, so the store forgets them on its own once they are older
 * than the retention. Works per partition: the raw topic is keyed by mention id, so every copy of a
 * mention reaches the same partition.
 */
final class DedupeProcessor implements FixedKeyProcessor<byte[], ParsedMention, Mention> {
    static final String STORE = "seen-mention-ids";

    private final Duration retention;
    private final PipelineCounters counters;
    private FixedKeyProcessorContext<byte[], Mention> context;
    private WindowStore<String, Long> seen;

    DedupeProcessor(Duration retention, PipelineCounters counters) {
        this.retention = retention;
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
        long span = retention.toMillis();
        try (WindowStoreIterator<Long> earlier = seen.fetch(mention.id(), at - span, at + span)) {
            if (earlier.hasNext()) {
                counters.duplicates.incrementAndGet();
                return;
            }
        }
        seen.put(mention.id(), at, at);
        context.forward(record.withValue(mention));
    }
}
