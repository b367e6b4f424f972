package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.Highlights;
import dev.earshot.model.output.Themes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.Category;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    static final String BRANDS = """
            brands:
              - id: lumora
                keywords: [lumora]
                handles: ["@lumoraphones"]
                domains: [lumora.com]
              - id: vantor
                keywords: [vantor]
            competitorSets:
              - id: phones
                brands: [lumora, vantor]
            """;
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    private static final Duration BATCH_WAIT = PipelineConfig.defaults().classifyBatchWait();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private final MentionCodec codec = MentionCodec.strict();
    private final PipelineCounters counters = new PipelineCounters();
    private final Topics topics = Topics.DEFAULT;
    private int sequence;

    @BeforeEach
    void start() throws Exception {
        start(PipelineConfig.defaults().withStateDir(dir));
    }

    private void start(PipelineConfig config) throws Exception {
        ClassifierHolder classifier = new ClassifierHolder(Classifier.create(BrandCatalog.parse(BRANDS, "brands.yaml"),
                RulePack.defaults(), ClassifierSettings.DEFAULT));
        Properties props = Pipeline.streamsProperties(config);
        driver = new TopologyTestDriver(Pipeline.build(config, classifier, counters), props);
        raw = driver.createInputTopic(topics.raw(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private Mention mention(String text, Instant at, long likes, long followers) {
        return new Mention("t:" + (++sequence), "bluesky", at, new Mention.Author("@u" + sequence, followers, false), text,
                "", List.of(), "en", new Mention.Engagement(likes, 1, 0, 10), false);
    }

    private void send(Mention m) {
        // Stamped with the event time: the driver runs every sub-topology in one task, so a wall-clock
        // stamp on the raw topic would count as stream time for the windows too, unlike on a broker.
        raw.pipeInput(m.id().getBytes(StandardCharsets.UTF_8), codec.encode(m), m.createdAt());
        // Mentions wait for their batch until it fills or its wait ends: end it, as each send would
        // otherwise be classified with the next ones (batchesAreClassifiedWhenFullOrWhenTheWaitEnds).
        driver.advanceWallClockTime(BATCH_WAIT);
    }

    /**
     * Every pair published to mentions.classified so far, read through its typed codec; each checked
     * to be keyed by its brand and stamped with its mention's event time.
     */
    private List<ClassifiedMention> classifiedPairs() {
        List<ClassifiedMention> pairs = new java.util.ArrayList<>();
        for (TestRecord<String, byte[]> r : driver.createOutputTopic(topics.classified(), new StringDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList()) {
            ClassifiedMention pair = topics.classifiedMentions().values().decode(r.value());
            assertEquals(pair.classification().brand(), r.key());
            assertEquals(pair.mention().createdAt(), r.getRecordTime(), "stamped with the event time of " + pair.mention().id());
            pairs.add(pair);
        }
        return pairs;
    }

    /**
     * The app turns off Kafka Streams' wait for data on all of a task's partitions (max.task.idle.ms),
     * which is safe only while no sub-topology joins or merges two topics: a task then reads one
     * partition and has nothing to order. A join added later fails here until the setting is revisited.
     */
    @Test
    void everyTaskReadsOnePartition() throws Exception {
        PipelineConfig config = PipelineConfig.defaults().withStateDir(dir);
        var description = describe(config);
        assertTrue(description.subtopologies().size() >= 3, description.toString());
        for (var sub : description.subtopologies()) {
            List<String> sources = sub.nodes().stream()
                    .filter(n -> n instanceof org.apache.kafka.streams.TopologyDescription.Source)
                    .flatMap(n -> {
                        var source = (org.apache.kafka.streams.TopologyDescription.Source) n;
                        assertEquals(null, source.topicPattern(), "sub-topology " + sub.id() + " reads a pattern");
                        return source.topicSet().stream();
                    })
                    .toList();
            assertEquals(1, sources.size(), "sub-topology " + sub.id() + " reads " + sources);
        }
        assertEquals(-1L, ((Number) Pipeline.streamsProperties(config).get("max.task.idle.ms")).longValue());
    }

    /** The topology built with these settings over the test brands, described. */
    private static org.apache.kafka.streams.TopologyDescription describe(PipelineConfig config) throws Exception {
        ClassifierHolder holder = new ClassifierHolder(Classifier.create(BrandCatalog.parse(BRANDS, "brands.yaml"),
                RulePack.defaults(), ClassifierSettings.DEFAULT));
        return Pipeline.build(config, holder, new PipelineCounters()).describe();
    }

    /**
     * An upgraded app must find its topics and state where the release before left them: the
     * repartition topics the sub-topologies read, in the same numbering, which names the tasks and their
     * state directories (set-hours was made by groupByKey before it was an explicit repartition), and the
     * stores, whose changelogs are named after them. The release before built the same.
     */
    @Test
    void theInternalTopicsAreThoseOfEarlierReleases() throws Exception {
        PipelineConfig config = PipelineConfig.defaults().withStateDir(dir);
        var description = describe(config);
        Map<Integer, java.util.Set<String>> sources = new java.util.TreeMap<>(); // by sub-topology: its tasks' directories
        java.util.Set<String> stores = new java.util.TreeSet<>();
        for (var sub : description.subtopologies()) {
            for (var node : sub.nodes()) {
                if (node instanceof org.apache.kafka.streams.TopologyDescription.Source source) {
                    sources.computeIfAbsent(sub.id(), id -> new java.util.TreeSet<>()).addAll(source.topicSet());
                } else if (node instanceof org.apache.kafka.streams.TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        assertEquals(Map.of(0, java.util.Set.of(config.topics().raw()), 1, java.util.Set.of("mentions-by-brand-repartition"),
                2, java.util.Set.of("highlights-by-brand-repartition"), 3, java.util.Set.of("set-hours-repartition")), sources);
        assertEquals(new java.util.TreeSet<>(List.of(DedupeProcessor.STORE, BatchClassifier.STORE, SpikeProcessor.STORE,
                SpikeProcessor.HELD_STORE, CopyMarker.STORE, CopyMarker.AUTHOR_STORE, Pipeline.ALERT_STORE, Pipeline.MINUTE_STORE, Pipeline.HOUR_STORE,
                Pipeline.HIGHLIGHTS_STORE, Pipeline.SHARE_OF_VOICE_STORE)), stores);
    }

    /**
     * The partition assignor creates the internal topics with the settings it reads from the main
     * consumer's, and Kafka Streams 4.3 waits its retry.backoff.ms after each: that one is short, every
     * client's own stays Kafka's default.
     */
    @Test
    void newInternalTopicsAreWaitedForBrieflyAndEveryClientKeepsItsBackoff() {
        org.apache.kafka.streams.StreamsConfig streams = new org.apache.kafka.streams.StreamsConfig(
                Pipeline.streamsProperties(PipelineConfig.defaults().withStateDir(dir)));
        var assignorView = new org.apache.kafka.streams.StreamsConfig(streams.getMainConsumerConfigs("g", "c", 0));
        assertEquals(20L, assignorView.getLong("retry.backoff.ms"));
        assertEquals(100L, ((Number) streams.getProducerConfigs("c").getOrDefault("retry.backoff.ms", 100L)).longValue());
        assertEquals(100L, ((Number) streams.getRestoreConsumerConfigs("c").getOrDefault("retry.backoff.ms", 100L)).longValue());
        assertEquals(100L, ((Number) streams.getAdminConfigs("c").getOrDefault("retry.backoff.ms", 100L)).longValue());
    }

    /**
     * Only the restore consumer's empty fetches are answered sooner: the main consumer, which reads the
     * input, keeps Kafka's wait, and a user's own setting wins.
     */
    @Test
    void storesWithNothingToRestoreAreNotHeldByTheBrokersFetchWait() {
        org.apache.kafka.streams.StreamsConfig streams = new org.apache.kafka.streams.StreamsConfig(
                Pipeline.streamsProperties(PipelineConfig.defaults().withStateDir(dir)));
        assertEquals(100, ((Number) streams.getRestoreConsumerConfigs("c").get("fetch.max.wait.ms")).intValue());
        assertEquals(500, ((Number) streams.getMainConsumerConfigs("g", "c", 0).getOrDefault("fetch.max.wait.ms", 500))
                .intValue());
        PipelineConfig own = PipelineConfig.from(dev.earshot.model.Settings.of(Map.of(
                "kafka.restore.consumer.fetch.max.wait.ms", "250", "state.dir", dir.toString())));
        assertEquals(250, Integer.parseInt(String.valueOf(new org.apache.kafka.streams.StreamsConfig(
                Pipeline.streamsProperties(own)).getRestoreConsumerConfigs("c").get("fetch.max.wait.ms"))));
    }

    /**
     * What an upgrade finds in flight on mentions-by-brand: a partial whose pair an earlier Earshot
     * published before the repartition (no bytes to publish, as version 6 and earlier read) is counted
     * and publishes nothing; one of this version publishes its pair, once, with its marks.
     */
    @Test
    void aPartialLeftInFlightByAnEarlierVersionIsCountedAndPublishesNothing() throws Exception {
        TestInputTopic<String, byte[]> byBrand = driver.createInputTopic(
                PipelineConfig.defaults().applicationId() + "-mentions-by-brand-repartition", new org.apache.kafka.common.serialization.StringSerializer(),
                new ByteArraySerializer());
        ClassifierHolder holder = new ClassifierHolder(Classifier.create(BrandCatalog.parse(BRANDS, "brands.yaml"),
                RulePack.defaults(), ClassifierSettings.DEFAULT));
        dev.earshot.model.ClassifiedMentionCodec pairCodec = new dev.earshot.model.ClassifiedMentionCodec(codec);
        for (boolean earlier : new boolean[] {true, false}) {
            Mention m = mention("my Lumora battery died again " + earlier, T0.plusSeconds(earlier ? 5 : 7), 0, 10);
            ClassifiedMention pair = new ClassifiedMention(m, holder.get().classify(m).get(0));
            MinutePartial.Tally tally = new MinutePartial.Tally();
            tally.add(pair, MinutePartial.Traits.of(m, 0), m.createdAt().toEpochMilli(), earlier ? null : pairCodec.encode(pair));
            byBrand.pipeInput("lumora", InternalFormat.minutePartial(tally.partial()), m.createdAt());
        }
        List<ClassifiedMention> published = classifiedPairs();
        assertEquals(List.of("my Lumora battery died again false"), published.stream().map(p -> p.mention().text()).toList());
        assertNotNull(published.get(0).clusterId());
        assertEquals(2, latest(topics.engagementMinute()).get("lumora@2026-11-20T10:00:00Z").get("mentions").asLong(),
                "both partials counted");
    }

    private <V> Map<String, JsonNode> latest(String topic) throws Exception {
        TestOutputTopic<String, byte[]> out = driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, JsonNode> latest = new HashMap<>();
        for (var kv : out.readKeyValuesToList()) {
            latest.put(kv.key, StreamsJson.MAPPER.readTree(kv.value));
        }
        return latest;
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheRestFlows() {
        send(mention("Loving my Lumora #ad", T0, 5, 10));
        raw.pipeInput("bad".getBytes(StandardCharsets.UTF_8), "{\"id\": \"x\",, }".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput("empty".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        send(mention("Lumora again", T0.plusSeconds(1), 1, 10));

        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(2, dead.size());
        TestRecord<byte[], byte[]> poison = dead.get(0);
        assertEquals("{\"id\": \"x\",, }", new String(poison.value(), StandardCharsets.UTF_8), "original bytes kept");
        assertEquals("bad", new String(poison.key(), StandardCharsets.UTF_8));
        Map<String, String> headers = new HashMap<>();
        for (Header h : poison.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertTrue(headers.get("earshot.error").startsWith("document: malformed JSON"), headers.toString());
        assertEquals(topics.raw(), headers.get("earshot.source.topic"));
        assertEquals("0", headers.get("earshot.source.partition"));
        assertEquals("1", headers.get("earshot.source.offset"));
        assertEquals("document: empty record", new String(dead.get(1).headers().lastHeader("earshot.error").value(), StandardCharsets.UTF_8));

        assertEquals(2, driver.createOutputTopic(topics.classified(), new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList().size(), "good records around the poison are all classified");
        assertEquals(2, counters.deadLetters());
    }

    /**
     * A record too large to be a mention, which fits the topic but would not fit a request again with the
     * headers a dead letter gains, keeps as much of itself as fits and says how long it was (a key of more
     * than 16 KiB likewise); one that fits stays whole. Whole, the first failed the stream thread on the
     * same record for ever.
     */
    @Test
    void aDeadLetterTooLargeToWriteAgainIsCutAndSaysHowLongItWas() {
        byte[] huge = new byte[1_048_400];
        java.util.Arrays.fill(huge, (byte) 'x');
        byte[] longKey = new byte[40_000];
        java.util.Arrays.fill(longKey, (byte) 'k');
        byte[] large = new byte[600 * 1024];
        java.util.Arrays.fill(large, (byte) 'y');
        raw.pipeInput(longKey, huge);
        raw.pipeInput("large".getBytes(StandardCharsets.UTF_8), large);
        send(mention("Lumora after it", T0, 1, 10));
        List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
        assertEquals(2, dead.size());
        TestRecord<byte[], byte[]> cut = dead.get(0);
        int headerBytes = 0;
        for (Header h : cut.headers()) {
            headerBytes += h.key().length() + h.value().length;
        }
        assertTrue(cut.value().length + cut.key().length + headerBytes < 1024 * 1024 - 512, "fits a request of 1 MiB");
        assertTrue(cut.value().length > 1_000_000, "as much as fits: " + cut.value().length);
        assertEquals(ParseProcessor.MAX_DEAD_KEY_BYTES, cut.key().length);
        assertArrayEquals(large, dead.get(1).value(), "a record that fits stays whole");
        assertEquals(null, dead.get(1).headers().lastHeader("earshot.original.value.bytes"));
        assertEquals("1048400", new String(cut.headers().lastHeader("earshot.original.value.bytes").value(), StandardCharsets.UTF_8));
        assertEquals("40000", new String(cut.headers().lastHeader("earshot.original.key.bytes").value(), StandardCharsets.UTF_8));
        assertTrue(new String(cut.headers().lastHeader("earshot.error").value(), StandardCharsets.UTF_8).startsWith("document:"));
        assertEquals(1, driver.createOutputTopic(topics.classified(), new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList().size(), "the mention after it is classified");
    }

    @Test
    void duplicatesAreDroppedAndUnmatchedMentionsCounted() {
        Mention m = mention("Lumora is great", T0, 5, 10);
        send(m);
        send(m);
        send(mention("nothing tracked here", T0.plusSeconds(2), 0, 0));
        List<byte[]> classified = driver.createOutputTopic(topics.classified(), new StringDeserializer(),
                new ByteArrayDeserializer()).readValuesToList();
        assertEquals(1, classified.size());
        assertEquals(1, counters.duplicates());
        assertEquals(1, counters.unmatched());
    }

    private static Mention at(Mention m, String id, Instant createdAt) {
        return new Mention(id, m.platform(), createdAt, m.author(), m.text(), m.url(), m.links(), m.lang(), m.engagement(),
                m.promoted());
    }

    /**
     * Ids are filed under the day (the retention) of their event time and looked up in their own
     * day and one either side: a repeat up to the retention away, earlier or later, across a day's
     * boundary, is dropped; one further away is counted, and remembered in turn.
     */
    @Test
    void aRepeatWithinTheRetentionEitherSideIsDroppedAndOneBeyondItCounted() {
        Mention m = mention("Lumora is great", T0, 5, 10);
        Duration day = Duration.ofHours(24);
        send(at(m, "r:1", T0));
        send(at(m, "r:1", T0.plus(Duration.ofHours(23))));   // the next day: found in the day before
        send(at(m, "r:1", T0.minus(Duration.ofHours(23))));  // the day before: found in the day after
        send(at(m, "r:2", T0));
        send(at(m, "r:2", T0.plus(day).plusSeconds(1)));     // beyond the retention: a mention again
        send(at(m, "r:2", T0.plus(day).plusSeconds(3600)));  // a repeat of that one
        // A repeat arriving late: by then the store holds ids of two days on, whose day starts, not
        // their event times, set how far back it keeps ids; the first copy is still there.
        send(at(m, "r:3", T0.plus(Duration.ofHours(13))));
        send(at(m, "r:4", T0.plus(Duration.ofHours(48))));
        send(at(m, "r:3", T0.plus(Duration.ofHours(36))));
        assertEquals(4, counters.duplicates());
        long dayStart = Math.floorDiv(T0.toEpochMilli(), day.toMillis()) * day.toMillis();
        var ids = driver.<String, Long>getWindowStore(DedupeProcessor.STORE);
        assertEquals(T0.toEpochMilli(), ids.fetch("r:1", dayStart), "filed under its day, with its event time");
        assertEquals(T0.plus(day).plusSeconds(1).toEpochMilli(), ids.fetch("r:2", dayStart + day.toMillis()));
        assertEquals(null, ids.fetch("r:1", dayStart + day.toMillis()), "a repeat is not filed");
    }

    @Test
    void aRetentionWithoutLengthIsRefusedAtStart() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.from(dev.earshot.model.Settings.of(Map.of("dedupe.retention", "0s"))));
        assertTrue(e.getMessage().contains("dedupe.retention"), e.getMessage());
        assertEquals(Duration.ofMillis(1), PipelineConfig.from(dev.earshot.model.Settings.of(Map.of("dedupe.retention", "1ms")))
                .dedupeRetention());
    }

    @Test
    void windowTotalsEqualWhatTheClassifiedMentionsAddUpTo() throws Exception {
        send(mention("Lumora #ad", T0.plusSeconds(5), 100, 1000));
        send(mention("@lumoraphones my order never arrived, unacceptable", T0.plusSeconds(10), 1, 50));
        send(mention("Lumora and Vantor side by side", T0.plusSeconds(70), 7, 20));
        send(mention("Vantor news", T0.plusSeconds(80), 3, 5));

        Map<String, JsonNode> minutes = latest(topics.engagementMinute());
        JsonNode first = minutes.get("lumora@2026-11-20T10:00:00Z");
        assertEquals(2, first.get("mentions").asLong());
        assertEquals(101, first.get("likes").asLong());
        assertEquals(1050, first.get("reach").asLong());
        assertEquals(1, first.path("byCategory").path("PAID").path("mentions").asLong());
        assertEquals(1, first.path("byCategory").path("FEEDBACK").path("mentions").asLong());
        assertEquals("2026-11-20T10:01:00Z", first.get("windowEnd").asText());
        assertEquals(1, minutes.get("lumora@2026-11-20T10:01:00Z").get("mentions").asLong());
        assertEquals(2, minutes.get("vantor@2026-11-20T10:01:00Z").get("mentions").asLong());

        Map<String, JsonNode> hours = latest(topics.engagementHour());
        assertEquals(3, hours.get("lumora@2026-11-20T10:00:00Z").get("mentions").asLong());
        assertEquals(108, hours.get("lumora@2026-11-20T10:00:00Z").get("likes").asLong());

        JsonNode sov = latest(topics.shareOfVoice()).get("phones@2026-11-20T10:00:00Z");
        assertNotNull(sov);
        assertEquals(3, sov.path("brands").path("lumora").path("mentions").asLong());
        assertEquals(2, sov.path("brands").path("vantor").path("mentions").asLong());
        assertEquals(0.6, sov.path("brands").path("lumora").path("shareOfMentions").asDouble(), 1e-9,
                "replaced, not added up: 3 of 5");
    }

    @Test
    void copiesOfAnEarlierMentionAreCountedAmplifiedPerBrandAcrossBatchesAndWindows() throws Exception {
        String campaign = "Lumora and Vantor side by side: the Lumora battery lasts a day longer, see for yourself";
        String[] own = {"my Lumora froze twice this morning", "Vantor camera at night is better than I thought",
            "thinking of getting a Lumora for my dad", "Lumora support fixed my screen in a day"};
        // Minute 0, one batch: the campaign's first post, two copies and two posts of their own.
        for (String text : List.of(campaign, "RT @fan: " + campaign + " https://t.co/a1", own[0],
                campaign.toUpperCase(java.util.Locale.ROOT) + " #ad", own[1])) {
            Mention m = mention(text, T0.plusSeconds(10 + sequence), 0, 10);
            raw.pipeInput(m.id().getBytes(StandardCharsets.UTF_8), codec.encode(m), m.createdAt());
        }
        driver.advanceWallClockTime(BATCH_WAIT);
        // Minute 1, batch by batch: three more copies (one reworded a little) and two of their own.
        send(mention("via @lumora " + campaign.replace("a day longer", "a full day longer"), T0.plusSeconds(65), 0, 10));
        send(mention(own[2], T0.plusSeconds(66), 0, 10));
        send(mention(campaign + " 🔋🔋", T0.plusSeconds(67), 0, 10));
        send(mention(own[3], T0.plusSeconds(68), 0, 10));
        send(mention("@vantor " + campaign, T0.plusSeconds(69), 0, 10));

        Map<String, JsonNode> minutes = latest(topics.engagementMinute());
        JsonNode lumora0 = minutes.get("lumora@2026-11-20T10:00:00Z");
        assertEquals(4, lumora0.get("mentions").asLong(), "three campaign posts and one of its own name Lumora");
        assertEquals(2, lumora0.get("amplified").asLong());
        assertEquals(2, lumora0.get("originals").asLong());
        JsonNode lumora1 = minutes.get("lumora@2026-11-20T10:01:00Z");
        assertEquals(5, lumora1.get("mentions").asLong());
        assertEquals(3, lumora1.get("amplified").asLong(), "copies of a post of an earlier batch and minute");
        assertEquals(2, lumora1.get("originals").asLong());
        JsonNode vantorHour = latest(topics.engagementHour()).get("vantor@2026-11-20T10:00:00Z");
        assertEquals(7, vantorHour.get("mentions").asLong(), "six campaign posts and one of its own name Vantor");
        assertEquals(5, vantorHour.get("amplified").asLong(), "a brand's copies are counted apart from another's");
        assertEquals(2, vantorHour.get("originals").asLong());

        // Each published pair names its cluster: the campaign's six posts one (the reworded copy too),
        // each post in its own words its own.
        List<ClassifiedMention> lumora = classifiedPairs().stream().filter(p -> "lumora".equals(p.classification().brand())).toList();
        assertEquals(9, lumora.size());
        java.util.Set<String> campaignClusters = new java.util.HashSet<>();
        java.util.Set<String> ownClusters = new java.util.HashSet<>();
        for (ClassifiedMention pair : lumora) {
            assertTrue(pair.clusterId().matches("c[0-9a-f]{16}"), pair.clusterId());
            assertEquals(java.util.Set.of(), pair.suspect());
            (pair.mention().text().toLowerCase(java.util.Locale.ROOT).contains("side by side") ? campaignClusters : ownClusters)
                    .add(pair.clusterId());
        }
        assertEquals(1, campaignClusters.size(), "one cluster for the campaign's posts");
        assertEquals(3, ownClusters.size(), "three posts in their own words, three clusters");
        assertFalse(ownClusters.containsAll(campaignClusters));
    }

    /** Two hours of steady complaints about Lumora, four per 15-minute window, from T0. */
    private void steadyComplaints() {
        for (int window = 0; window < 8; window++) {
            for (int i = 0; i < 4; i++) {
                send(mention("@lumoraphones still waiting for my refund, unacceptable",
                        T0.plus(Duration.ofMinutes(15L * window)).plusSeconds(60L * i), 0, 10));
            }
        }
    }

    /** Two hours of steady complaints about Lumora, four per 15-minute window, then 40 in the next; returns its start. */
    private Instant steadyComplaintsThenABurst() {
        steadyComplaints();
        Instant burst = T0.plus(Duration.ofMinutes(120));
        for (int i = 0; i < 40; i++) {
            send(mention("@lumoraphones the app keeps crashing, terrible", burst.plusSeconds(10L * i), 0, 10));
        }
        return burst;
    }

    @Test
    void aSpikeInSteadyFeedbackRaisesExactlyOneAlert() throws Exception {
        Instant burst = steadyComplaintsThenABurst();
        send(mention("Lumora is lovely", burst.plus(Duration.ofMinutes(20)), 0, 10));

        TestOutputTopic<String, byte[]> alerts = driver.createOutputTopic(topics.feedbackSpikes(), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<org.apache.kafka.streams.KeyValue<String, byte[]>> all = alerts.readKeyValuesToList();
        assertEquals(1, all.size(), "exactly one alert");
        assertEquals("lumora", all.get(0).key);
        JsonNode alert = StreamsJson.MAPPER.readTree(all.get(0).value);
        assertEquals(burst.toString(), alert.get("windowStart").asText());
        assertTrue(alert.get("count").asLong() >= 10);
        assertEquals(4.0, alert.get("baseline").asDouble(), 0.01);
        assertEquals(5, alert.get("sampleIds").size());
        // The burst repeats one text: its first post is an original, every later one a copy.
        assertEquals(alert.get("count").asLong() - 1, alert.get("amplified").asLong());
        assertEquals(Math.round(1000.0 * (alert.get("count").asLong() - 1) / alert.get("count").asLong()) / 1000.0,
                alert.get("amplifiedShare").asDouble(), 1e-9);
        // What the burst is about, and nothing of the steady refund complaints (the handle is no term).
        assertEquals(List.of("app", "crashing", "keeps", "terrible"),
                topics.alerts().values().decode(all.get(0).value).risingTerms());
        assertEquals(73L, counters.byCategory().get(Category.FEEDBACK), "32 steady, 40 burst, 1 praise");
        var recent = driver.<String, FeedbackSpike>getKeyValueStore(Pipeline.ALERT_STORE);
        assertEquals(burst, recent.get("lumora@" + burst).windowStart(), "kept for the query API's recent alerts");
    }

    /**
     * The query API's store of recent alerts keeps an alert as long as the alerts topic would keep it
     * (here 2 hours), in event time: it no longer grows with every alert ever raised.
     */
    @Test
    void anAlertLeavesTheRecentAlertsStoreOnceTheAlertsTopicsRetentionHasPassed() throws Exception {
        driver.close();
        start(PipelineConfig.from(dev.earshot.model.Settings.of(Map.of("state.dir", dir.resolve("r").toString(),
                "topic.alerts.retention", "2h"))));
        Instant burst = steadyComplaintsThenABurst();
        send(mention("Lumora is lovely", burst.plus(Duration.ofMinutes(20)), 0, 10));
        var recent = driver.<String, FeedbackSpike>getKeyValueStore(Pipeline.ALERT_STORE);
        String id = "lumora@" + burst;
        assertEquals(burst, recent.get(id).windowStart());

        send(mention("Lumora is lovely", burst.plus(Duration.ofMinutes(135)), 0, 10));
        assertEquals(burst, recent.get(id).windowStart(), "its window ended 2 hours ago, not more");
        send(mention("Lumora is lovely", burst.plus(Duration.ofMinutes(200)), 0, 10));
        assertNull(recent.get(id), "more than 2 hours after its window ended");
    }

    @Test
    void aSpikeThatEndsIsResolvedOnTheAlertsTopicUnderItsIncident() throws Exception {
        Instant burst = steadyComplaintsThenABurst();
        for (int i = 0; i < 4; i++) { // the next window: back to the usual four
            send(mention("@lumoraphones still waiting for my refund, unacceptable", burst.plus(Duration.ofMinutes(15)).plusSeconds(i), 0, 10));
        }
        send(mention("@lumoraphones still waiting for my refund, unacceptable", burst.plus(Duration.ofMinutes(30)), 0, 10));

        List<FeedbackSpike> records = driver.createOutputTopic(topics.feedbackSpikes(), new StringDeserializer(),
                new ByteArrayDeserializer()).readValuesToList().stream().map(v -> topics.alerts().values().decode(v)).toList();
        assertEquals(List.of(FeedbackSpike.Status.OPENED, FeedbackSpike.Status.RESOLVED),
                records.stream().map(FeedbackSpike::status).toList(), records.toString());
        FeedbackSpike resolved = records.get(1);
        assertEquals(burst.plus(Duration.ofMinutes(15)), resolved.windowStart());
        assertEquals(4, resolved.count());
        assertEquals(records.get(0).id(), resolved.incident());
        assertEquals(records.get(0).baseline(), resolved.baseline(), 1e-9);
        var recent = driver.<String, FeedbackSpike>getKeyValueStore(Pipeline.ALERT_STORE);
        assertEquals(resolved, recent.get(resolved.id()), "kept for the query API beside the alert it resolves");
        assertEquals(records.get(0), recent.get(records.get(0).id()));
    }

    /**
     * Steady complaints, then a window whose feedback comes in two halves of eight, the second after a
     * mention of the next window (as from an input partition running behind the others); returns the
     * window's start. Eight is under the threshold of ten, sixteen over it.
     */
    private Instant aBurstHalfOfWhichComesAfterTheNextWindowOpened() {
        steadyComplaints();
        Instant burst = T0.plus(Duration.ofMinutes(120));
        List<String> complaints = List.of("the app keeps crashing", "my screen went black", "battery drains in an hour",
                "charger stopped working", "speaker crackles on calls", "camera app freezes", "wifi drops every minute",
                "the update bricked my phone");
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < 8; i++) {
                send(mention("@lumoraphones " + complaints.get(i) + (half == 0 ? ", terrible" : ", so annoyed"),
                        burst.plusSeconds(5L * i + 60L * half), 0, 10));
            }
            if (half == 0) {
                send(mention("@lumoraphones still waiting for my refund, unacceptable", burst.plus(Duration.ofMinutes(16)), 0, 10));
            }
        }
        return burst;
    }

    /**
     * Without a grace, feedback that arrives after its window closed is counted late and left out: the
     * burst's second half never reaches the threshold. With {@code spike.grace}, partials are held and
     * seen in event-time order, the window counts all sixteen and alerts, and what is still held when
     * the partials stop is released once they have been quiet for a while.
     */
    @Test
    void feedbackArrivingAfterItsWindowClosedIsCountedWithinTheSpikeGrace() throws Exception {
        Instant burst = aBurstHalfOfWhichComesAfterTheNextWindowOpened();
        assertEquals(List.of(), alertsSoFar(), "eight in the window, eight too late");
        assertEquals(8, counters.lateForSpikes());
        // Stream time was at the next window's mention, 14 minutes past the end of the late half's minute.
        assertEquals(List.of("8 FEEDBACK mentions (8 since start) arrived after their spike window had closed and were left out"
                + " of spike detection, the furthest 14m past the end of its minute; spike.grace=15m (now 0s) would have kept them"),
                counters.lateRecordReport(PipelineConfig.defaults()));

        driver.close();
        start(PipelineConfig.from(dev.earshot.model.Settings.of(Map.of("state.dir", dir.resolve("grace").toString(),
                "spike.grace", "5m"))));
        aBurstHalfOfWhichComesAfterTheNextWindowOpened();
        List<FeedbackSpike> alerts = alertsSoFar();
        assertEquals(List.of(FeedbackSpike.Status.OPENED), alerts.stream().map(FeedbackSpike::status).toList(), alerts.toString());
        assertEquals(burst, alerts.get(0).windowStart());
        assertEquals(10, alerts.get(0).count(), "raised as the second half took the count to the threshold");
        assertEquals(8, counters.lateForSpikes(), "none more late");
        var states = driver.<String, SpikeDetector.State>getKeyValueStore(SpikeProcessor.STORE);
        assertEquals(burst, states.get("lumora").windowStart());
        assertEquals(16, states.get("lumora").count(), "both halves");
        var held = driver.<org.apache.kafka.common.utils.Bytes, SpikeProcessor.HeldPartial>getKeyValueStore(SpikeProcessor.HELD_STORE);
        assertEquals(1, count(held), "the next window's mention waits for stream time to pass it by the grace");

        driver.advanceWallClockTime(SpikeSettings.DEFAULT_GRACE_QUIET);
        assertEquals(0, count(held), "released once the partials stopped");
        SpikeDetector.State lumora = states.get("lumora");
        assertEquals(burst.plus(Duration.ofMinutes(15)), lumora.windowStart(), "the next window's mention was seen");
        assertEquals(1, lumora.count());
        assertEquals(List.of(), alertsSoFar(), "its window resolves the incident only when it closes");
    }

    /**
     * Feedback late by less than the grace was held and then released early for quiet: the report does
     * not ask for a longer grace, which would not have kept it, but for a longer quiet.
     */
    @Test
    void feedbackLateAfterAReleaseForQuietIsReportedWithTheQuiet() throws Exception {
        driver.close();
        PipelineConfig config = PipelineConfig.from(dev.earshot.model.Settings.of(Map.of("state.dir", dir.resolve("quiet").toString(),
                "spike.grace", "5m")));
        start(config);
        Instant burst = aBurstHalfOfWhichComesAfterTheNextWindowOpened();
        driver.advanceWallClockTime(SpikeSettings.DEFAULT_GRACE_QUIET); // the next window's mention is seen
        send(mention("@lumoraphones still waiting for my refund, unacceptable", burst.plusSeconds(14 * 60 + 30), 0, 10));
        driver.advanceWallClockTime(SpikeSettings.DEFAULT_GRACE_QUIET);
        assertEquals(1, counters.lateForSpikes(), "held as the grace had not passed its minute, then released into a closed window");
        assertEquals(List.of("1 FEEDBACK mentions (1 since start) arrived after their spike window had been closed early, by a"
                + " release of what was held when the partials stopped for 1m; they were left out of spike detection, and a"
                + " longer spike.grace.quiet would have kept them"), counters.lateRecordReport(config));
    }

    private List<FeedbackSpike> alertsSoFar() {
        return driver.createOutputTopic(topics.feedbackSpikes(), new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList().stream().map(v -> topics.alerts().values().decode(v)).toList();
    }

    /**
     * Two hours of a brand's life: a copy-paste campaign (1,000 near-identical posts from 200 accounts)
     * beside chatter in people's own words and steady complaints; in the second hour a bot flood (600
     * copies of one complaint in six minutes from 15 accounts) and a few posts that are mostly links or
     * hashtags; then a spike of a new complaint that many people write in their own words, and the calm
     * after it. Checked against figures taken from the input: the campaign is one cluster, its copies
     * counted exactly per hour; the flood and the spam are suspect, each for its reasons; by default the
     * flood raises no alert and the spike alerts on the complaint's words with no copies in it, and
     * resolves. With {@code suspect.exclude=false} the flood alerts, graded below the spike.
     */
    @Test
    void aCampaignIsCountedAsCopiesAFloodIsSuspectAndASpikeInOwnWordsAlertsOnItsTopicAndResolves() throws Exception {
        Scenario scenario = scenario();
        Map<String, JsonNode> hours = latest(topics.engagementHour());
        for (int hour = 0; hour < 3; hour++) {
            Instant start = T0.plus(Duration.ofHours(hour));
            JsonNode window = hours.get("lumora@" + start);
            long copies = scenario.copiesPerHour.getOrDefault(start, 0L);
            assertEquals(copies, window.get("amplified").asLong(), "copies in hour " + hour);
            assertEquals(window.get("mentions").asLong() - copies, window.get("originals").asLong());
            JsonNode suspect = window.get("suspect");
            assertEquals(scenario.suspectPerHour.getOrDefault(start, 0L), suspect.get("mentions").asLong(), "suspects in hour " + hour);
            Map<String, Long> reasons = new java.util.TreeMap<>();
            suspect.get("byReason").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
            assertEquals(scenario.reasonsPerHour.getOrDefault(start, Map.of()), reasons, "reasons in hour " + hour);
        }
        // Each published pair says why it is suspect, as far as was known when it was published: every
        // reason as the windows count it, but for the flood's copies of its first minute published
        // before that minute's 61st copy made it a flood (the windows take those back).
        Map<Instant, Map<String, Long>> published = new java.util.TreeMap<>();
        java.util.Set<String> campaignClusters = new java.util.HashSet<>();
        java.util.Set<String> floodClusters = new java.util.HashSet<>();
        Map<String, List<String>> clusterMembers = new HashMap<>();
        for (ClassifiedMention pair : classifiedPairs()) {
            clusterMembers.computeIfAbsent(pair.clusterId(), k -> new java.util.ArrayList<>()).add(pair.mention().id());
            Instant hour = pair.mention().createdAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            pair.suspect().forEach(reason -> published.computeIfAbsent(hour, h -> new java.util.TreeMap<>())
                    .merge(reason.name(), 1L, Long::sum));
            if (pair.mention().id().startsWith("camp:")) {
                campaignClusters.add(pair.clusterId());
            } else if (pair.mention().id().startsWith("flood:")) {
                floodClusters.add(pair.clusterId());
            }
        }
        Map<Instant, Map<String, Long>> expected = new java.util.TreeMap<>();
        scenario.reasonsPerHour.forEach((hour, reasons) -> expected.put(hour, new java.util.TreeMap<>(reasons)));
        expected.get(T0.plus(Duration.ofHours(1))).merge("FLOOD", -60L, Long::sum);
        assertEquals(expected, published);
        assertEquals(1, campaignClusters.size(), "the campaign's 1,000 posts are one cluster");
        List<String> inCampaignCluster = clusterMembers.getOrDefault(campaignClusters.iterator().next(), List.of());
        assertEquals(1_000, inCampaignCluster.size(), "its first post and 999 copies");
        assertTrue(inCampaignCluster.stream().allMatch(id -> id.startsWith("camp:")), "nothing else in its cluster");
        assertEquals(1, floodClusters.size(), "the flood's 600 posts are one cluster");
        assertFalse(campaignClusters.containsAll(floodClusters));

        JsonNode share = latest(topics.shareOfVoice()).get("phones@" + T0.plus(Duration.ofHours(1)));
        JsonNode floodHour = hours.get("lumora@" + T0.plus(Duration.ofHours(1)));
        assertEquals(floodHour.get("mentions").asLong() - floodHour.get("suspect").get("mentions").asLong(),
                share.get("brands").get("lumora").get("mentions").asLong(), "share of voice leaves suspects out");
        List<FeedbackSpike> alerts = driver.createOutputTopic(topics.feedbackSpikes(), new StringDeserializer(),
                new ByteArrayDeserializer()).readValuesToList().stream().map(v -> topics.alerts().values().decode(v)).toList();
        assertEquals(List.of(FeedbackSpike.Status.OPENED, FeedbackSpike.Status.UPDATED, FeedbackSpike.Status.RESOLVED),
                alerts.stream().map(FeedbackSpike::status).toList(), "the flood raises none: " + alerts);
        FeedbackSpike opened = alerts.get(0);
        assertEquals(scenario.spike, opened.windowStart());
        // It goes on for a second window, then falls back: one incident, under the OPENED alert's id.
        assertEquals(List.of(scenario.spike, scenario.spike.plus(Duration.ofMinutes(15)), scenario.spike.plus(Duration.ofMinutes(30))),
                alerts.stream().map(FeedbackSpike::windowStart).toList());
        assertEquals(List.of(opened.id(), opened.id(), opened.id()), alerts.stream().map(FeedbackSpike::incident).toList());
        assertEquals(40, alerts.get(1).count(), "the second window's own count");
        assertEquals(4, alerts.get(2).count(), "the window that fell back");
        // The top three are the new complaint's own words (every one of its posts has all four; the
        // background's wording varies, and the brand's handle is not a term).
        assertTrue(java.util.Set.of("screen", "keeps", "flickering", "terrible").containsAll(opened.risingTerms().subList(0, 3)),
                opened.risingTerms().toString());
        assertEquals(0, opened.amplified(), "many people in their own words, not copies");
        assertEquals(0, opened.suspect());
        assertTrue(opened.severity() >= 4, "heading for several times the excess it needed: " + opened);

        // Counted like any other mention, the flood alerts, with its suspects reported and graded out,
        // and share of voice counts the suspects too.
        List<FeedbackSpike> counted = alertsOfTheScenarioWith("suspect.exclude", "false");
        assertEquals(floodHour.get("mentions").asLong(), latest(topics.shareOfVoice()).get("phones@" + T0.plus(Duration.ofHours(1)))
                .get("brands").get("lumora").get("mentions").asLong(), "share of voice with suspects counted");
        FeedbackSpike flood = counted.get(0);
        assertEquals(FeedbackSpike.Status.OPENED, flood.status());
        assertEquals(scenario.flood, flood.windowStart(), counted.toString());
        assertTrue(flood.suspect() == flood.amplified() && flood.suspect() > flood.count() / 2,
                "most of its count is the flood's copies, each suspect: " + flood);
        assertTrue(flood.severity() < opened.severity(), "the flood, graded without its suspects, is below the spike: "
                + flood.severity() + " against " + opened.severity());

        // Its copies are NEGATIVE too: watched, negative sentiment raises no alert on the flood either.
        assertTrue(floodHour.get("sentiment").get("negative").asLong() >= scenario.floodPosts, floodHour.toString());
        List<FeedbackSpike> watched = alertsOfTheScenarioWith("spike.negative.sentiment", "true");
        assertTrue(watched.stream().noneMatch(a -> a.windowStart().equals(scenario.flood)), watched.toString());
        assertTrue(watched.stream().anyMatch(a -> a.signal() == FeedbackSpike.Signal.FEEDBACK && a.windowStart().equals(scenario.spike)),
                watched.toString());
    }

    /** The alerts of {@link #scenario()} on a fresh topology with one setting changed. */
    private List<FeedbackSpike> alertsOfTheScenarioWith(String setting, String value) throws Exception {
        driver.close();
        start(PipelineConfig.from(dev.earshot.model.Settings.of(Map.of("state.dir", dir.resolve(setting).toString(),
                setting, value))));
        scenario();
        return driver.createOutputTopic(topics.feedbackSpikes(), new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList().stream().map(v -> topics.alerts().values().decode(v)).toList();
    }

    /** What {@link #scenario()} sent, and the figures taken from it. */
    private record Scenario(Instant flood, int floodPosts, Instant spike, Map<Instant, Long> copiesPerHour,
                            Map<Instant, Long> suspectPerHour, Map<Instant, Map<String, Long>> reasonsPerHour) {
    }

    private Scenario scenario() {
        java.util.Random random = new java.util.Random(3);
        Map<Instant, Long> copiesPerHour = new java.util.TreeMap<>();
        Map<Instant, Long> suspectPerHour = new java.util.TreeMap<>();
        Map<Instant, Map<String, Long>> reasonsPerHour = new java.util.TreeMap<>();
        java.util.function.Function<Instant, Instant> hourOf = at -> at.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        int campaign = 0;
        // The flood: 100 a minute for six minutes from half past a minute, from 15 accounts taking turns.
        // Its first half minute has 49 copies, under the limit; the next minute crosses it, and from
        // there every copy is suspect (the 49 only in spike detection, which takes them out too: they
        // lie in another minute's window).
        Instant flood = T0.plus(Duration.ofMinutes(80)).plusSeconds(30);
        String floodText = "@lumoraphones the app keeps crashing, fix it now";
        int floodPosts = 600;
        int floodSent = 0;
        Map<Long, Long> floodCopiesPerMinute = new java.util.TreeMap<>();
        for (int i = 1; i < floodPosts; i++) {
            floodCopiesPerMinute.merge(flood.plusMillis(600L * i).getEpochSecond() / 60, 1L, Long::sum);
        }
        long floodingFrom = floodCopiesPerMinute.entrySet().stream().filter(e -> e.getValue() > 60).findFirst().orElseThrow()
                .getKey();
        Map<String, Integer> botPosts = new HashMap<>();
        for (int second = 0; second < 2 * 3600; second += 6) {
            Instant at = T0.plusSeconds(second);
            if (second % 36 == 0) { // a copy every 7.2 seconds: 1,000 in two hours
                for (int copy = 0; copy < 5 && campaign < 1_000; copy++, campaign++) {
                    String text = CopyClustersTest.campaignPost(campaign);
                    send(new Mention("camp:" + campaign, "twitter", at.plusMillis(copy), new Mention.Author("@promo_" + (campaign % 200),
                            50, false), text, "", List.of(), "en", new Mention.Engagement(1, 0, 0, 0), false));
                    if (campaign > 0) { // its first post is its original
                        copiesPerHour.merge(hourOf.apply(at), 1L, Long::sum);
                    }
                }
            }
            if (second % 60 == 0) {
                send(mention("Lumora " + CopyClustersTest.ownWords(random), at.plusMillis(500), 0, 10));
            }
            if (second % 225 == 0) { // four complaints in each 15 minutes
                send(mention("@lumoraphones " + CopyClustersTest.ownWords(random) + ", unacceptable", at.plusMillis(700), 0, 10));
            }
            if (second >= 3600 && second < 3600 + 60 && second % 12 == 0) { // five posts of links, five of hashtags
                send(mention("Lumora " + CopyClustersTest.ownWords(random) + " https://a.example/" + second
                        + " https://b.example https://c.example", at.plusMillis(800), 0, 10));
                String[] words = CopyClustersTest.ownWords(random).split(" ");
                send(mention("#lumora #" + String.join(" #", java.util.Arrays.copyOf(words, 5)), at.plusMillis(900), 0, 10));
                suspectPerHour.merge(hourOf.apply(at), 2L, Long::sum);
                reasonsPerHour.computeIfAbsent(hourOf.apply(at), h -> new java.util.TreeMap<>()).merge("LINKS", 1L, Long::sum);
                reasonsPerHour.get(hourOf.apply(at)).merge("HASHTAGS", 1L, Long::sum);
            }
            while (floodSent < floodPosts && !flood.plusMillis(600L * floodSent).isAfter(at.plusSeconds(5))) {
                Instant when = flood.plusMillis(600L * floodSent);
                String bot = "@bot" + (floodSent % 15);
                int before = botPosts.merge(bot, 1, Integer::sum) - 1;
                send(new Mention("flood:" + floodSent, "twitter", when, new Mention.Author(bot, 3, false), floodText, "", List.of(),
                        "en", new Mention.Engagement(0, 0, 0, 0), false));
                if (floodSent > 0) {
                    copiesPerHour.merge(hourOf.apply(when), 1L, Long::sum);
                }
                boolean flooding = floodSent > 0 && when.getEpochSecond() / 60 >= floodingFrom;
                if (flooding) {
                    reasonsPerHour.computeIfAbsent(hourOf.apply(when), h -> new java.util.TreeMap<>()).merge("FLOOD", 1L, Long::sum);
                }
                if (before >= 30) { // each bot's posts past 30 in the hour
                    reasonsPerHour.computeIfAbsent(hourOf.apply(when), h -> new java.util.TreeMap<>())
                            .merge("AUTHOR_RATE", 1L, Long::sum);
                }
                if (flooding || before >= 30) {
                    suspectPerHour.merge(hourOf.apply(when), 1L, Long::sum);
                }
                floodSent++;
            }
        }
        Instant spike = T0.plus(Duration.ofHours(2));
        for (int window = 0; window < 2; window++) { // still high in the next window: the incident is UPDATED
            for (int i = 0; i < 40; i++) {
                send(mention("@lumoraphones my screen keeps flickering " + CopyClustersTest.ownWords(random) + ", terrible",
                        spike.plus(Duration.ofMinutes(15L * window)).plusSeconds(20L * i), 0, 10));
            }
        }
        for (int window = 2; window <= 3; window++) { // then the usual four again
            for (int i = 0; i < 4; i++) {
                send(mention("@lumoraphones " + CopyClustersTest.ownWords(random) + ", unacceptable",
                        spike.plus(Duration.ofMinutes(15L * window)).plusSeconds(60L * i), 0, 10));
            }
        }
        assertEquals(1_000, campaign);
        assertEquals(floodPosts, floodSent);
        return new Scenario(T0.plus(Duration.ofMinutes(75)), floodPosts, spike, copiesPerHour, suspectPerHour, reasonsPerHour);
    }

    /**
     * Two hours of steady mild praise with some grumbling, then a burst of negative remarks that are
     * not feedback (no complaint, question or request to the brand): with spike.negative.sentiment a
     * NEGATIVE_SENTIMENT alert, without it (the default) none at all.
     */
    @Test
    void aBurstOfNegativeMentionsAlertsOnlyWhenNegativeSentimentIsWatched() throws Exception {
        for (boolean watched : new boolean[] {false, true}) {
            driver.close();
            Map<String, String> settings = new HashMap<>(Map.of("state.dir", dir.resolve("n" + watched).toString()));
            if (watched) {
                settings.put("spike.negative.sentiment", "true"); // off by default: not set at all
            }
            start(PipelineConfig.from(dev.earshot.model.Settings.of(settings)));
            for (int window = 0; window < 8; window++) {
                for (int i = 0; i < 4; i++) {
                    send(mention(i == 0 ? "Lumora ads are ugly and boring" : "Lumora looks nice",
                            T0.plus(Duration.ofMinutes(15L * window)).plusSeconds(60L * i), 0, 10));
                }
            }
            Instant burst = T0.plus(Duration.ofMinutes(120));
            for (int i = 0; i < 30; i++) {
                send(mention("Lumora ads are ugly, boring and awful", burst.plusSeconds(10L * i), 0, 10));
            }
            send(mention("Lumora looks nice", burst.plus(Duration.ofMinutes(20)), 0, 10));
            List<org.apache.kafka.streams.KeyValue<String, byte[]>> all = driver.createOutputTopic(topics.feedbackSpikes(),
                    new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
            if (!watched) {
                assertEquals(List.of(), all, "off by default");
                continue;
            }
            assertEquals(1, all.size(), "exactly one alert");
            FeedbackSpike alert = topics.alerts().values().decode(all.get(0).value);
            assertEquals(FeedbackSpike.Signal.NEGATIVE_SENTIMENT, alert.signal());
            assertEquals(burst, alert.windowStart());
            assertEquals(5, alert.sampleIds().size());
            assertEquals(1.0, alert.baseline(), 0.01);
            assertEquals("lumora@" + burst + "/negative-sentiment", alert.id());
            var recent = driver.<String, FeedbackSpike>getKeyValueStore(Pipeline.ALERT_STORE);
            assertEquals(alert, recent.get(alert.id()));
        }
    }

    /**
     * Every value on every output topic, from a run that writes to each of them, is valid against its
     * JSON Schema under docs/schemas; and the check is real: a value missing a field is refused.
     */
    @Test
    void everyOutputTopicsValuesMatchTheirPublishedSchema() throws Exception {
        for (int window = 0; window < 5; window++) {
            for (int i = 0; i < 3; i++) {
                send(mention("@lumoraphones still waiting for my refund", T0.plus(Duration.ofMinutes(15L * window)).plusSeconds(i), 0, 10));
            }
        }
        for (int i = 0; i < 30; i++) {
            send(mention("@lumoraphones broken again, terrible", T0.plus(Duration.ofMinutes(75)).plusSeconds(i), 2, 10));
        }
        send(new Mention("t:link", "bluesky", T0.plusSeconds(30), new Mention.Author("@fan", 5_000, true), "Loving Lumora and Vantor",
                "", List.of("https://lumora.com/p/1?utm_source=x"), "en", new Mention.Engagement(3, 1, 0, 10), false));
        // The burst's copies may yet turn out a flood until their minute is over: a later mention ends it.
        send(mention("Lumora looks great", T0.plus(Duration.ofMinutes(77)), 0, 10));

        com.networknt.schema.SchemaRegistry registry =
                com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.dialect.Dialects.getDraft202012());
        for (dev.earshot.model.output.OutputTopic<?> topic : topics.outputs()) {
            java.nio.file.Path file = java.nio.file.Path.of("..", "docs", "schemas", topic.schema());
            com.networknt.schema.Schema schema = registry.getSchema(StreamsJson.MAPPER.readTree(file.toFile()));
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(topic.name(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<byte[]> values = new java.util.ArrayList<>();
            for (var record : out.readKeyValuesToList()) {
                assertTrue(topic.key().fits(record.key), topic.name() + " key " + record.key + " is " + topic.key());
                values.add(record.value);
            }
            assertFalse(values.isEmpty(), "the run wrote to " + topic.name());
            for (byte[] value : values) {
                JsonNode json = StreamsJson.MAPPER.readTree(value);
                assertEquals(List.of(), schema.validate(json), topic.name() + " against " + file + ": " + json);
            }
            var broken = (com.fasterxml.jackson.databind.node.ObjectNode) StreamsJson.MAPPER.readTree(values.get(0));
            broken.remove(broken.fieldNames().next());
            assertFalse(schema.validate(broken).isEmpty(), file + " refuses a value without its first field");
            // Written before sentiment, as the topics keep them for 90 days and the codecs still read them.
            var before = (com.fasterxml.jackson.databind.node.ObjectNode) StreamsJson.MAPPER.readTree(values.get(0));
            if (before.has("sentiment") && before.has("netSentiment")) {
                before.remove(List.of("sentiment", "netSentiment"));
                assertEquals(List.of(), schema.validate(before), file + " takes a window written before sentiment: " + before);
            }
            if (before.path("brands").isObject()) {
                before.get("brands").forEach(b -> ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("netSentiment"));
                assertEquals(List.of(), schema.validate(before), file + " takes a share written before sentiment: " + before);
            }
        }
    }

    @Test
    void batchesAreClassifiedWhenFullOrWhenTheWaitEnds() throws Exception {
        driver.close();
        start(PipelineConfig.from(dev.earshot.model.Settings.of(Map.of(
                "classify.batch.size", "3", "classify.batch.max.wait", "1s", "state.dir", dir.resolve("batches").toString()))));
        TestOutputTopic<String, byte[]> classified = driver.createOutputTopic(topics.classified(), new StringDeserializer(),
                new ByteArrayDeserializer());
        var waiting = driver.<Long, byte[]>getKeyValueStore(BatchClassifier.STORE);
        for (int i = 0; i < 2; i++) {
            raw.pipeInput(("b" + i).getBytes(StandardCharsets.UTF_8), codec.encode(mention("Lumora " + i, T0.plusSeconds(i), 1, 10)),
                    T0.plusSeconds(i));
        }
        assertTrue(classified.isEmpty(), "two of three: the batch waits");
        assertEquals(2, count(waiting), "and its mentions wait in the store, where a restart finds them");
        raw.pipeInput("b2".getBytes(StandardCharsets.UTF_8), codec.encode(mention("Lumora 2", T0.plusSeconds(2), 1, 10)),
                T0.plusSeconds(2));
        assertEquals(List.of("lumora", "lumora", "lumora"), classified.readKeyValuesToList().stream().map(kv -> kv.key).toList(),
                "full: classified at once");
        assertEquals(0, count(waiting));

        raw.pipeInput("b3".getBytes(StandardCharsets.UTF_8), codec.encode(mention("Vantor 3", T0.plusSeconds(3), 1, 10)),
                T0.plusSeconds(3));
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertTrue(classified.isEmpty(), "half the wait: still waiting");
        driver.advanceWallClockTime(Duration.ofMillis(600));
        var late = classified.readRecordsToList();
        assertEquals(1, late.size(), "the wait ended: classified alone");
        assertEquals("vantor", late.get(0).key());
        assertEquals(T0.plusSeconds(3), late.get(0).getRecordTime(), "keeps its event time");
        assertEquals(0, count(waiting));

        // 0.1 s after a tick of the old fixed 1 s wait: it would have classified this mention 0.9 s on.
        raw.pipeInput("b4".getBytes(StandardCharsets.UTF_8), codec.encode(mention("Vantor 4", T0.plusSeconds(4), 1, 10)),
                T0.plusSeconds(4));
        driver.advanceWallClockTime(Duration.ofMillis(950));
        assertTrue(classified.isEmpty(), "it waits its whole wait, whatever the tick, so that batches fill");
        driver.advanceWallClockTime(Duration.ofMillis(300));
        assertEquals(1, classified.readRecordsToList().size(), "and no more than a quarter longer");
    }

    /** {@code count} mentions of the same text, a minute apart from {@code from}. */
    private void sendMinutely(String text, Instant from, int count) {
        for (int i = 0; i < count; i++) {
            send(mention(text, from.plusSeconds(i * 60L), 0, 10));
        }
    }

    private Themes themesOf(Map<String, JsonNode> published, String key) throws Exception {
        assertNotNull(published.get(key), key + " published: " + published.keySet());
        return topics.hourThemes().values().decode(StreamsJson.MAPPER.writeValueAsBytes(published.get(key)));
    }

    @Test
    void anHoursThemesAreWhatRoseAgainstTheBrandsEarlierHours() throws Exception {
        // The first hour: 20 mentions praise the camera. The next: 10 more of those, and 8 about a
        // battery that drains, citing @techdaily and sharing one story (in two spellings of its link).
        Instant next = T0.plus(Duration.ofHours(1));
        sendMinutely("Lumora camera is superb", T0, 20);
        sendMinutely("Lumora camera is superb", next, 10);
        for (int i = 0; i < 8; i++) {
            String link = i % 2 == 0 ? "https://news.example/lumora-battery?utm_source=x" : "https://www.news.example/lumora-battery/";
            send(new Mention("b:" + i, "bluesky", next.plusSeconds(700 + i * 60L), new Mention.Author("@b" + i, 10, false),
                    "My Lumora battery drains overnight @TechDaily", "", List.of(link), "en",
                    new Mention.Engagement(0, 0, 0, 0), false));
        }
        Map<String, JsonNode> published = latest(topics.themesHour());
        Themes first = themesOf(published, "lumora@" + T0);
        assertEquals(0, first.baselineHours());
        assertEquals(20, first.mentions());
        assertEquals(java.util.Set.of("camera", "superb"), first.themes().stream().map(Themes.Theme::term).collect(java.util.stream.Collectors.toSet()),
                "without a baseline, the most used terms; never the brand's own name");
        Themes second = themesOf(published, "lumora@" + next);
        assertEquals(1, second.baselineHours());
        assertEquals(18, second.mentions());
        assertEquals(List.of("@techdaily", "battery", "drains", "https://news.example/lumora-battery", "overnight"),
                second.themes().stream().map(Themes.Theme::term).toList(),
                "what rose, each 8 times against none expected; the camera's 10 of 18 were expected at its earlier share");
        assertTrue(second.themes().stream().allMatch(t -> t.mentions() == 8 && t.expected() == 0), second.themes().toString());
    }

    @Test
    void anEarlierHoursLateMentionsRankItsLaterHoursAgain() throws Exception {
        Instant next = T0.plus(Duration.ofHours(1));
        sendMinutely("Lumora camera is superb", T0, 10);
        sendMinutely("Lumora battery drains", next, 10);
        Themes before = themesOf(latest(topics.themesHour()), "lumora@" + next);
        assertEquals(0.0, before.themes().get(0).expected(), 1e-9);
        // Late, within the grace: the first hour talked of the battery too.
        sendMinutely("Lumora battery drains", T0.plusSeconds(1800), 10);
        Themes after = themesOf(latest(topics.themesHour()), "lumora@" + next);
        Themes.Theme battery = after.themes().stream().filter(t -> t.term().equals("battery")).findFirst().orElseThrow();
        assertEquals(5.0, battery.expected(), 1e-9, "half of the first hour's 20 mentions, in 10: " + after);
    }

    @Test
    void highlightsMergedFromBatchesEqualThoseCountedOneMentionAtATime() throws Exception {
        driver.close();
        start(PipelineConfig.from(dev.earshot.model.Settings.of(Map.of(
                "classify.batch.size", "7", "state.dir", dir.resolve("highlights").toString()))));
        // 60 mentions by 12 authors of different reach, sharing lumora.com links (tracking removed) and
        // an other site's, over two hours: batches of seven straddle authors, links and the hour.
        List<Mention> input = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String link = i % 3 == 0 ? "https://lumora.com/p/" + (i % 4) + "?utm_source=x" : "https://elsewhere.example/a";
            input.add(new Mention("h:" + i, "bluesky", T0.plusSeconds(i * 120L), new Mention.Author("@a" + (i % 12), 100L * (i % 12), false),
                    "Lumora thoughts " + i, "", List.of(link), "en", new Mention.Engagement(i % 5, 1, 0, 0), false));
        }
        input.forEach(m -> raw.pipeInput(m.id().getBytes(StandardCharsets.UTF_8), codec.encode(m), m.createdAt()));
        driver.advanceWallClockTime(BATCH_WAIT);

        var lumora = BrandCatalog.parse(BRANDS, "brands.yaml").brand("lumora");
        Map<String, BrandHighlights> expected = new HashMap<>();
        for (Mention m : input) {
            expected.merge("lumora@" + m.createdAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                    BrandHighlights.empty().add(m, lumora), (a, b) -> a.add(m, lumora));
        }
        Map<String, JsonNode> published = latest(topics.highlightsHour());
        assertEquals(expected.keySet(), published.keySet());
        for (var e : expected.entrySet()) {
            JsonNode ranked = published.get(e.getKey());
            List<Highlights.AuthorActivity> authors = e.getValue().topAuthors(10);
            assertEquals(authors.size(), ranked.get("influencers").size(), e.getKey());
            for (int i = 0; i < authors.size(); i++) {
                JsonNode a = ranked.get("influencers").get(i);
                assertEquals(authors.get(i).handle(), a.get("handle").asText());
                assertEquals(authors.get(i).mentions(), a.get("mentions").asLong(), authors.get(i).handle());
                assertEquals(authors.get(i).engagement(), a.get("engagement").asLong(), authors.get(i).handle());
            }
            List<Highlights.SharedLink> links = e.getValue().topLinks(10);
            assertEquals(links.size(), ranked.get("links").size());
            for (int i = 0; i < links.size(); i++) {
                assertEquals(links.get(i).url(), ranked.get("links").get(i).get("url").asText());
                assertEquals(links.get(i).shares(), ranked.get("links").get(i).get("shares").asLong());
            }
        }
        assertTrue(published.values().stream().allMatch(r -> r.get("links").size() == 4), "four lumora.com pages, other sites left out");
    }

    private static long count(org.apache.kafka.streams.state.KeyValueStore<?, ?> store) {
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void recordsLaterThanTheGraceAreCountedPerWindowSizeAndLeaveTheClosedWindowAlone() throws Exception {
        driver.close();
        PipelineConfig config = PipelineConfig.from(dev.earshot.model.Settings.of(Map.of(
                "window.1m.grace", "30s", "window.1h.grace", "10m", "state.dir", dir.resolve("short-grace").toString())));
        start(config);
        send(mention("Lumora one", T0.plusSeconds(5), 1, 10));
        send(mention("Lumora two hours on", T0.plus(Duration.ofHours(2)), 1, 10));
        send(mention("Lumora too late for both", T0.plusSeconds(10), 1, 10));
        send(mention("Lumora late for its minute only", T0.plus(Duration.ofMinutes(115)), 1, 10));

        assertEquals(2, counters.lateForMinutes());
        assertEquals(1, counters.lateForHours());
        // The larger lateness decides: 'too late for both' came 1 h 58 min 30 s after its minute's grace ended.
        assertEquals(List.of("2 (mention, brand) pairs (2 since start) arrived after the 1-minute windows' grace of 30s and were "
                        + "left out of them, the furthest 1h58m30s past it; window.1m.grace=2h (or window.grace) would have kept them",
                "1 (mention, brand) pairs (1 since start) arrived after the 1-hour windows' grace of 10m and were "
                        + "left out of them, the furthest 50m past it; window.1h.grace=61m (or window.grace) would have kept them"),
                counters.lateRecordReport(config));
        assertEquals(List.of(), counters.lateRecordReport(config), "reported once");
        Map<String, JsonNode> hours = latest(topics.engagementHour());
        assertEquals(1, hours.get("lumora@2026-11-20T10:00:00Z").get("mentions").asLong(), "the closed hour kept its figure");
        assertEquals(1, hours.get("lumora@2026-11-20T11:00:00Z").get("mentions").asLong(), "the open hour took the record");
        assertEquals(4, driver.createOutputTopic(topics.classified(), new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList().size(), "late records are still classified: nothing vanishes before the windows");
    }
}
