package dev.earshot.streams.bench;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.ingest.MentionGenerator;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.kafka.local.LocalKafkaBroker;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import dev.earshot.streams.PipelineConfig;
import dev.earshot.streams.PipelineCounters;
import dev.earshot.streams.StageOneTrial;
import dev.earshot.streams.StreamsApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Mentions per second through the whole streams app to its aggregates, beside a plain exactly-once
 * copy of the same records from one topic to another, both on the same local broker in the same run.
 * Time is measured from start until the app's consumer group has committed the whole input and its
 * repartition topics to their end. Every ten seconds it prints the rate so far, which shows whether
 * the rate falls as state grows. It prints when the app was running (group joined, stores open; the
 * first app's first time) and, at the end of each run, the CPU time its stream threads, producers
 * and the broker took, and on Linux that of the JIT's compiler threads, the garbage collector's and
 * RocksDB's, beside the JIT compilers' elapsed time; and how many batches Earshot classified, whose
 * average far below {@code classify.batch.size} means its batches closed on their wait.
 *
 * <p>Run: {@code mvn -Pbench-streams -pl streams -am verify -DskipTests -DskipITs} ({@code -Dmentions=N};
 * both apps use the same commit interval, {@code -DcommitMs=1000} by default as Earshot does, unless
 * {@code -DcopyCommitMs} gives the copy another, such as Kafka Streams' own exactly-once default of 100;
 * {@code -Dthreads} the stream threads, {@code -Dinstances} how many apps share the work in this JVM,
 * {@code -Drounds} how many times both run, each on fresh application ids and state;
 * {@code -DbenchSettings=k=v,…} Earshot's settings and {@code -DbenchKafka=k=v,…} Kafka's for the pipeline;
 * {@code -DtwoStageTrial=true} times {@link TwoStageTrial}, the frame of another design, in Earshot's place, and
 * {@code -DstageOneTrial=true} {@link StageOneTrial}, that design with Earshot's batches in it
 * ({@code -DstageOneInStreams=true}: Earshot's own first sub-topology in its place, {@code -DstageOneNoDedupe=true} without
 * finding duplicates);
 * {@code -Dforked=true} runs the copy and Earshot each in a JVM of its own, {@link Forked}).
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty(Forked.ROLE) != null) {
            Forked.child();
            return;
        }
        int count = Integer.getInteger("mentions", 200_000);
        if (Boolean.getBoolean("forked") && (Boolean.getBoolean("twoStageTrial") || Boolean.getBoolean("stageOneTrial"))) {
            throw new IllegalArgumentException("-Dforked=true times the copy and Earshot; the trials run in one JVM only");
        }
        Path dir = Files.createTempDirectory("earshot-bench-");
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().dataDir(dir.resolve("kafka")).start()) {
            String bootstrap = broker.bootstrapServers();
            // The app's defaults but for the stream threads (-Dthreads) and the commit interval (-DcommitMs,
            // the copy's too unless -DcopyCommitMs); -DbenchKafka=producer.linger.ms=20,… and -DbenchSettings=classify.batch.max.wait=250ms,…
            // try other Kafka and Earshot settings on the pipeline.
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "threads", System.getProperty("threads", String.valueOf(PipelineConfig.DEFAULT_THREADS)),
                    "kafka.commit.interval.ms", System.getProperty("commitMs", "1000")));
            for (String pair : System.getProperty("kafka", "").split(",")) {
                if (pair.contains("=")) {
                    settings.put("kafka." + pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            for (String pair : System.getProperty("settings", "").split(",")) {
                if (pair.contains("=")) {
                    settings.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            settings.putAll(Map.of("bootstrap.servers", bootstrap,
                    "application.id", "earshot-bench", "state.dir", dir.resolve("state").toString()));
            PipelineConfig config = PipelineConfig.from(Settings.of(settings));
            StreamsApp.createTopics(config, Map.of("bootstrap.servers", bootstrap));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("bench.copy", config.partitions(), (short) 1))).all().get();
            }
            Path brands = dir.resolve("brands.yaml");
            Files.writeString(brands, """
                    brands:
                      - {id: lumora, keywords: [lumora], handles: ["@lumoraphones"], domains: [lumora.com]}
                      - {id: vantor, keywords: [vantor], handles: ["@vantor"], domains: [vantor.io]}
                      - {id: brewhaus, keywords: [brewhaus], handles: ["@brewhaus"], domains: [brewhaus.co]}
                    competitorSets:
                      - {id: phones, brands: [lumora, vantor]}
                    """);
            try (MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", bootstrap),
                    config.topics().raw(), MentionCodec.strict())) {
                new MentionGenerator(List.of(
                        new MentionGenerator.BrandName("lumora", "Lumora", "@lumoraphones", "#lumora", "lumora.com"),
                        new MentionGenerator.BrandName("vantor", "Vantor", "@vantor", null, "vantor.io"),
                        new MentionGenerator.BrandName("brewhaus", "Brewhaus", "@brewhaus", null, "brewhaus.co")),
                        11, count, Instant.parse("2026-11-20T00:00:00Z"), 50, null).forEachRemaining(publisher::publish);
                publisher.flush();
            }
            System.out.printf(Locale.ROOT, "[earshot-bench] %,d mentions loaded into %s%n", count, config.topics().raw());

            // -Drounds=2 runs both again on fresh application ids and state: the later rounds meet a JIT
            // already warm from the first, as a long-running app would, which a short drain never does.
            int rounds = Integer.getInteger("rounds", 1);
            for (int round = 1; round <= rounds; round++) {
                String suffix = round == 1 ? "" : "-" + round;
                Map<String, String> roundSettings = new java.util.HashMap<>(settings);
                roundSettings.put("application.id", config.applicationId() + suffix);
                roundSettings.put("state.dir", dir.resolve(round == 1 ? "state" : "state-round" + round).toString());
                boolean forked = Boolean.getBoolean("forked");
                // Forked, every round starts new JVMs: no round meets a warm JIT.
                String label = rounds == 1 ? "" : forked ? " round " + round
                        : round == 1 ? " round 1 (JIT cold)" : " round " + round + " (JIT warm)";
                if (forked) {
                    Forked.measure(roundSettings, "bench-copy" + suffix, dir.resolve("copy-state" + suffix), brands, count, label,
                            dir.resolve("round" + round));
                } else {
                    measure(roundSettings, "bench-copy" + suffix, dir.resolve("copy-state" + suffix),
                            brands, count, label);
                }
            }
        } finally {
            // after the broker has closed: a run leaves some 500 MB of logs and state, and a few runs fill /tmp
            Utils.delete(dir.toFile());
        }
    }

    /** The commit interval of the copy and the trial ({@code -DcommitMs}), Earshot's default unless told. */
    static Duration commitInterval() {
        return Duration.ofMillis(Integer.getInteger("commitMs", 1000));
    }

    /**
     * The settings of a plain Kafka Streams app timed beside Earshot: exactly once, at {@link #commitInterval}
     * (the copy may take another, {@code -DcopyCommitMs}).
     */
    static Properties exactlyOnce(String applicationId, String bootstrap, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval().toMillis());
        return p;
    }

    /** One round: the plain exactly-once copy, then Earshot, on the same input; prints both rates and their ratio. */
    private static void measure(Map<String, String> settings, String copyId, Path copyState, Path brands, int count,
                                String round) throws Exception {
        PipelineConfig config = PipelineConfig.from(Settings.of(settings));
        String bootstrap = config.bootstrapServers();
        double copy = copy(config, copyId, copyState, count);
        if (Boolean.getBoolean("twoStageTrial")) {
            // In place of Earshot, not after it: a run after Earshot would meet the classifier's code
            // compiled already.
            String id = copyId.replace("bench-copy", "trial");
            Map<String, Long> cpuBefore = cpuByRole();
            long compileBefore = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            double trial = TwoStageTrial.run(bootstrap, config.topics().raw(), config.partitions(), brands,
                    copyState.resolveSibling(id + "-state"), count, id, () -> printCpuTime("two-stage trial", cpuBefore, compileBefore));
            System.out.printf(Locale.ROOT, "[earshot-bench]%s plain exactly-once copy: %,.0f records/s; two-stage trial (a plain "
                    + "transactional classify stage, pairs counted per brand and minute by Kafka Streams, a thread each; none of "
                    + "Earshot's other work; -Dthreads, -Dinstances and the settings do not apply): %,.0f mentions/s; ratio %.2f "
                    + "(N %,d)%n", round, copy, trial, trial / copy, count);
            return;
        }
        if (Boolean.getBoolean("stageOneTrial")) {
            // In Earshot's place, for the reason the two-stage trial is.
            stageOneTrial(settings, config, copyId, copyState, brands, count, round, copy);
            return;
        }
        double earshot = earshot(config, brands, count, round);
        printRatio(round, copy, earshot, count, config.threads(), "the broker in the same JVM");
    }

    /**
     * Times {@link StageOneTrial}: Earshot's classifying and adding up in a plain transactional stage (or,
     * {@code -DstageOneInStreams=true}, its first sub-topology in a Kafka Streams app of its own), feeding
     * a whole Earshot app's repartition topics, with the round's settings; prints its ratio to the copy.
     */
    private static void stageOneTrial(Map<String, String> settings, PipelineConfig config, String copyId, Path copyState,
                                      Path brands, int count, String round, double copy) throws Exception {
        String bootstrap = config.bootstrapServers();
        String id = copyId.replace("bench-copy", "stage-trial");
        Map<String, String> trialSettings = new java.util.HashMap<>(settings);
        trialSettings.putAll(Map.of("application.id", id, "topic.prefix", "trial.",
                "state.dir", copyState.resolveSibling(id + "-state").toString()));
        PipelineConfig trialConfig = PipelineConfig.from(Settings.of(trialSettings));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        PipelineCounters stageOne = new PipelineCounters();
        boolean inStreams = Boolean.getBoolean("stageOneInStreams");
        try (StageOneTrial trial = new StageOneTrial(trialConfig, config.topics().raw(), brands, inStreams,
                !Boolean.getBoolean("stageOneNoDedupe"), stageOne);
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<String, Long> cpuBefore = cpuByRole();
            long compileBefore = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long start = System.nanoTime();
            trial.start(failed);
            waitForCommitted(admin, trial.stageOneGroup(), List.of(config.topics().raw()), false, failed::get);
            double inputDone = (System.nanoTime() - start) / 1e9;
            List<String> repartitions = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(id + "-") && t.endsWith("-repartition")).toList();
            waitForCommitted(admin, id, repartitions, true, failed::get);
            double seconds = (System.nanoTime() - start) / 1e9;
            printCpuTime("stage-one trial", cpuBefore, compileBefore);
            System.out.printf(Locale.ROOT, "[earshot-bench]   stage-one trial: input committed after %.1f s, repartition topics "
                    + "after %.1f s; stage one classified %,d mentions in %,d batches%n", inputDone, seconds,
                    stageOne.batchedMentions(), stageOne.batches());
            String what = inStreams ? "Earshot's first sub-topology as a Kafka Streams app of its own"
                    + (Boolean.getBoolean("stageOneNoDedupe") ? ", no duplicates sought" : "")
                    : "Earshot's batches in a plain transactional stage, no duplicates sought";
            System.out.printf(Locale.ROOT, "[earshot-bench]%s plain exactly-once copy: %,.0f records/s; stage-one trial (%s; "
                    + "stage two Earshot's app, stream threads: %d): %,.0f mentions/s to the aggregates; ratio %.2f (N %,d, "
                    + "the broker in the same JVM)%n", round, copy, what, config.threads(), count / seconds, count / seconds / copy,
                    count);
        }
    }

    /** The line a run ends with: both rates and their ratio, and how it was run. */
    static void printRatio(String round, double copy, double earshot, int count, int threads, String where) {
        System.out.printf(Locale.ROOT, "[earshot-bench]%s plain exactly-once copy: %,.0f records/s; Earshot pipeline: %,.0f "
                + "mentions/s to the aggregates; ratio %.2f (N %,d, threads %d, instances %d, %s)%n",
                round, copy, earshot, earshot / copy, count, threads, Integer.getInteger("instances", 1), where);
    }

    /** The plain exactly-once copy of the input to another topic; returns records/s. */
    static double copy(PipelineConfig config, String copyId, Path copyState, int count) throws Exception {
        String bootstrap = config.bootstrapServers();
        return run("plain exactly-once copy", bootstrap, config.topics().raw(), copyId, () -> {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(config.topics().raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to("bench.copy", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            Properties props = exactlyOnce(copyId, bootstrap, copyState);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.getInteger("copyCommitMs", (int) commitInterval().toMillis()));
            KafkaStreams streams = new KafkaStreams(builder.build(), props);
            return new Started(streams, streams::start);
        }, count);
    }

    /** Earshot's streams app, {@code -Dinstances} of it, on the input; returns mentions/s and prints the heap after GC. */
    static double earshot(PipelineConfig config, Path brands, int count, String round) throws Exception {
        String bootstrap = config.bootstrapServers();
        int instances = Integer.getInteger("instances", 1);
        List<StreamsApp> apps = new java.util.ArrayList<>();
        double earshot = run("Earshot pipeline", bootstrap, config.topics().raw(), config.applicationId(), () -> {
            // Further instances join the same application id, each with its own state directory.
            for (int i = 1; i < instances; i++) {
                apps.add(new StreamsApp(config.withStateDir(config.stateDir().resolveSibling(config.stateDir().getFileName() + "-" + i)),
                        brands, null, ClassifierSettings.DEFAULT, Map.of()));
            }
            StreamsApp first = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of());
            apps.add(first);
            // Started as the command line starts it, so the time includes what its start does.
            return new Started(first.streams(), () -> apps.forEach(app -> app.start(Duration.ofHours(1))));
        }, count);
        System.gc();
        long heapMb = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        long batches = apps.stream().mapToLong(app -> app.counters().batches()).sum();
        long batched = apps.stream().mapToLong(app -> app.counters().batchedMentions()).sum();
        apps.forEach(StreamsApp::close);
        System.out.printf(Locale.ROOT, "[earshot-bench]%s Earshot classified %,d mentions in %,d batches (%,.0f on average; "
                + "classify.batch.size %,d)%n", round, batched, batches, batches == 0 ? 0.0 : (double) batched / batches,
                config.classifyBatchSize());
        System.out.printf(Locale.ROOT, "[earshot-bench]%s Earshot pipeline: heap after GC %d MB (%s)%n", round, heapMb,
                System.getProperty(Forked.ROLE) == null ? "with the broker in the same JVM" : "its own JVM");
        return earshot;
    }

    /**
     * CPU time of this JVM's threads so far, in nanoseconds, by what they do: the apps' stream threads,
     * their producers' network threads, the broker, and the rest, with the JVM's own threads and RocksDB's
     * ({@link VmThreads}). On 2 shared cores this tells where a run's time went better than its rate alone does.
     */
    private static Map<String, Long> cpuByRole() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>(VmThreads.INSTANCE.cpuByRole());
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            long cpu = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                String name = info.getThreadName();
                String role = role(name);
                out.merge(role, cpu, Long::sum);
                if (role.equals("stream")) {
                    // each thread too ("stream-2": every instance's second), as the tasks may not share out evenly
                    out.merge("stream-" + name.substring(name.lastIndexOf('-') + 1), cpu, Long::sum);
                }
            }
        }
        return out;
    }

    /**
     * CPU time of the threads the JVM hides from its thread bean (the JIT's compilers, the garbage collector's)
     * and of RocksDB's own, from Linux's per-thread counters; empty elsewhere. On 2 cores a cold run's JIT
     * takes as much CPU as its stream threads, which its elapsed compile time alone does not show. Sampled
     * twice a second, because the JVM stops idle compiler threads and their counters go with them.
     */
    private static final class VmThreads {
        private static final Path TASKS = Path.of("/proc/self/task");
        private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
        static final VmThreads INSTANCE = new VmThreads(); // after the constants its constructor reads
        private final Map<String, String> roles = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, Long> ticks = new java.util.concurrent.ConcurrentHashMap<>();

        private VmThreads() {
            if (Files.isDirectory(TASKS)) {
                Thread sampler = new Thread(() -> {
                    while (true) {
                        sample();
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "bench-vm-thread-sampler");
                sampler.setDaemon(true);
                sampler.start();
            }
        }

        Map<String, Long> cpuByRole() {
            sample();
            Map<String, Long> out = new java.util.TreeMap<>();
            ticks.forEach((task, t) -> out.merge(roles.get(task), t * NANOS_PER_TICK, Long::sum));
            return out;
        }

        private synchronized void sample() {
            try (var tasks = Files.list(TASKS)) {
                tasks.forEach(task -> {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String role = name.contains("CompilerThre") ? "JIT" : name.startsWith("GC Thread") || name.startsWith("G1 ")
                                ? "GC" : name.startsWith("rocksdb:") ? "RocksDB" : null;
                        if (role != null) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            String id = task.getFileName().toString();
                            roles.put(id, role);
                            ticks.merge(id, Long.parseLong(f[11]) + Long.parseLong(f[12]), Math::max);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended between the listing and the read
                    }
                });
            } catch (IOException e) {
                // no per-thread counters here
            }
        }
    }

    private static double delta(Map<String, Long> now, Map<String, Long> before, String role) {
        return (now.getOrDefault(role, 0L) - before.getOrDefault(role, 0L)) / 1e9;
    }

    private static String role(String thread) {
        if (thread.contains("-stage-one")) { // the trials' first stages and their clients' threads
            return thread.contains("producer") ? "producer-io" : "stage-one";
        }
        if (thread.contains("StreamThread")) {
            return thread.contains("producer") ? "producer-io" : "stream";
        }
        // Clients name their threads "kafka-<kind>-thread | <client id>"; the broker's carry no client id.
        boolean broker = thread.startsWith("data-plane") || thread.startsWith("kafka-") && !thread.contains(" | ")
                || thread.contains("Txn") || thread.startsWith("group-coordinator");
        return broker ? "broker" : "other";
    }

    /** The CPU time each role took since {@code cpuBefore}, and the JIT compilers' elapsed time since {@code compileBefore}. */
    private static void printCpuTime(String label, Map<String, Long> cpuBefore, long compileBefore) {
        Map<String, Long> cpuAfter = cpuByRole();
        StringBuilder sb = new StringBuilder();
        cpuAfter.keySet().forEach(role -> sb.append(String.format(Locale.ROOT, " %s %.1f s,", role,
                delta(cpuAfter, cpuBefore, role))));
        System.out.printf(Locale.ROOT, "[earshot-bench]   %s: CPU time%s JIT compiling %.1f s (elapsed, all compiler threads)%n", label, sb,
                (java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileBefore) / 1e3);
    }

    interface StreamsFactory {
        Started create() throws Exception;
    }

    /** An app built but not started, and how to start it. */
    record Started(KafkaStreams streams, Runnable start) {
    }

    /** Starts the app, waits until its group has committed the whole input, returns records/s. */
    private static double run(String label, String bootstrap, String input, String group, StreamsFactory factory, int count)
            throws Exception {
        Started app = factory.create();
        KafkaStreams streams = app.streams();
        Map<String, Long> cpuBefore = cpuByRole();
        long compileBefore = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && running.compareAndSet(false, true)) {
                System.out.printf(Locale.ROOT, "[earshot-bench]   %s: running after %.1f s%n", label, (System.nanoTime() - start) / 1e9);
            }
        });
        app.start().run();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, Long> ends = new java.util.HashMap<>();
            var partitions = admin.describeTopics(List.of(input)).allTopicNames().get().get(input).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(input, p.partition()), OffsetSpec.latest()));
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            long lastReport = System.nanoTime();
            long lastDone = 0;
            Map<String, Long> lastCpu = cpuBefore;
            while (true) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (System.nanoTime() - lastReport >= 10_000_000_000L) {
                    long doneNow = committed.entrySet().stream().filter(e -> ends.containsKey(e.getKey()))
                            .mapToLong(e -> e.getValue().offset()).sum();
                    // The rate over the last ten seconds shows whether it falls as state grows; the JIT's and the
                    // stream threads' CPU beside it, whether the rate is still held back by warming up.
                    Map<String, Long> cpuNow = cpuByRole();
                    System.out.printf(Locale.ROOT, "[earshot-bench]   %s: %,d committed, %,.0f/s over the last %.0f s (CPU: "
                                    + "stream threads %.1f s, JIT %.1f s)%n", label,
                            doneNow, (doneNow - lastDone) / ((System.nanoTime() - lastReport) / 1e9),
                            (System.nanoTime() - lastReport) / 1e9, delta(cpuNow, lastCpu, "stream"), delta(cpuNow, lastCpu, "JIT"));
                    lastCpu = cpuNow;
                    lastDone = doneNow;
                    lastReport = System.nanoTime();
                }
                boolean done = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    break;
                }
                Thread.sleep(100);
            }
            double inputDone = (System.nanoTime() - start) / 1e9;
            waitForRepartitionTopics(admin, group);
            System.out.printf(Locale.ROOT, "[earshot-bench]   %s: input committed after %.1f s, repartition topics after %.1f s%n",
                    label, inputDone, (System.nanoTime() - start) / 1e9);
            printThreadTimes(label, streams);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        printCpuTime(label, cpuBefore, compileBefore);
        if (!label.startsWith("Earshot")) {
            streams.close(Duration.ofSeconds(30));
        }
        System.out.printf(Locale.ROOT, "[earshot-bench] %s: %,d records in %.1f s%n", label, count, seconds);
        return count / seconds;
    }

    /** Where the stream threads' time went, by Kafka Streams' own account, and their commits. */
    private static void printThreadTimes(String label, KafkaStreams streams) {
        Map<String, Double> sums = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Double d && !d.isNaN()
                    && List.of("poll-ratio", "process-ratio", "punctuate-ratio", "commit-ratio", "blocked-time-ns-total",
                    "commit-total", "commit-latency-avg", "commit-latency-max", "poll-total", "poll-latency-avg",
                    "process-total", "punctuate-total", "punctuate-latency-avg").contains(name.name())) {
                sums.merge(name.name(), d, Double::sum);
            }
        });
        System.out.printf(Locale.ROOT, "[earshot-bench]   %s: stream threads %s%n", label, sums);
    }

    /**
     * Waits until the group has also consumed its repartition topics to their end, so the time covers
     * the aggregations and not only reading the input. The ends are read again once reached: the input
     * can be committed while its last mentions still wait in the classification buffer, and what they
     * become reaches the repartition topics only after.
     */
    private static void waitForRepartitionTopics(Admin admin, String group) throws Exception {
        List<String> repartitions = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(group + "-") && t.endsWith("-repartition")).toList();
        if (!repartitions.isEmpty()) {
            waitForCommitted(admin, group, repartitions, true, () -> null);
        }
    }

    /**
     * Waits until the group has committed every partition of the topics to its end, and the ends read
     * again then are still the same.
     *
     * @param transactional whether the topics are written in transactions: their last record is then a
     *                      transaction marker, which a consumer's committed offset may stop before
     * @param failed        what went wrong in the work waited for, or null: checked on each round
     */
    static void waitForCommitted(Admin admin, String group, List<String> topics, boolean transactional,
                                 java.util.function.Supplier<Throwable> failed) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = ends(admin, latest);
        long marker = transactional ? 1 : 0;
        while (true) {
            Throwable failure = failed.get();
            if (failure != null) {
                throw new IllegalStateException("the work being timed failed", failure);
            }
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            if (ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue() - marker)) {
                Map<TopicPartition, Long> now = ends(admin, latest);
                if (now.equals(ends)) {
                    return;
                }
                ends = now;
            }
            Thread.sleep(100);
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Map<TopicPartition, OffsetSpec> latest) throws Exception {
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
