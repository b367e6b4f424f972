package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class BatchClassifierTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static Mention mention(String id, String text, Instant at) {
        return new Mention(id, "bluesky", at, new Mention.Author("@u", 10, false), text, "", List.of(), "en",
                new Mention.Engagement(1, 0, 0, 0), false);
    }

    /**
     * Pairs out of order across minutes within one batch: the partials leave in the order of their
     * timestamps, so the downstream windows' stream time never passes a partial before it arrives
     * (10:00's pair at 10:00:50 would otherwise follow a partial stamped 10:01:45).
     */
    @Test
    void partialsLeaveInTheOrderOfTheirTimestamps() throws Exception {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<Long, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BatchClassifier.STORE),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        ClassifierHolder classifier = new ClassifierHolder(Classifier.create(BrandCatalog.parse(PipelineTest.BRANDS, "brands.yaml"),
                RulePack.defaults(), ClassifierSettings.DEFAULT));
        BatchClassifier processor = new BatchClassifier(classifier, new PipelineCounters(), 3, Duration.ofMillis(100),
                SuspectSettings.DEFAULT);
        processor.init(context);
        for (Mention m : List.of(mention("a", "Lumora a", T0.plusSeconds(65)), mention("b", "Lumora b", T0.plusSeconds(50)),
                mention("c", "Lumora c", T0.plusSeconds(105)))) {
            processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
        }
        List<Long> minutes = context.forwarded().stream().map(MockProcessorContext.CapturedForward::record)
                .filter(r -> r.value() instanceof BatchResult.Minute).map(Record::timestamp).toList();
        assertEquals(List.of(T0.plusSeconds(50).toEpochMilli(), T0.plusSeconds(105).toEpochMilli()), minutes,
                "10:00's partial (its latest pair 10:00:50) first, then 10:01's (10:01:45)");
        long pairs = context.forwarded().stream().filter(f -> f.record().value() instanceof BatchResult.Pair).count();
        assertEquals(3, pairs, "every pair still goes to mentions.classified");
        assertEquals(0, store.approximateNumEntries(), "the classified batch left the buffer");
    }
}
