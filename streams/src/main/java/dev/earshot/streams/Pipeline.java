package dev.earshot.streams;

import dev.earshot.model.output.Counts;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.ShareOfVoice;
import dev.earshot.model.output.KeyFormat;
import dev.earshot.classifier.CompetitorSet;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams app's topology, built in this one place; the command line, the tests and the
 * benchmark all build it through {@link #build}.
 *
 * <pre>
 * mentions.raw ─ parse-and-validate ─┬─ invalid ────────────────────────────────► mentions.dlq
 *                                    └─ valid ─ drop-duplicate-ids ─ classify-in-batches ─┬─ unclassifiable ───► mentions.dlq
 *                                                                                          ├─ figures per brand, minute and batch,
 *                                                                                          │  with its pairs encoded
 *                                                                                          │  ─ mentions-by-brand (repartition)
 *                                                                                          └─ highlights per brand, hour and batch
 *                                                                                             ─ highlights-by-brand (repartition)
 *            (classify-in-batches holds its mentions in the store mentions-awaiting-classification)
 * highlights-by-brand ─ brand-highlights-1h (merges the partials) ─┬────────────► brand.highlights.1h
 *                                                                  └─ rank-themes ► brand.themes.1h
 * mentions-by-brand ─ count-late-records ─ mark-copies (copy-clusters, author-rates)
 *                    ┌─────────────────────┴─ pairs, with clusterId and suspect ──► mentions.classified
 *                    ├─ brand-windows-1m ───────────────────────────────────────► brand.engagement.1m
 *                    ├─ brand-windows-1h ─┬─────────────────────────────────────► brand.engagement.1h
 *                    │                    └─ by competitor set ─ share-of-voice-1h
 *                    │                                       ───────────────────► brand.share-of-voice.1h
 *                    └─ detect-feedback-spikes (feedback-spike-state, feedback-spike-held, recent-alerts)
 *                                                            ───────────────────► alerts.feedback-spikes
 * </pre>
 *
 * <p>Each repartition topic, and the dead letters, pass through a {@code commit-…-when-quiet} processor,
 * which with {@code classify-in-batches} asks for a commit once the input goes quiet ({@link QuietCommits}).
 *
 * <p>Every record's timestamp is its mention's {@code createdAt} from parsing on (a partial's, the
 * latest of its pairs'), so windows are in event time; records later than a window's grace period
 * are dropped by the aggregation, and
 * {@code count-late-records} counts them per window size first (and Kafka Streams in its
 * {@code dropped-records} metric).
 */
public final class Pipeline {
    /** Stores the query API reads. */
    public static final String MINUTE_STORE = "brand-windows-1m";
    public static final String HOUR_STORE = "brand-windows-1h";
    public static final String SHARE_OF_VOICE_STORE = "share-of-voice-1h";
    public static final String ALERT_STORE = SpikeProcessor.ALERT_STORE;
    public static final String HIGHLIGHTS_STORE = "brand-highlights-1h";
    /** The window stores, whose changelogs keep windows by event time. */
    static final List<String> WINDOW_STORES = List.of(DedupeProcessor.STORE, MINUTE_STORE, HOUR_STORE, HIGHLIGHTS_STORE,
            CopyMarker.AUTHOR_STORE);
    /**
     * Settings of the window stores' changelogs, beside the compact,delete cleanup and the retention
     * (the store's retention plus {@code windowstore.changelog.additional.retention.ms}, one day) that
     * Kafka Streams gives them. A changelog record carries the event time of the update that wrote
     * it, so with the broker's default clock a backfill's windows would be deleted from the changelog
     * while the store still counts into them, and a restore after a crash or a rebalance would bring
     * them back empty. Stamped on append, they stay for the retention after they were written.
     */
    static final Map<String, String> WINDOW_CHANGELOG_CONFIG = Map.of("message.timestamp.type", TopicPolicy.LOG_APPEND_TIME);
    /**
     * Settings of the classification buffer's changelog: it rolls every 8 MiB or 10 minutes and is
     * compacted early, so a restore after a crash reads a bounded log; its keys are reused from the
     * first after every batch, so compacted it holds one record per key a batch ever used. Tombstones,
     * and the transaction markers among them, are dropped a day after compaction: an instance that comes
     * back to a task with the state it left replays the changelog from its checkpoint, and must find the
     * tombstones of what was classified in its absence, so a clean stop older than half that is not
     * trusted ({@link StreamsApp#LONG_STOP}). Until this release they were dropped 10 minutes on.
     */
    static final Map<String, String> BUFFER_CHANGELOG_CONFIG = Map.of("segment.bytes", String.valueOf(8 << 20),
            "segment.ms", "600000", "min.cleanable.dirty.ratio", "0.1", "delete.retention.ms", String.valueOf(86_400_000L));

    private Pipeline() {
    }

    public static Topology build(PipelineConfig config, ClassifierHolder classifier, PipelineCounters counters) {
        Topics topics = config.topics();
        MentionCodec codec = MentionCodec.strict();
        // Built with the app's settings: a builder without them makes a StreamsConfig of defaults of its
        // own, which logs the global processing-exception warning that the settings answer.
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties(config))));

        // An id is filed under the start of its period (a retention long, a day by default), up to a
        // retention before its event time; kept for three retentions, it stays at least as long as one
        // filed under its event time for two did.
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DedupeProcessor.STORE,
                        config.dedupeRetention().multipliedBy(DedupeProcessor.KEPT_PERIODS),
                        config.dedupeRetention(), false),
                Serdes.String(), Serdes.Long()).withLoggingEnabled(WINDOW_CHANGELOG_CONFIG));
        // Cached: a mention put and deleted within one commit interval reaches RocksDB and the changelog
        // as a tombstone only. Persistent, so a clean restart restores nothing.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BatchClassifier.STORE),
                Serdes.Long(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(BUFFER_CHANGELOG_CONFIG));
        // Cached: the state of a brand is read and rewritten for each of its FEEDBACK mentions, and only
        // its last value in a commit interval needs to reach RocksDB and the changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpikeProcessor.STORE),
                Serdes.String(), InternalFormat.spikeStateSerde()).withCachingEnabled());
        // Not cached: each held partial is put once and deleted once, and the range read that releases
        // them would otherwise merge the cache into it. Its changelog is the classification buffer's
        // kind: keys put once and deleted, whose tombstones a restore from a checkpoint must find.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpikeProcessor.HELD_STORE),
                Serdes.Bytes(), InternalFormat.heldPartialSerde()).withLoggingEnabled(BUFFER_CHANGELOG_CONFIG));
        // Cached for the same reason as the spike state, per minute partial of a brand.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CopyMarker.STORE),
                Serdes.String(), InternalFormat.copyClustersSerde()).withCachingEnabled());
        // Per brand and hour of event time, kept for the hour and its grace, as the hourly windows are.
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(CopyMarker.AUTHOR_STORE, Duration.ofHours(1).plus(config.hourGrace()),
                        Duration.ofHours(1), false),
                Serdes.String(), InternalFormat.authorRatesSerde()).withCachingEnabled().withLoggingEnabled(WINDOW_CHANGELOG_CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_STORE),
                Serdes.String(), StreamsJson.serde(dev.earshot.model.output.FeedbackSpike.class)));

        QuietCommits quiet = new QuietCommits(config.commitWhenQuiet());
        KStream<byte[], ParsedMention> parsed = builder
                .stream(topics.raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-raw-mentions"))
                .processValues(() -> new ParseProcessor(codec, counters, ParseProcessor.requestBytes(config.kafka())),
                        Named.as("parse-and-validate"));
        Map<String, KStream<byte[], ParsedMention>> outcome = parsed.split(Named.as("parsed-"))
                .branch((key, value) -> !value.isValid(), Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));
        outcome.get("parsed-invalid")
                .processValues(quiet.passThrough(), Named.as("commit-dead-letters-when-quiet"))
                .map((key, failed) -> KeyValue.pair(ParseProcessor.deadLetterKey(key), failed.original()), Named.as("original-bytes"))
                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("write-dead-letters"));

        ClassifiedMentionCodec pairs = new ClassifiedMentionCodec(codec);
        Map<String, KStream<String, BatchResult>> batches = outcome.get("parsed-valid")
                .processValues(() -> new DedupeProcessor(config.dedupeRetention(), counters), Named.as("drop-duplicate-ids"),
                        DedupeProcessor.STORE)
                .process(() -> new BatchClassifier(classifier, pairs, counters, config.classifyBatchSize(),
                                config.classifyBatchWait(), config.suspects(), quiet),
                        Named.as("classify-in-batches"), BatchClassifier.STORE)
                .split(Named.as("batch-"))
                .branch((brand, result) -> result instanceof BatchResult.Minute, Branched.as("minutes"))
                .branch((id, result) -> result instanceof BatchResult.Unclassifiable, Branched.as("unclassifiable"))
                .defaultBranch(Branched.as("highlights"));
        batches.get("batch-unclassifiable")
                .mapValues(result -> codec.encode(((BatchResult.Unclassifiable) result).mention()), Named.as("unclassifiable-mentions"))
                .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-unclassifiable-dead-letters"));

        // One explicit repartition by brand serves both windowed aggregations and spike detection, and
        // brings each pair to where its cluster is known, from where it is published.
        Serde<MinutePartial> partials = InternalFormat.minutePartialSerde();
        Map<String, KStream<String, CopyMarker.Marked>> marked = batches.get("batch-minutes")
                .mapValues(result -> ((BatchResult.Minute) result).value(), Named.as("minute-partials"))
                .repartition(Repartitioned.with(Serdes.String(), partials).withName("mentions-by-brand")
                        .withNumberOfPartitions(config.partitions()))
                .processValues(quiet.passThrough(), Named.as("commit-partials-when-quiet"))
                .processValues(() -> new LateRecordCounter(
                        new LateRecordCounter.Window("1m", Duration.ofMinutes(1), config.minuteGrace(),
                                counters.lateForMinutes),
                        new LateRecordCounter.Window("1h", Duration.ofHours(1), config.hourGrace(),
                                counters.lateForHours)),
                        Named.as("count-late-records"))
                .processValues(() -> new CopyMarker(config.copies(), config.suspects(), pairs), Named.as("mark-copies"),
                        CopyMarker.STORE, CopyMarker.AUTHOR_STORE)
                .split(Named.as("marked-"))
                .branch((brand, m) -> m instanceof CopyMarker.Marked.Pair, Branched.as("pairs"))
                .defaultBranch(Branched.as("figures"));
        marked.get("marked-pairs")
                .mapValues(m -> ((CopyMarker.Marked.Pair) m).json(), Named.as("classified-pairs"))
                .to(topics.classified(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-classified"));
        KStream<String, MinutePartial> byBrand = marked.get("marked-figures")
                .mapValues(m -> ((CopyMarker.Marked.Figures) m).partial(), Named.as("marked-partials"));

        windowed(byBrand, Duration.ofMinutes(1), config.minuteGrace(), MINUTE_STORE, partials)
                .to(topics.engagementMinute(), Produced.with(Serdes.String(), StreamsJson.serde(topics.minuteWindows()))
                        .withName("write-engagement-1m"));
        KStream<String, BrandWindow> hours =
                windowed(byBrand, Duration.ofHours(1), config.hourGrace(), HOUR_STORE, partials);
        hours.to(topics.engagementHour(), Produced.with(Serdes.String(), StreamsJson.serde(topics.hourWindows()))
                .withName("write-engagement-1h"));

        Serde<BrandHighlights> highlightsSerde = InternalFormat.highlightsSerde();
        KStream<Windowed<String>, BrandHighlights> highlights = batches.get("batch-highlights")
                .mapValues(result -> ((BatchResult.HourHighlights) result).value(), Named.as("highlights-partials"))
                .repartition(Repartitioned.with(Serdes.String(), highlightsSerde).withName("highlights-by-brand")
                        .withNumberOfPartitions(config.partitions()))
                .processValues(quiet.passThrough(), Named.as("commit-highlights-when-quiet"))
                // As before the engagement windows: a late partial just after a restart would be merged into
                // its closed hour, which the store still holds for the themes' baseline.
                .processValues(() -> new LateRecordCounter.DropClosed<BrandHighlights>(Duration.ofHours(1), config.hourGrace()),
                        Named.as("drop-closed-highlights"))
                .groupByKey(Grouped.with("brand-highlights", Serdes.String(), highlightsSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), config.hourGrace()))
                .aggregate(BrandHighlights::empty, (brand, partial, sum) -> sum.plus(partial),
                        Named.as("aggregate-" + HIGHLIGHTS_STORE),
                        Materialized.<String, BrandHighlights, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(HIGHLIGHTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(highlightsSerde)
                                .withRetention(highlightsRetention(config))
                                .withLoggingEnabled(WINDOW_CHANGELOG_CONFIG))
                .toStream(Named.as(HIGHLIGHTS_STORE + "-updates"));
        highlights
                .map((key, h) -> KeyValue.pair(topics.hourHighlights().key().key(key.key(), key.window().startTime()),
                        h.ranked(key.key(), key.window().startTime(), key.window().endTime(), 10)),
                        Named.as(HIGHLIGHTS_STORE + "-ranked"))
                .to(topics.highlightsHour(), Produced.with(Serdes.String(), StreamsJson.serde(topics.hourHighlights()))
                        .withName("write-highlights-1h"));
        highlights
                .process(() -> new ThemesProcessor(config.themes()), Named.as("rank-themes"), HIGHLIGHTS_STORE)
                .to(topics.themesHour(), Produced.with(Serdes.String(), StreamsJson.serde(topics.hourThemes()))
                        .withName("write-themes-1h"));

        shareOfVoice(hours, classifier, topics.hourShareOfVoice().key(), config.suspects().exclude(), quiet)
                .to(topics.shareOfVoice(), Produced.with(Serdes.String(), StreamsJson.serde(topics.hourShareOfVoice()))
                        .withName("write-share-of-voice"));

        TopicPolicy alertsPolicy = config.topicPolicies().get(topics.feedbackSpikes());
        Duration alertRetention = alertsPolicy == null ? null : alertsPolicy.retention();
        byBrand.process(() -> new SpikeProcessor(config.spikes(), config.suspects(), counters, alertRetention),
                        Named.as("detect-feedback-spikes"),
                        SpikeProcessor.STORE, SpikeProcessor.HELD_STORE, ALERT_STORE)
                .to(topics.feedbackSpikes(), Produced.with(Serdes.String(), StreamsJson.serde(topics.alerts()))
                        .withName("write-feedback-spikes"));
        return builder.build();
    }

    /**
     * How long the hourly highlights are kept: their window and grace, and a theme's baseline before
     * that. A window store holds what is newer than its newest window less its retention, so an hour
     * updated as late as the grace allows still finds every hour of its baseline.
     */
    public static Duration highlightsRetention(PipelineConfig config) {
        return Duration.ofHours(1).plus(config.hourGrace()).plus(config.themes().baseline());
    }

    /** Tumbling event-time windows of one size per brand, as {@code brand@windowStart} → figures. */
    private static KStream<String, BrandWindow> windowed(KStream<String, MinutePartial> byBrand, Duration size,
                                                         Duration grace, String store, Serde<MinutePartial> partials) {
        String suffix = store.substring(store.lastIndexOf('-') + 1);
        return byBrand
                .processValues(() -> new LateRecordCounter.DropClosed<MinutePartial>(size, grace), Named.as("drop-closed-" + suffix))
                .groupByKey(Grouped.with("brand-" + suffix, Serdes.String(), partials))
                .windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
                .aggregate(() -> BrandWindow.empty("", Instant.EPOCH, Instant.EPOCH),
                        (brand, partial, window) -> window.plus(partial.totals(), partial.byCategory(), partial.sentiment(),
                                partial.amplified(), partial.marks().suspect()),
                        Named.as("aggregate-" + store),
                        Materialized.<String, BrandWindow, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String()).withValueSerde(InternalFormat.brandWindowSerde())
                                .withLoggingEnabled(WINDOW_CHANGELOG_CONFIG))
                .toStream(Named.as(store + "-updates"))
                .map((Windowed<String> key, BrandWindow w) -> {
                    BrandWindow bounded = w.withWindow(key.key(), key.window().startTime(), key.window().endTime());
                    return KeyValue.pair(bounded.key(), bounded);
                }, Named.as(store + "-keyed"));
    }

    /**
     * Hourly share of voice per competitor set. Each hourly brand window update replaces that brand's
     * entry in its sets' windows, so a brand is never counted twice however often it updates. With
     * {@code suspect.exclude} a brand's suspect pairs count in neither its mentions nor its engagement
     * (its net sentiment still includes them).
     */
    private static KStream<String, ShareOfVoice> shareOfVoice(KStream<String, BrandWindow> hours, ClassifierHolder classifier,
                                                              KeyFormat keys, boolean excludeSuspects, QuietCommits quiet) {
        return hours
                .flatMap((key, window) -> {
                    List<KeyValue<String, BrandWindow>> out = new ArrayList<>();
                    for (CompetitorSet set : classifier.get().brands().competitorSets()) {
                        if (set.brands().contains(window.brand())) {
                            out.add(KeyValue.pair(keys.key(set.id(), window.windowStart()), window));
                        }
                    }
                    return out;
                }, Named.as("brand-hours-by-set"))
                // Named as the repartition groupByKey made before, so an upgraded app keeps its topic
                // (PipelineTest.theInternalTopicsAreThoseOfEarlierReleases); groupByKey then repartitions no more.
                .repartition(Repartitioned.with(Serdes.String(), InternalFormat.brandWindowSerde()).withName("set-hours"))
                .processValues(quiet.passThrough(), Named.as("commit-set-hours-when-quiet"))
                .groupByKey(Grouped.with("set-hours", Serdes.String(), InternalFormat.brandWindowSerde()))
                .aggregate(SetWindows::new, (key, window, latest) -> latest.with(window, excludeSuspects),
                        Named.as("aggregate-share-of-voice"),
                        Materialized.<String, SetWindows, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(SHARE_OF_VOICE_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(StreamsJson.serde(SetWindows.class)))
                .toStream(Named.as("share-of-voice-updates"))
                .mapValues((key, latest) -> {
                    String set = keys.id(key);
                    return latest.shareOfVoice(set, classifier.get().brands().competitorSet(set));
                }, Named.as("compute-share-of-voice"));
    }

    /**
     * The latest hourly totals and sentiment counts of each brand of one competitor set in one window.
     * Stored as JSON; a value stored before sentiment existed reads with no counts.
     */
    public record SetWindows(Instant windowStart, Instant windowEnd, Map<String, Counts> brands,
                             Map<String, SentimentCounts> sentiment) {
        public SetWindows {
            sentiment = sentiment == null ? Map.of() : sentiment;
        }

        public SetWindows() {
            this(null, null, Map.of(), Map.of());
        }

        /**
         * The set's share of voice in this window: every member of the set in the set's order, those
         * without mentions at zero. What the topic publishes and the query API answers alike.
         */
        public ShareOfVoice shareOfVoice(String set, CompetitorSet members) {
            List<String> brands = members == null ? brands().keySet().stream().sorted().toList() : members.brands();
            return ShareOfVoice.of(set, brands, windowStart, windowEnd, brands(), sentiment());
        }

        /** With the brand's latest window; its suspect pairs left out when {@code excludeSuspects}. */
        SetWindows with(BrandWindow window, boolean excludeSuspects) {
            Map<String, Counts> next = new HashMap<>(brands);
            next.put(window.brand(), excludeSuspects ? window.credible() : window.totals());
            Map<String, SentimentCounts> nextSentiment = new HashMap<>(sentiment);
            nextSentiment.put(window.brand(), window.sentiment());
            return new SetWindows(window.windowStart(), window.windowEnd(), next, nextSentiment);
        }
    }

    /** Kafka Streams settings: exactly once, bounded RocksDB memory, Earshot's own over the user's. */
    public static Properties streamsProperties(PipelineConfig config) {
        Properties p = new Properties();
        p.putAll(config.kafka());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        p.put(BoundedRocksDb.MEMORY_BYTES, config.rocksDbMemoryBytes());
        // The topology has no global stores; this answers Kafka Streams' start-up warning the way 5.0
        // will behave by default. The partition assignor reads its own StreamsConfig from the main
        // consumer's settings and asks again, so they carry the answer too.
        p.putIfAbsent("processing.exception.handler.global.enabled", true);
        p.putIfAbsent(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true);
        // Consumers of the output topics read with read_committed: only committed updates are seen.
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
        // Kafka Streams holds up to this many fetched records per partition before it pauses the
        // partition, counted in records, not bytes. A minute partial carries its pairs (up to
        // BatchClassifier.PUBLISHED_BYTES), so at the default 1,000 the partials queued on
        // mentions-by-brand could hold hundreds of MB (at 512 KiB partials, 100 MB midway through a
        // 1,000,000-mention drain); 100 bounds them to a few MB a partition. A drain of 1,000,000 at
        // 100 against 1,000 (512 KiB partials, one run each): 14,784 against 13,228 mentions/s.
        p.putIfAbsent(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 100);
        // A commit under exactly-once ends a transaction and waits for it; at Kafka Streams' 100 ms the
        // stream thread spent most of its time waiting. One second: 5,500 against 4,300 mentions/s in
        // the drain benchmark (100,000 mentions, 1 thread; README). Output is visible a second later.
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // The record caches (statestore.cache.max.bytes) stay at Kafka's 10 MiB, on measurement: the
        // classification buffer and the spike state rely on them (without them, 9,112 against 9,976
        // mentions/s at 200,000), and 64 MiB gained nothing (two alternated pairs, 9,109 and 7,901
        // against 11,278 and 8,694/s; docs/benchmarks/drain-history.md, eleventh session).
        // Waiting for data on every input partition of a task orders a join's or a merge's inputs by
        // time; every task here reads one partition (PipelineTest.everyTaskReadsOnePartition), so the
        // wait orders nothing. At Kafka's default of 0, Kafka Streams 4.3 still formats a log line for
        // each empty partition each time it asks whether a task can process, which took 3-4% of the
        // stream thread in a drain profile; disabled, the drain benchmark (200,000, 1 thread, two runs
        // each, alternated) gave 9,193 and 9,032 mentions/s against 8,372 and 7,647.
        p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Kafka Streams 4.3 sleeps retry.backoff.ms after each internal topic it creates, not once per
        // round (KAFKA-21033): at the client default of 100 ms a first start waited 1.2 s for this
        // topology's 20-odd changelog and repartition topics, then 0.3 s at 20 ms (the drain benchmark
        // was running 2.3 s after start against 3.0 s). The partition assignor, which creates them, reads
        // its settings from the main consumer's, so the main consumer's backoff is the one set; it is the
        // first of a doubling backoff (up to retry.backoff.max.ms, 1 s), and the other clients keep 100 ms.
        p.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG), 20);
        // Every start, and every task that moves, restores its stores through the restore consumer; a
        // changelog with nothing left to read still waits for a fetch the broker holds up to
        // fetch.max.wait.ms (500 ms by default) before it answers empty, once for each group of tasks
        // the state updater takes. At 100 ms the drain benchmark's app ran 1.2-1.6 s after start
        // against 1.9-2.8 s (2,000 mentions, three rounds, runs alternated); a changelog with records
        // to restore is answered as soon as they are there either way.
        p.putIfAbsent(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100);
        // Compressed, the records Earshot writes (JSON and its own compact records alike) take about a
        // quarter of the bytes on the broker's disk and network: mentions.raw written with lz4 held 22.5
        // MB after a drain of 200,000, the copy's uncompressed output of the same records 83 MB. On one
        // local broker it costs no measurable rate: uncompressed producer batches drained 11,204 and
        // 11,400 mentions/s against 10,924 and 11,215 with lz4 (200,000, one thread, alternated;
        // docs/benchmarks/drain-history.md, where two earlier trials found the same).
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // A crashed instance's partitions move after the session timeout: 10 s rather than 45.
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        return p;
    }
}
