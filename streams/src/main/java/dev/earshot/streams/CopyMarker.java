package dev.earshot.streams;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code mark-copies}: counts how many pairs of each minute partial copy an earlier mention of the
 * brand, against the brand's {@link CopyClusters} in the store {@code copy-clusters}, and forwards the
 * partial with that count and without its signatures. It runs after the repartition by brand, because
 * copies of one text reach {@code mentions.raw} under different ids, so on different partitions: only
 * here does every mention of a brand meet. The store is written in the same transaction as what is
 * forwarded, so after a crash a partial is marked again from the clusters as they were before it.
 */
final class CopyMarker implements FixedKeyProcessor<String, MinutePartial, MinutePartial> {
    static final String STORE = "copy-clusters";

    private final CopySettings settings;
    private FixedKeyProcessorContext<String, MinutePartial> context;
    private KeyValueStore<String, CopyClusters> store;

    CopyMarker(CopySettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, MinutePartial> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, MinutePartial> record) {
        MinutePartial partial = record.value();
        if (partial.signatures().isEmpty()) {
            // Written before copies were counted (versions 2 to 4): its pairs count as originals.
            context.forward(record);
            return;
        }
        CopyClusters clusters = store.get(record.key());
        if (clusters == null) {
            clusters = CopyClusters.empty();
        }
        long amplified = 0;
        long amplifiedFeedback = 0;
        for (MinutePartial.PairSignature pair : partial.signatures()) {
            if (clusters.add(pair.signature(), settings.similarity())) {
                amplified++;
                if (pair.feedback()) {
                    amplifiedFeedback++;
                }
            }
        }
        clusters.trim(settings.clusters());
        store.put(record.key(), clusters);
        context.forward(record.withValue(partial.marked(amplified, amplifiedFeedback)));
    }
}
