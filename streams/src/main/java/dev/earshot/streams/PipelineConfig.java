package dev.earshot.streams;

import dev.earshot.model.Settings;
import dev.earshot.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the streams app, from a properties file ({@code --config}) with environment
 * overrides (see {@link Settings}); command-line options override both.
 *
 * @param applicationId      Kafka Streams application id; instances sharing it split the work
 *                           ({@code application.id}, default {@code earshot})
 * @param bootstrapServers   Kafka brokers ({@code bootstrap.servers}, default {@code 127.0.0.1:9092})
 * @param topics             topic names ({@code topic.prefix})
 * @param kafka              further Kafka client and Streams settings ({@code kafka.*})
 * @param stateDir           where state stores live ({@code state.dir}, default {@code .earshot/state})
 * @param dedupeRetention    how long a mention id is remembered to drop repeats ({@code dedupe.retention}, 24h)
 * @param minuteGrace        how late a record may be for its one-minute window ({@code window.1m.grace},
 *                           default {@code window.grace})
 * @param hourGrace          how late a record may be for its one-hour window ({@code window.1h.grace},
 *                           default {@code window.grace})
 * @param spikes             feedback-spike detection ({@code spike.*})
 * @param themes             how hourly themes are ranked ({@code themes.*})
 * @param copies             how copies are told from originals ({@code copies.*})
 * @param suspects           which pairs are suspect, and whether they are left out of spikes and share of
 *                           voice ({@code suspect.*})
 * @param partitions         partitions of topics the app creates ({@code topic.partitions}, 3)
 * @param replicationFactor  replication factor of topics the app creates ({@code topic.replication.factor}, 1)
 * @param rocksDbMemoryBytes memory all RocksDB stores of an instance share, block cache and write
 *                           buffers together ({@code rocksdb.memory.bytes}, 64 MiB)
 * @param threads            stream threads ({@code threads}, default the number of cores; see {@link #DEFAULT_THREADS})
 * @param classifyBatchSize  mentions classified together at most ({@code classify.batch.size}, 2000)
 * @param classifyBatchWait  how long the first mention of a batch waits for the rest ({@code classify.batch.max.wait},
 *                           100ms; up to a quarter more, as it is checked four times per wait)
 * @param commitWhenQuiet    how long a task's input and the instance's mentions must have been quiet before
 *                           the task asks for a commit ahead of the commit interval ({@code commit.when.quiet},
 *                           100ms; 0 waits for the interval; see {@link QuietCommits})
 * @param classifierModel    a feedback model written by {@code earshot train} ({@code classifier.model}),
 *                           reloaded when it changes as the brand and rule files are; null for rules alone
 * @param topicPolicies      cleanup, retention and timestamp type of each topic the app creates, by
 *                           topic name ({@code topic.<kind>.retention}, {@code topic.<kind>.cleanup.policy},
 *                           {@code topic.timestamp.type}; see {@link TopicPolicy})
 */
public record PipelineConfig(
        String applicationId,
        String bootstrapServers,
        Topics topics,
        Map<String, String> kafka,
        Path stateDir,
        Duration dedupeRetention,
        Duration minuteGrace,
        Duration hourGrace,
        SpikeSettings spikes,
        ThemeSettings themes,
        CopySettings copies,
        SuspectSettings suspects,
        int partitions,
        short replicationFactor,
        long rocksDbMemoryBytes,
        int threads,
        int classifyBatchSize,
        Duration classifyBatchWait,
        Duration commitWhenQuiet,
        Path classifierModel,
        Map<String, TopicPolicy> topicPolicies) {

    /**
     * The default grace of both window sizes. A backfill fed at full speed into several partitions
     * reaches the per-brand aggregation with event time jumping back by up to the span being replayed
     * (each input partition runs at its own pace), so the grace must cover that span for nothing to be
     * dropped: 24 hours covers any replay of up to a day without tuning. Windows are emitted on every
     * update, so a long grace delays no output; it costs store space (see the README).
     */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    /**
     * A stream thread per core: where the broker runs elsewhere, the cores are the app's. In the drain
     * benchmark on 2 cores that also run the broker, 2 threads drained 200,000 mentions at
     * 8,400-11,600/s and 1 thread at 10,000-11,700/s (the broker needs the other core), so the demo,
     * which runs its broker in-process, sets 1.
     */
    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();

    public PipelineConfig {
        // Ids are filed under periods one retention long (DedupeProcessor): there must be a period.
        if (dedupeRetention.toMillis() < 1) {
            throw new IllegalArgumentException("dedupe.retention must be at least 1ms, was " + dedupeRetention);
        }
        kafka = Map.copyOf(kafka);
        for (var owned : OWN_SETTINGS.entrySet()) {
            if (kafka.containsKey(owned.getKey())) {
                throw new IllegalArgumentException("kafka." + owned.getKey() + " is Earshot's to set and would be overridden: "
                        + owned.getValue());
            }
        }
        topicPolicies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(topicPolicies));
    }

    /**
     * The Kafka Streams settings the app sets itself, whatever {@code kafka.*} says, and what to set
     * instead: accepted, a {@code kafka.} one would be overridden without a word.
     */
    static final Map<String, String> OWN_SETTINGS = Map.of(
            "application.id", "use application.id",
            "bootstrap.servers", "use bootstrap.servers",
            "processing.guarantee", "the app runs exactly_once_v2 and nothing else",
            "state.dir", "use state.dir",
            "num.stream.threads", "use threads",
            "rocksdb.config.setter", "use rocksdb.memory.bytes for the stores' memory");

    public static PipelineConfig from(Settings s) {
        Duration grace = s.getDuration("window.grace", DEFAULT_GRACE);
        Topics topics = new Topics(s.get("topic.prefix", ""));
        return new PipelineConfig(
                s.get("application.id", "earshot"),
                s.get("bootstrap.servers", "127.0.0.1:9092"),
                topics,
                s.withPrefix("kafka."),
                Path.of(s.get("state.dir", ".earshot/state")),
                s.getDuration("dedupe.retention", Duration.ofHours(24)),
                s.getDuration("window.1m.grace", grace),
                s.getDuration("window.1h.grace", grace),
                new SpikeSettings(
                        s.getDuration("spike.window", SpikeSettings.DEFAULT.window()),
                        s.getDouble("spike.alpha", SpikeSettings.DEFAULT.alpha()),
                        s.getDouble("spike.k", SpikeSettings.DEFAULT.k()),
                        s.getLong("spike.min.count", SpikeSettings.DEFAULT.minCount()),
                        s.getInt("spike.warmup.windows", SpikeSettings.DEFAULT.warmup()),
                        s.getDuration("spike.cooldown", SpikeSettings.DEFAULT.cooldown()),
                        s.getBoolean("spike.negative.sentiment", SpikeSettings.DEFAULT.negativeSentiment()),
                        s.getDuration("spike.grace", SpikeSettings.DEFAULT.grace()),
                        s.getDuration("spike.grace.quiet", SpikeSettings.DEFAULT.graceQuiet())),
                new ThemeSettings(
                        s.getDuration("themes.baseline", ThemeSettings.DEFAULT.baseline()),
                        s.getInt("themes.top", ThemeSettings.DEFAULT.top()),
                        s.getLong("themes.min.mentions", ThemeSettings.DEFAULT.minMentions()),
                        s.getDouble("themes.min.share", ThemeSettings.DEFAULT.minShare())),
                new CopySettings(
                        s.getInt("copies.clusters", CopySettings.DEFAULT.clusters()),
                        s.getDouble("copies.similarity", CopySettings.DEFAULT.similarity())),
                new SuspectSettings(
                        s.getInt("suspect.author-per-hour", SuspectSettings.DEFAULT.authorPerHour()),
                        s.getInt("suspect.links", SuspectSettings.DEFAULT.links()),
                        s.getInt("suspect.hashtags", SuspectSettings.DEFAULT.hashtags()),
                        s.getDouble("suspect.hashtag-share", SuspectSettings.DEFAULT.hashtagShare()),
                        s.getInt("suspect.copies-per-minute", SuspectSettings.DEFAULT.copiesPerMinute()),
                        s.getBoolean("suspect.exclude", SuspectSettings.DEFAULT.exclude())),
                s.getInt("topic.partitions", 3),
                (short) s.getInt("topic.replication.factor", 1),
                s.getLong("rocksdb.memory.bytes", 64L << 20),
                s.getInt("threads", DEFAULT_THREADS),
                s.getInt("classify.batch.size", 2_000),
                s.getDuration("classify.batch.max.wait", Duration.ofMillis(100)),
                s.getDuration("commit.when.quiet", Duration.ofMillis(100)),
                s.getPath("classifier.model"),
                TopicPolicy.from(s, topics));
    }

    public static PipelineConfig defaults() {
        return from(Settings.of(Map.of()));
    }

    /** Kafka client settings: the bootstrap servers plus every {@code kafka.*} setting. */
    public Map<String, Object> clientSettings() {
        Map<String, Object> settings = new java.util.HashMap<>(kafka);
        settings.put("bootstrap.servers", bootstrapServers);
        return settings;
    }

    public PipelineConfig withBootstrapServers(String servers) {
        return servers == null ? this : new PipelineConfig(applicationId, servers, topics, kafka, stateDir, dedupeRetention,
                minuteGrace, hourGrace, spikes, themes, copies, suspects, partitions, replicationFactor, rocksDbMemoryBytes, threads,
                classifyBatchSize, classifyBatchWait, commitWhenQuiet, classifierModel, topicPolicies);
    }

    public PipelineConfig withStateDir(Path dir) {
        return dir == null ? this : new PipelineConfig(applicationId, bootstrapServers, topics, kafka, dir, dedupeRetention,
                minuteGrace, hourGrace, spikes, themes, copies, suspects, partitions, replicationFactor, rocksDbMemoryBytes, threads,
                classifyBatchSize, classifyBatchWait, commitWhenQuiet, classifierModel, topicPolicies);
    }

    public PipelineConfig withClassifierModel(Path model) {
        return model == null ? this : new PipelineConfig(applicationId, bootstrapServers, topics, kafka, stateDir,
                dedupeRetention, minuteGrace, hourGrace, spikes, themes, copies, suspects, partitions, replicationFactor, rocksDbMemoryBytes,
                threads, classifyBatchSize, classifyBatchWait, commitWhenQuiet, model, topicPolicies);
    }
}
