package dev.earshot.streams.bench;

import dev.earshot.model.Settings;
import dev.earshot.streams.PipelineConfig;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code -Dforked=true}: the copy and Earshot each run in a JVM of its own, started for the purpose,
 * while the broker stays in the benchmark's. That is how the issue measured them ({@code earshot
 * streams} started as its own process beside a plain copy app) and how they are deployed: each app
 * pays for warming up its own code, and neither compiles the broker's or finds the other's compiled.
 * In one JVM the copy runs on Kafka client code the broker's start and the preload have half
 * compiled, and Earshot on what the copy compiled; in its own, each starts cold. The children get the
 * benchmark's JVM options ({@code -Xmx}, {@code -XX:…}) and class path, and the same two cores.
 */
final class Forked {
    /** Set in a child: which app it runs, {@code copy} or {@code earshot}. */
    static final String ROLE = "bench.role";
    private static final String SETTINGS = "bench.settings";
    private static final String RESULT = "bench.result";
    private static final String COPY_ID = "bench.copyId";
    private static final String COPY_STATE = "bench.copyState";
    private static final String BRANDS = "bench.brands";
    private static final String ROUND = "bench.round";
    /** Far longer than a drain of 1,000,000 takes here (about 80 s): a child past it is stuck, not slow. */
    private static final java.time.Duration CHILD_LIMIT = java.time.Duration.ofMinutes(30);

    private Forked() {
    }

    /** One round, each app in a child JVM started in turn; prints both rates and their ratio. */
    static void measure(Map<String, String> settings, String copyId, Path copyState, Path brands, int count, String round,
                        Path work) throws Exception {
        Files.createDirectories(work);
        Path settingsFile = work.resolve("settings.properties");
        Properties p = new Properties();
        p.putAll(settings);
        try (Writer out = Files.newBufferedWriter(settingsFile)) {
            p.store(out, "the pipeline's settings for this round");
        }
        Map<String, String> common = new TreeMap<>(Map.of(SETTINGS, settingsFile.toString(), COPY_ID, copyId,
                COPY_STATE, copyState.toString(), BRANDS, brands.toString(), ROUND, round,
                "mentions", String.valueOf(count), "instances", String.valueOf(Integer.getInteger("instances", 1))));
        double copy = child("copy", common, work);
        double earshot = child("earshot", common, work);
        PipelineBenchmark.printRatio(round, copy, earshot, count, config(settingsFile).threads(), "each app in a JVM of its own");
    }

    /** Runs one app in a new JVM and returns the rate it measured, failing if the child did. */
    private static double child(String role, Map<String, String> common, Path work) throws Exception {
        Path result = work.resolve(role + ".rate");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // The parent's own options but for those a child is given afresh. An agent or a recording (a
            // profiler) stays with the parent, and so does a log written to a file, which three JVMs would share.
            if (!option.startsWith("-Dmentions=") && !option.startsWith("-Dinstances=") && !option.startsWith("-agent")
                    && !option.startsWith("-javaagent") && !option.startsWith("-XX:StartFlightRecording")
                    && !option.startsWith("-Xlog") && !option.startsWith("-Dforked=")) {
                command.add(option);
            }
        }
        common.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-D" + ROLE + "=" + role);
        command.add("-D" + RESULT + "=" + result);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PipelineBenchmark.class.getName());
        Process child = new ProcessBuilder(command).inheritIO().start();
        // A benchmark stopped by Ctrl+C or Maven's timeout takes its child with it, rather than leaving
        // it to retry a broker that is gone on the same two cores.
        Thread stopChild = new Thread(child::destroyForcibly, "bench-stop-" + role);
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            if (!child.waitFor(CHILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                throw new IllegalStateException("the " + role + " JVM did not finish within " + CHILD_LIMIT);
            }
            if (child.exitValue() != 0 || !Files.exists(result)) {
                throw new IllegalStateException("the " + role + " JVM exited with " + child.exitValue() + " and no rate");
            }
            return Double.parseDouble(Files.readString(result).trim());
        } finally {
            child.destroyForcibly();
            Runtime.getRuntime().removeShutdownHook(stopChild);
        }
    }

    /** The child's side: runs its app against the parent's broker and writes its rate. */
    static void child() throws Exception {
        PipelineConfig config = config(Path.of(System.getProperty(SETTINGS)));
        int count = Integer.getInteger("mentions");
        String round = System.getProperty(ROUND, "");
        // Kafka's and RocksDB's non-daemon threads would keep a child alive after its app, finished or failed.
        try {
            double rate = switch (System.getProperty(ROLE)) {
                case "copy" -> PipelineBenchmark.copy(config, System.getProperty(COPY_ID), Path.of(System.getProperty(COPY_STATE)), count);
                case "earshot" -> PipelineBenchmark.earshot(config, Path.of(System.getProperty(BRANDS)), count, round);
                default -> throw new IllegalArgumentException("no such role: " + System.getProperty(ROLE));
            };
            Files.writeString(Path.of(System.getProperty(RESULT)), String.valueOf(rate));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static PipelineConfig config(Path settingsFile) {
        return PipelineConfig.from(Settings.load(settingsFile, Map.of()));
    }
}
