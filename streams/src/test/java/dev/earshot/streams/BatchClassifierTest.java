package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        KeyValueStore<Long, byte[]> store = bufferOf(context);
        BatchClassifier processor = started(context, 3);
        for (Mention m : List.of(mention("a", "Lumora a", T0.plusSeconds(65)), mention("b", "Lumora b", T0.plusSeconds(50)),
                mention("c", "Lumora c", T0.plusSeconds(105)))) {
            processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
        }
        List<Long> minutes = context.forwarded().stream().map(MockProcessorContext.CapturedForward::record)
                .filter(r -> r.value() instanceof BatchResult.Minute).map(Record::timestamp).toList();
        assertEquals(List.of(T0.plusSeconds(50).toEpochMilli(), T0.plusSeconds(105).toEpochMilli()), minutes,
                "10:00's partial (its latest pair 10:00:50) first, then 10:01's (10:01:45)");
        assertEquals(List.of("a", "b", "c"), publishedIds(context), "every pair goes on to mentions.classified");
        assertEquals(0, store.approximateNumEntries(), "the classified batch left the buffer");
    }

    /**
     * A campaign's long posts of one brand in one minute: its pairs leave in several partials, none
     * carrying more than {@link BatchClassifier#PUBLISHED_BYTES} of encoded pairs but a pair longer than
     * that, alone; together they carry every pair, and add up to every pair.
     */
    @Test
    void manyLongPairsOfOneMinuteLeaveInPartialsOfBoundedSize() throws Exception {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        bufferOf(context);
        BatchClassifier processor = started(context, 60);
        String longPost = "Lumora " + "the battery and the screen and the case ".repeat(500); // about 20 KB
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add("m" + i);
            // One post near the codec's 128 Ki-character limit, whose pair is longer than a partial
            // carries: it travels alone.
            Mention m = mention("m" + i, (i == 30 ? "Lumora " + "battery ".repeat(16_350) : longPost) + i, T0.plusSeconds(i % 60));
            processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
        }
        List<MinutePartial> partials = context.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof BatchResult.Minute).map(v -> ((BatchResult.Minute) v).value()).toList();
        assertTrue(partials.size() >= 3, partials.size() + " partials");
        for (MinutePartial p : partials) {
            long bytes = p.fingerprints().stream().mapToLong(f -> f.published().length).sum();
            assertTrue(bytes <= BatchClassifier.PUBLISHED_BYTES || p.fingerprints().size() == 1,
                    bytes + " bytes of " + p.fingerprints().size() + " pairs in one partial");
            assertTrue(InternalFormat.minutePartial(p).length < 1_000_000);
        }
        assertTrue(partials.stream().anyMatch(p -> p.fingerprints().size() == 1
                && p.fingerprints().get(0).published().length > BatchClassifier.PUBLISHED_BYTES), "the long post alone");
        assertEquals(60, partials.stream().mapToLong(MinutePartial::pairs).sum());
        assertEquals(ids, publishedIds(context));
    }

    /**
     * A task that moves, or restarts after a crash, finds the mentions its previous owner buffered in
     * the store: the new owner classifies them in the order they arrived, with the mentions that
     * reach it after, none of them overwriting another in the store.
     */
    @Test
    void mentionsLeftInTheStoreAreClassifiedInArrivalOrderWithTheNextOnes() throws Exception {
        MockProcessorContext<String, BatchResult> before = new MockProcessorContext<>();
        KeyValueStore<Long, byte[]> store = bufferOf(before);
        List<String> ids = new java.util.ArrayList<>();
        feed(started(before, 100), "m", 0, 40, ids, store);
        assertEquals(40, store.approximateNumEntries());

        MockProcessorContext<String, BatchResult> after = nextOwnerOf(store);
        feed(started(after, 100), "m", 40, 100, ids, store);
        assertEquals(ids, publishedInOrder(after));
        assertEquals(0, store.approximateNumEntries());
    }

    /**
     * A buffer left by a release that keyed mentions by their sequence numbers themselves, restored,
     * then more mentions and a second restore before any batch is classified: the oldest first, each
     * part in the order it arrived, none lost.
     */
    @Test
    void aBufferLeftByAnEarlierReleaseComesFirstInItsOrder() throws Exception {
        MockProcessorContext<String, BatchResult> first = new MockProcessorContext<>();
        KeyValueStore<Long, byte[]> store = bufferOf(first);
        List<String> ids = new java.util.ArrayList<>();
        for (long key = 0; key < 30; key++) {
            ids.add("old" + key);
            store.put(key, InternalFormatTest.bufferedBeforeV8(mention("old" + key, "Lumora " + key, T0.plusMillis(key))));
        }
        feed(started(first, 100), "new", 100, 130, ids, store);
        assertEquals(60, store.approximateNumEntries());

        MockProcessorContext<String, BatchResult> second = nextOwnerOf(store);
        feed(started(second, 100), "last", 200, 240, ids, store);
        assertEquals(ids, publishedInOrder(second));
        assertEquals(0, store.approximateNumEntries());
    }

    /** The store in a context of its own, as the task's next owner finds it once restored. */
    private static MockProcessorContext<String, BatchResult> nextOwnerOf(KeyValueStore<Long, byte[]> store) {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        context.addStateStore(store);
        return context;
    }

    /**
     * Mentions {@code prefix + i} for i from {@code from} to {@code to}, noted in {@code ids}; all in one
     * minute, so a batch sends one partial, its pairs in arrival order. Until the batch fills, each
     * mention adds a key of its own to the store.
     */
    private static void feed(BatchClassifier processor, String prefix, int from, int to, List<String> ids,
                             KeyValueStore<Long, byte[]> store) {
        for (int i = from; i < to; i++) {
            ids.add(prefix + i);
            long entries = store.approximateNumEntries();
            Mention m = mention(prefix + i, "Lumora " + prefix + " " + i, T0.plusMillis(i));
            processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
            if (store.approximateNumEntries() != 0) {
                assertEquals(entries + 1, store.approximateNumEntries(), "every mention has a key of its own");
            }
        }
    }

    @Test
    void aBatchsKeysHashApartInTheRecordCache() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (long sequence = 0; sequence < 2_000; sequence++) {
            hashes.add(org.apache.kafka.common.utils.Bytes.wrap(
                    Serdes.Long().serializer().serialize("", BatchClassifier.bufferKey(sequence))).hashCode());
        }
        assertEquals(2_000, hashes.size());
    }

    /**
     * A classifier that fails on every mention, even a plain one, is broken, not the mentions bad: the
     * batch is not sent to the dead letters but stays in the buffer, and the failure stops the task,
     * whose next start classifies it again.
     */
    @Test
    void aBrokenClassifierLeavesTheBatchInTheBufferRatherThanInTheDeadLetters() throws Exception {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        KeyValueStore<Long, byte[]> store = bufferOf(context);
        PipelineCounters counters = new PipelineCounters();
        Classifier closed = Classifier.create(BrandCatalog.parse(PipelineTest.BRANDS, "brands.yaml"), RulePack.defaults(),
                ClassifierSettings.DEFAULT);
        closed.close();
        BatchClassifier processor = started(context, 3, counters, closed);
        for (int i = 0; i < 2; i++) {
            Mention m = mention("m" + i, "Lumora " + i, T0.plusSeconds(i));
            processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
        }
        Mention third = mention("m2", "Lumora 2", T0.plusSeconds(2));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> processor.process(new Record<>(third.id().getBytes(), third, third.createdAt().toEpochMilli())));
        assertTrue(e.getMessage().startsWith("the classifier fails on a plain mention as well"), e.getMessage());
        assertEquals(3, store.approximateNumEntries(), "the batch is still buffered");
        assertTrue(context.forwarded().isEmpty());
        assertEquals(0, counters.deadLetters());
    }

    /**
     * A mention the classifier fails on, even alone, goes to the dead letters keyed by its id, with the
     * reason and where it was read on mentions.raw, also when it waited in the buffer for the task's
     * next owner; one an earlier release buffered, which kept no source, with the reason alone. The
     * rest of the batch is classified.
     */
    @Test
    void aMentionTheClassifierFailsOnIsDeadLetteredWithWhereItWasRead() throws Exception {
        MockProcessorContext<String, BatchResult> before = new MockProcessorContext<>();
        KeyValueStore<Long, byte[]> store = bufferOf(before);
        store.put(0L, InternalFormatTest.bufferedBeforeV8(mention("old", "Lumora poison", T0)));
        PipelineCounters counters = new PipelineCounters();
        BatchClassifier first = failingOnPoison(before, counters);
        arrive(first, before, mention("m1", "Lumora is fine", T0.plusSeconds(1)), 11);
        arrive(first, before, mention("m2", "Lumora poison", T0.plusSeconds(2)), 12);
        assertTrue(before.forwarded().isEmpty(), "three of a batch of four");

        MockProcessorContext<String, BatchResult> after = nextOwnerOf(store);
        arrive(failingOnPoison(after, counters), after, mention("m3", "Lumora poison again", T0.plusSeconds(3)), 13);

        Map<String, Map<String, String>> dead = new java.util.TreeMap<>();
        for (var f : after.forwarded()) {
            if (f.record().value() instanceof BatchResult.Unclassifiable u) {
                assertEquals(u.mention().id(), f.record().key());
                Map<String, String> headers = new java.util.TreeMap<>();
                f.record().headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                dead.put(f.record().key(), headers);
            }
        }
        String reason = "classification failed: java.lang.IllegalArgumentException: immense term";
        assertEquals(Map.of(
                "old", Map.of("earshot.error", reason),
                "m2", Map.of("earshot.error", reason, "earshot.source.topic", "mentions.raw", "earshot.source.partition", "1",
                        "earshot.source.offset", "12"),
                "m3", Map.of("earshot.error", reason, "earshot.source.topic", "mentions.raw", "earshot.source.partition", "1",
                        "earshot.source.offset", "13")), dead);
        assertEquals(List.of("m1"), publishedIds(after));
        assertEquals(3, counters.deadLetters());
        assertEquals(0, store.approximateNumEntries());
    }

    /** A processor of batches of four whose classifier fails on every mention whose text says "poison". */
    private static BatchClassifier failingOnPoison(MockProcessorContext<String, BatchResult> context, PipelineCounters counters)
            throws Exception {
        ClassifierHolder classifier = new ClassifierHolder(Classifier.create(BrandCatalog.parse(PipelineTest.BRANDS, "brands.yaml"),
                RulePack.defaults(), ClassifierSettings.DEFAULT));
        java.util.function.Function<Mention, Mention> checked = m -> {
            if (m.text().contains("poison")) {
                throw new IllegalArgumentException("immense term");
            }
            return m;
        };
        BatchClassifier processor = new BatchClassifier(classifier, PAIRS, counters, 4, Duration.ofMillis(100),
                SuspectSettings.DEFAULT, new QuietCommits(Duration.ofMillis(100)),
                (current, batch) -> UnclassifiableMentions.classify(batch,
                        all -> current.classifyAll(all.stream().map(checked).toList()),
                        one -> current.classify(checked.apply(one))));
        processor.init(context);
        return processor;
    }

    /** A mention read at this offset of partition 1 of mentions.raw. */
    private static void arrive(BatchClassifier processor, MockProcessorContext<String, BatchResult> context, Mention m, long offset) {
        context.setRecordMetadata("mentions.raw", 1, offset);
        processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
    }

    /** A classifier of no brands classifies each mention for no brand: nothing to count, nothing forwarded. */
    @Test
    void aClassifierOfNoBrandsForwardsNothingAndCountsItsMentionsUnmatched() throws Exception {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        KeyValueStore<Long, byte[]> store = bufferOf(context);
        PipelineCounters counters = new PipelineCounters();
        BatchClassifier processor = started(context, 2, counters, Classifier.strategyOnly());
        for (int i = 0; i < 2; i++) {
            Mention m = mention("m" + i, "Lumora " + i + " #ad", T0.plusSeconds(i));
            processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
        }
        assertTrue(context.forwarded().isEmpty(), context.forwarded().toString());
        assertEquals(2, counters.unmatched());
        assertEquals(0, store.approximateNumEntries());
    }

    /** The batch counters of /metrics: a batch closed on its size counts as one, and so does one closed on its wait. */
    @Test
    void countsBatchesClosedBySizeAndByWait() throws Exception {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        bufferOf(context);
        PipelineCounters counters = new PipelineCounters();
        BatchClassifier processor = started(context, 3, counters);
        for (int i = 0; i < 7; i++) {
            // the fourth names no brand: classified all the same, and counted in its batch
            Mention m = mention("m" + i, i == 3 ? "nothing to see" : "Lumora " + i, T0.plusSeconds(i));
            processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
        }
        assertEquals(2, counters.batches(), "two batches reached their size");
        assertEquals(6, counters.batchedMentions());
        var tick = context.scheduledPunctuators().get(0);
        tick.getPunctuator().punctuate(50);
        assertEquals(2, counters.batches(), "the seventh has not waited its 100 ms yet");
        tick.getPunctuator().punctuate(100);
        assertEquals(3, counters.batches(), "the seventh, alone, on its wait");
        assertEquals(7, counters.batchedMentions());
        assertEquals(1, counters.unmatched());
    }

    /**
     * Mentions that stop coming: the batch they make is classified at the end of its wait, and the
     * processor asks for a commit at once, so its partials reach the aggregations without waiting for
     * the commit interval. While mentions keep arriving, it leaves commits to the interval.
     */
    @Test
    void asksForACommitOnlyOnceItsMentionsStop() throws Exception {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        bufferOf(context);
        BatchClassifier processor = started(context, 2_000);
        var tick = context.scheduledPunctuators().get(0);
        int n = 0;
        for (long now = 0; now < 1_000; now += 5) {
            context.setCurrentSystemTimeMs(now);
            if (now % 20 == 0) {
                Mention m = mention("m" + n++, "Lumora " + n, T0.plusSeconds(n));
                processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
            }
            if (now % tick.getInterval().toMillis() == 0) {
                tick.getPunctuator().punctuate(now);
            }
        }
        assertTrue(publishedIds(context).size() > 10, "batches were classified on their wait meanwhile");
        assertFalse(context.committed(), "no commit asked for while mentions arrive every 20 ms");
        long last = 980;
        long asked = -1;
        for (long now = 1_000; now <= 1_500 && asked < 0; now += 25) {
            context.setCurrentSystemTimeMs(now);
            tick.getPunctuator().punctuate(now);
            if (context.committed()) {
                asked = now;
            }
        }
        assertEquals(n, publishedIds(context).size(), "the last batch classified");
        assertTrue(asked >= last + 100 && asked <= last + 200, "asked at " + asked);
    }

    /** The classification buffer, in memory, added to the context (whose wall clock starts at 0). */
    private static KeyValueStore<Long, byte[]> bufferOf(MockProcessorContext<String, BatchResult> context) {
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<Long, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BatchClassifier.STORE),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** A classifier of batches of the given size over the test brands, started in the context. */
    private static BatchClassifier started(MockProcessorContext<String, BatchResult> context, int batchSize) throws Exception {
        return started(context, batchSize, new PipelineCounters());
    }

    private static BatchClassifier started(MockProcessorContext<String, BatchResult> context, int batchSize,
                                           PipelineCounters counters) throws Exception {
        return started(context, batchSize, counters, Classifier.create(BrandCatalog.parse(PipelineTest.BRANDS, "brands.yaml"),
                RulePack.defaults(), ClassifierSettings.DEFAULT));
    }

    private static BatchClassifier started(MockProcessorContext<String, BatchResult> context, int batchSize,
                                           PipelineCounters counters, Classifier with) {
        ClassifierHolder classifier = new ClassifierHolder(with);
        BatchClassifier processor = new BatchClassifier(classifier, PAIRS, counters, batchSize, Duration.ofMillis(100),
                SuspectSettings.DEFAULT, new QuietCommits(Duration.ofMillis(100)));
        processor.init(context);
        return processor;
    }

    private static final dev.earshot.model.ClassifiedMentionCodec PAIRS =
            new dev.earshot.model.ClassifiedMentionCodec(dev.earshot.model.MentionCodec.strict());

    /** The ids of the pairs the forwarded minute partials carry for mentions.classified, sorted. */
    private static List<String> publishedIds(MockProcessorContext<String, BatchResult> context) throws Exception {
        List<String> ids = publishedInOrder(context);
        ids.sort(java.util.Comparator.comparing((String id) -> id.length()).thenComparing(java.util.Comparator.naturalOrder()));
        return ids;
    }

    /** The ids of the pairs the partials carry, partial after partial, each partial's in the order of its pairs. */
    private static List<String> publishedInOrder(MockProcessorContext<String, BatchResult> context) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (var f : context.forwarded()) {
            if (f.record().value() instanceof BatchResult.Minute minute) {
                for (MinutePartial.PairFingerprint pair : minute.value().fingerprints()) {
                    ids.add(PAIRS.decode(pair.published()).mention().id());
                }
            }
        }
        return ids;
    }

    /**
     * The design brief logs why a pair has no sentiment, at debug level: a German post is read for
     * language but not for sentiment, and its line names the language; an English one has a sentiment
     * and no line; with sentiment off, the line says so.
     */
    @Test
    void aPairWithoutSentimentIsLoggedWithItsReason() throws Exception {
        try (LogLines lines = LogLines.of(BatchClassifier.class, Level.DEBUG)) {
            Mention german = new Mention("de-1", "bluesky", T0, new Mention.Author("@u", 10, false),
                    "Mein neues Lumora Telefon ist wirklich großartig, der Akku hält den ganzen Tag und die Kamera ist sehr gut.",
                    "", List.of(), null, new Mention.Engagement(1, 0, 0, 0), false);
            Mention english = mention("en-1", "my new Lumora phone is great", T0);
            classifyBatch(ClassifierSettings.DEFAULT, german, english);
            assertEquals(List.of("Mention de-1 for brand lumora: no sentiment, the sentiment scorer reads English only and the text is in 'de'"),
                    lines.messages());

            lines.clear();
            classifyBatch(ClassifierSettings.DEFAULT.withSentiment(false), english);
            assertEquals(List.of("Mention en-1 for brand lumora: no sentiment, sentiment and language are off in the classifier's settings"),
                    lines.messages());
        }
    }

    /** Runs the mentions through a BatchClassifier with these settings as one batch. */
    private static void classifyBatch(ClassifierSettings settings, Mention... mentions) throws Exception {
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        bufferOf(context);
        try (Classifier classifier = Classifier.create(BrandCatalog.parse(PipelineTest.BRANDS, "brands.yaml"), RulePack.defaults(),
                settings)) {
            BatchClassifier processor = started(context, mentions.length, new PipelineCounters(), classifier);
            for (Mention m : mentions) {
                processor.process(new Record<>(m.id().getBytes(), m, m.createdAt().toEpochMilli()));
            }
        }
    }
}
