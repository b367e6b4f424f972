package dev.earshot.streams;

import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.ConfigException;
import dev.earshot.classifier.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline: creates its topics if missing, starts Kafka Streams, reloads the brand and rule
 * files when they change (a broken edit is rejected and the rules in force stay), and stops cleanly.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final PipelineConfig config;
    private final Path brandFile;
    private final Path ruleFile;
    private final ClassifierSettings settings;
    private final ClassifierHolder classifier;
    private final PipelineCounters counters = new PipelineCounters();
    private final dev.earshot.edge.EdgeMetrics metrics = new dev.earshot.edge.EdgeMetrics();
    private final KafkaStreams streams;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "earshot-config-watch");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Throwable> fatal = new CompletableFuture<>();
    /** Stream threads lost to a store this process holds open; the app stops at {@link #HELD_LOCK_FAILURES}. */
    private final java.util.concurrent.atomic.AtomicInteger heldLockFailures = new java.util.concurrent.atomic.AtomicInteger();
    static final int HELD_LOCK_FAILURES = 3;
    /** This application's directory under {@code state.dir}, as Kafka Streams names it. */
    private final Path appStateDir;
    private volatile List<FileVersion> loadedVersions;
    /** The wait an edited file must stay as it is through before it is read: one still being written does not. */
    private volatile Settling settling = () -> Thread.sleep(SETTLE.toMillis());
    static final Duration SETTLE = Duration.ofMillis(300);

    /** How the watcher waits for an edited file to settle; tests write to the file in the meantime. */
    interface Settling {
        void await() throws InterruptedException;
    }

    /** A file as the watcher sees it: when it was last written and how long it is (a missing file: 0, -1). */
    private record FileVersion(FileTime modified, long size) {
    }

    public StreamsApp(PipelineConfig config, Path brandFile, Path ruleFile, ClassifierSettings settings,
                      Map<String, Object> extraStreamsProperties) throws ConfigException {
        this.config = config;
        this.brandFile = brandFile;
        this.ruleFile = ruleFile;
        this.settings = settings;
        this.loadedVersions = versions();
        this.classifier = new ClassifierHolder(load());
        var props = Pipeline.streamsProperties(config);
        props.putAll(extraStreamsProperties);
        this.streams = new KafkaStreams(Pipeline.build(config, classifier, counters), props);
        this.appStateDir = Path.of(String.valueOf(props.get(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG)),
                String.valueOf(props.get(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG)));
        // Kafka Streams' metrics include those of its producers, consumers and admin client.
        metrics.bind(counters).bind(new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams));
        streams.setGlobalStateRestoreListener(new org.apache.kafka.streams.processor.StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                if (end > start) {
                    log.info("restoring {} from {}: {} records", store, partition, end - start);
                }
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd,
                                        long restored) {
                counters.restored.addAndGet(restored);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            if (kafkaRefusal(e) != null) {
                // A new thread would be refused the same way, forever: stop and say so instead.
                log.error("Kafka refused the streams app ({}); stopping until its credentials or ACLs are fixed", e.getMessage());
                log.debug("refusal", e);
                fatal.complete(e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            if (heldStoreLock(e) && heldLockFailures.incrementAndGet() >= HELD_LOCK_FAILURES) {
                // RocksDB keeps a store's lock for the life of the process once a failed open leaks it:
                // every new thread fails on the same store, and its task never runs again. Only a new
                // process frees it; exiting lets the supervisor start one (the first failures are
                // retried, in case the store was only still being closed).
                log.error("stream thread failed on a state store this process still holds open; stopping", e);
                fatal.complete(new IllegalStateException("a state store under " + appStateDir + " is held open by this "
                        + "process, and no new stream thread can open it. Restart the process: it rebuilds the local "
                        + "state from the changelogs.", e));
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            log.error("stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    private Classifier load() throws ConfigException {
        Classifier loaded = Classifier.load(brandFile, ruleFile, config.classifierModel(), settings);
        if (loaded.brands().size() == 0) {
            // Every figure is a brand's, so a classifier of no brands would count nothing; on a reload
            // it is most likely a file caught half-written, and the brands in force stay.
            loaded.close();
            throw new ConfigException(List.of(loaded.brands().noBrands(brandFile.toString())));
        }
        return loaded;
    }

    /**
     * Creates the topics that are missing, with the configured partitions and replication and each
     * topic's {@link TopicPolicy}; reports once, with the command that fixes it, every existing topic
     * whose settings differ from the policy (it is left as it is: an operator may have chosen them).
     *
     * @return the warnings about existing topics, as logged
     */
    public static List<String> createTopics(PipelineConfig config, Map<String, Object> adminSettings) throws InterruptedException {
        try (Admin admin = Admin.create(adminSettings)) {
            return createTopics(config, admin, admin.listTopics().names().get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.bootstrapServers() + " did not answer within 30 s", e);
        }
    }

    /**
     * Creates what {@code listed} lacks. A topic created in between by another instance (several started
     * together) or by the broker itself (a producer writing first) is taken as existing: checked against
     * the policy and waited for like the rest, where one such topic used to end the whole step early.
     */
    static List<String> createTopics(PipelineConfig config, Admin admin, Set<String> listed) throws InterruptedException {
        try {
            Set<String> existing = new java.util.HashSet<>(listed);
            List<NewTopic> missing = new ArrayList<>();
            for (var policy : config.topicPolicies().entrySet()) {
                if (!existing.contains(policy.getKey())) {
                    missing.add(new NewTopic(policy.getKey(), config.partitions(), config.replicationFactor())
                            .configs(policy.getValue().configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey() + ": " + e.getCause().getMessage(),
                                e.getCause());
                    }
                    existing.add(result.getKey());
                }
            }
            if (!created.isEmpty()) {
                log.info("created topics {}", created);
            }
            Map<String, Map<String, String>> expected = new LinkedHashMap<>();
            config.topicPolicies().forEach((topic, policy) -> {
                if (existing.contains(topic)) {
                    expected.put(topic, policy.configs());
                }
            });
            for (String store : Pipeline.WINDOW_STORES) {
                String changelog = config.applicationId() + "-" + store + "-changelog";
                if (existing.contains(changelog)) {
                    expected.put(changelog, Pipeline.WINDOW_CHANGELOG_CONFIG);
                }
            }
            for (String store : List.of(BatchClassifier.STORE, SpikeProcessor.HELD_STORE)) {
                String changelog = config.applicationId() + "-" + store + "-changelog";
                if (existing.contains(changelog)) {
                    // Both stores' keys are put once and deleted, and a restore from a checkpoint must find
                    // the tombstones. Kafka Streams sets a changelog's settings when it creates it only: the
                    // classification changelog's, made by an earlier release, drops them 10 minutes on, and an
                    // operator may change either; the warning says how to set them back.
                    expected.put(changelog, Map.of("delete.retention.ms", Pipeline.BUFFER_CHANGELOG_CONFIG.get("delete.retention.ms")));
                }
            }
            List<String> warnings = new ArrayList<>(reportPolicyDifferences(admin, expected, config.bootstrapServers()));
            warnings.addAll(reportShapeDifferences(admin, config, config.topicPolicies().keySet().stream()
                    .filter(existing::contains).toList()));
            awaitLeaders(admin, config.topics().all(), config.bootstrapServers());
            return warnings;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.bootstrapServers() + " did not answer within 30 s", e);
        }
    }

    /**
     * One warning per existing topic with fewer partitions than {@code topic.partitions} (a
     * {@code mentions.raw} the broker made with its one partition when a producer wrote first runs the
     * first stages as one task, however many instances run) or a lower replication factor.
     */
    private static List<String> reportShapeDifferences(Admin admin, PipelineConfig config, List<String> topics)
            throws InterruptedException, TimeoutException {
        List<String> warnings = new ArrayList<>();
        if (topics.isEmpty()) {
            return warnings;
        }
        for (var described : admin.describeTopics(topics).topicNameValues().entrySet()) {
            org.apache.kafka.clients.admin.TopicDescription d;
            try {
                d = described.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                log.info("could not describe topic {} ({})", described.getKey(), e.getCause().getMessage());
                continue;
            }
            int partitions = d.partitions().size();
            int replicas = d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            if (partitions < config.partitions()) {
                warnings.add(String.format("topic %s has %d partition%s where topic.partitions is %d: at most %d instance%s share "
                                + "its work. To add partitions: kafka-topics.sh --bootstrap-server %s --alter --topic %s --partitions %d"
                                + " (keys then move to other partitions: do it before the first start, or with the pipeline stopped)",
                        d.name(), partitions, partitions == 1 ? "" : "s", config.partitions(), partitions, partitions == 1 ? "" : "s",
                        config.bootstrapServers(), d.name(), config.partitions()));
            }
            if (replicas < config.replicationFactor()) {
                warnings.add(String.format("topic %s has %d replica%s where topic.replication.factor is %d: a broker lost loses "
                                + "its partitions. kafka-reassign-partitions.sh raises it", d.name(), replicas, replicas == 1 ? "" : "s",
                        config.replicationFactor()));
            }
        }
        warnings.forEach(log::warn);
        return warnings;
    }

    /** One warning per existing topic whose settings are not {@code expected}'s, naming the fix. */
    private static List<String> reportPolicyDifferences(Admin admin, Map<String, Map<String, String>> expected, String bootstrap)
            throws InterruptedException, TimeoutException {
        List<String> warnings = new ArrayList<>();
        if (expected.isEmpty()) {
            return warnings;
        }
        var described = admin.describeConfigs(expected.keySet().stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).values();
        for (var topicAndPolicy : expected.entrySet()) {
            String topic = topicAndPolicy.getKey();
            Map<String, String> wanted = topicAndPolicy.getValue();
            Config config;
            try {
                config = described.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ex) {
                // Checking is a courtesy: without DescribeConfigs rights on a topic the app still runs.
                log.info("could not check the settings of topic {} ({}); see the README's topic table for Earshot's policy",
                        topic, ex instanceof ExecutionException ? ex.getCause().getMessage() : "no answer in 30 s");
                continue;
            }
            java.util.function.Function<String, String> value = key -> {
                ConfigEntry entry = config.get(key);
                return entry == null ? null : entry.value();
            };
            Map<String, String> differ = TopicPolicy.differences(wanted, value);
            if (!differ.isEmpty()) {
                List<String> found = new ArrayList<>();
                differ.keySet().forEach(k -> found.add(k + "=" + (value.apply(k) == null ? "unset" : value.apply(k))));
                String warning = String.format("topic %s has %s where Earshot's policy is %s: %s. To apply it: kafka-configs.sh "
                                + "--bootstrap-server %s --alter --entity-type topics --entity-name %s --add-config %s",
                        topic, String.join(", ", found), differ, TopicPolicy.consequence(differ), bootstrap, topic,
                        differ.entrySet().stream().map(e -> e.getValue().contains(",")
                                ? e.getKey() + "=[" + e.getValue() + "]" : e.getKey() + "=" + e.getValue())
                                .collect(java.util.stream.Collectors.joining(",")));
                log.warn(warning);
                warnings.add(warning);
            }
        }
        return warnings;
    }

    /**
     * Waits until every partition's leader serves requests. The controller answers createTopics
     * before the brokers have caught up, and an idempotent producer that writes in that gap can strand
     * its first batch in an endless OUT_OF_ORDER_SEQUENCE retry (KAFKA-14359): the first request
     * fails retriably, a later one succeeds, and the retry of the first never can. Metadata naming a
     * leader is not enough: the leader itself may not have taken the partition over yet, so the
     * leaders are asked for their end offsets, which they answer only once they lead.
     */
    private static void awaitLeaders(Admin admin, List<String> topics, String bootstrap)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready;
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                ready = true;
                for (var topic : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                    for (var p : topic.partitions()) {
                        ready &= p.leader() != null && !p.leader().isEmpty();
                        partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
                    }
                }
                if (ready) {
                    admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka at " + bootstrap + " created the topics but elected no leader within 30 s");
            }
            Thread.sleep(100);
        }
    }

    public void start(Duration reloadInterval) {
        forgetStateOfAKilledRun();
        streams.start();
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, reloadInterval.toMillis(), reloadInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        watcher.scheduleWithFixedDelay(this::reportLateRecords, 10, 10, TimeUnit.SECONDS);
    }

    /**
     * Wipes the local state a killed run left, so that it is restored from the changelogs. Under exactly-once
     * Kafka Streams would wipe most of it anyway (a store open when the process died holds uncommitted
     * writes), but Kafka Streams (4.3.1 and 4.3.2 alike) first opens every store at start-up, and when one
     * segment of a window store fails that check after older ones opened, those stay open for the life of
     * the process and the task can never start ("lock hold by current process"; CI saw it after a SIGKILL).
     * A clean stop leaves
     * {@link #CLEAN_STOP} behind; its absence beside existing state means the last run was killed.
     */
    void forgetStateOfAKilledRun() {
        Path mark = appStateDir.resolve(CLEAN_STOP);
        try {
            if (!Files.exists(mark) && hasTaskState()) {
                log.warn("the last run did not stop cleanly: wiping the local state in {} to restore it from the changelogs",
                        appStateDir);
                streams.cleanUp();
            } else if (Files.exists(mark) && hasTaskState()
                    && Files.getLastModifiedTime(mark).toInstant().isBefore(java.time.Instant.now().minus(LONG_STOP))) {
                // Kept, the state would catch up from its checkpoint by reading the changelogs on from there,
                // and the classification buffer's drops its tombstones a day after compaction: a mention
                // classified while this instance was away could come back and be counted twice.
                log.warn("the last run stopped more than {} hours ago: wiping the local state in {} to restore it from the"
                        + " changelogs", LONG_STOP.toHours(), appStateDir);
                streams.cleanUp();
            }
            // From here a kill must be noticed at the next start, after a power loss too.
            if (Files.deleteIfExists(mark)) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot clear the clean-stop mark in " + appStateDir, e);
        }
    }

    private void forceDirectory() throws IOException {
        try (var dir = java.nio.channels.FileChannel.open(appStateDir, java.nio.file.StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Whether a stop vouches for the state it leaves: only one that closed every store of an app that
     * was running and had not failed.
     */
    static boolean cleanStop(KafkaStreams.State before, boolean closed, KafkaStreams.State after, boolean failed) {
        return closed && !failed && before.isRunningOrRebalancing() && after == KafkaStreams.State.NOT_RUNNING;
    }

    /** The file a clean stop leaves in the application's state directory. */
    static final String CLEAN_STOP = "earshot-clean-stop";
    /**
     * How long a clean stop's state is trusted: half the day for which the classification buffer's
     * changelog keeps its tombstones ({@link Pipeline#BUFFER_CHANGELOG_CONFIG}).
     */
    static final Duration LONG_STOP = Duration.ofHours(12);

    private boolean hasTaskState() throws IOException {
        if (!Files.isDirectory(appStateDir)) {
            return false;
        }
        try (var entries = Files.list(appStateDir)) {
            return entries.anyMatch(Files::isDirectory);
        }
    }

    /** Whether RocksDB refused a store because this very process holds it open. */
    static boolean heldStoreLock(Throwable e) {
        return causeMatching(e, t -> t.getMessage() != null && t.getMessage().contains("lock hold by current process")) != null;
    }

    /** The first of {@code e} and its causes that matches, or null; bounded, as causes may form a loop. */
    private static Throwable causeMatching(Throwable e, java.util.function.Predicate<Throwable> matches) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (matches.test(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Logs what the window aggregations and spike detection dropped as late since the last report: a
     * count and the fix.
     */
    void reportLateRecords() {
        counters.lateRecordReport(config).forEach(log::warn);
    }

    /**
     * Rebuilds the classifier when the brand, rule or model files changed; keeps the old one if the new
     * is broken. A file is read once it has stayed as it is for {@link #SETTLE}: an editor or {@code scp}
     * caught halfway through a write leaves a file that may well parse (40 of 50 brands), and it would
     * be in force until the next edit. Its version is its time and size both, so a file finished within
     * the same tick of the clock as its first half is still seen to change; and it is recorded only once
     * the files read are still as they were, so an edit made during the read is read at the next poll.
     */
    void reloadIfChanged() {
        List<FileVersion> now = null;
        try {
            now = versions();
            if (now.equals(loadedVersions)) {
                return;
            }
            settling.await();
            if (!now.equals(versions())) {
                return; // still being written: read at a later poll
            }
            try {
                Classifier next = load();
                classifier.swap(next); // the old one is closed once no batch is classifying with it
                log.info("reloaded brands, rules and models: {} brands, {} rules, {}, {}, {}", next.brands().size(), next.rules().size(),
                        next.model() == null ? "no feedback model" : "a feedback model of " + next.model().featureCount() + " features",
                        next.sentimentModel() == null ? "no sentiment model"
                                : "a sentiment model of " + next.sentimentModel().featureCount() + " features",
                        next.rules().precedence() == null ? "categories in the default order"
                                : "categories in the rule file's order " + next.rules().precedenceText());
            } catch (ConfigException | RuntimeException e) {
                log.error("rejected the edited brand, rule or model file; the previous ones stay in force:\n{}", e.getMessage());
            }
            if (now.equals(versions())) {
                loadedVersions = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (Throwable e) {
            // Thrown out of a scheduled task, it would cancel every later run without a word: hot reload
            // would be over until a restart. An OutOfMemoryError building the new classifier beside the one
            // in force, or a StackOverflowError parsing a rule nested thousands deep, is logged instead.
            log.error("reloading the brand, rule or model files failed; the previous ones stay in force", e);
            if (now != null && now.equals(versions())) {
                loadedVersions = now; // tried once: read again when the files change, not at every poll
            }
        }
    }

    /** For tests: what happens while an edited file settles. */
    void settleWith(Settling s) {
        this.settling = s;
    }

    private List<FileVersion> versions() {
        List<FileVersion> versions = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(brandFile));
        if (ruleFile != null) {
            files.add(ruleFile);
        }
        if (config.classifierModel() != null) {
            files.add(config.classifierModel());
        }
        if (settings.sentimentModel() != null) {
            files.add(settings.sentimentModel());
        }
        for (Path p : files) {
            try {
                versions.add(new FileVersion(Files.getLastModifiedTime(p), Files.size(p)));
            } catch (IOException e) {
                versions.add(new FileVersion(FileTime.fromMillis(0), -1));
            }
        }
        return versions;
    }

    /**
     * Completes with the failure when the app stopped itself because no new stream thread could get
     * past it: Kafka refused it (a failed login or a missing ACL), or a state store is held open by
     * this process.
     */
    public CompletableFuture<Throwable> fatal() {
        return fatal;
    }

    /**
     * The failed login or missing ACL among {@code e}'s causes, or null: the refusals that no retry
     * mends, which the command line also explains to its users.
     */
    public static Throwable kafkaRefusal(Throwable e) {
        return causeMatching(e, t -> t instanceof AuthenticationException || t instanceof AuthorizationException);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The process's metrics: JVM, Kafka Streams and its clients, Earshot's counters. */
    public dev.earshot.edge.EdgeMetrics metrics() {
        return metrics;
    }

    public PipelineCounters counters() {
        return counters;
    }

    public ClassifierHolder classifier() {
        return classifier;
    }

    public PipelineConfig config() {
        return config;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        // Leave the group on the way out: the next start (or the other instances) takes the partitions
        // over at once instead of after the session timeout.
        KafkaStreams.State before = streams.state();
        boolean closed = streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (cleanStop(before, closed, streams.state(), fatal.isDone()) && Files.isDirectory(appStateDir)) {
            try {
                // Its presence is the mark (the time is for people), made durable with the directory.
                Files.writeString(appStateDir.resolve(CLEAN_STOP), java.time.Instant.now() + "\n");
                forceDirectory();
            } catch (IOException e) {
                log.warn("could not mark the clean stop in {}; the next start restores the state from the changelogs",
                        appStateDir, e);
            }
        }
        reportLateRecords(); // what was dropped since the last report, shutdown included
        try {
            // A reload under way ends first; one that ends later still closes what it built (ClassifierHolder.swap).
            watcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        classifier.close();
        metrics.close();
    }
}
