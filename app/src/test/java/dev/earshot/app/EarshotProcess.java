package dev.earshot.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts the packaged {@code earshot} jar as a separate process, as the launcher script does. */
final class EarshotProcess {
    private EarshotProcess() {
    }

    static Path jar() {
        Path jar = Path.of("target", "earshot.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after `package`");
        }
        return jar;
    }

    static Process start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** Starts the jar with extra environment variables. */
    static Process start(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        LineFeed feed = new LineFeed(process);
        FEEDS.put(process, feed);
        return process;
    }

    /**
     * Sends SIGTERM, as Ctrl+C or a container stop does. Not {@link Process#destroy()}: it closes the
     * pipes from the child as it signals, so whatever the child says while shutting down is lost.
     */
    static void terminate(Process process) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -TERM " + process.pid() + " failed");
        }
    }

    /** Waits for an output line containing {@code marker}; fails with the output seen so far. */
    static String awaitLine(Process process, String marker, Duration timeout) throws InterruptedException {
        LineFeed feed = FEEDS.get(process);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = feed.lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(marker)) {
                return line;
            }
            if (line == null && !process.isAlive() && feed.lines.isEmpty()) {
                // The process has ended, but its last lines may still be on their way through the pipe.
                feed.reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (feed.lines.isEmpty()) {
                    break;
                }
            }
        }
        throw new AssertionError("no line containing \"" + marker + "\"; output was:\n" + String.join("\n", feed.seen));
    }

    /** Everything the process has printed so far. */
    static List<String> output(Process process) {
        return List.copyOf(FEEDS.get(process).seen);
    }

    private static final java.util.Map<Process, LineFeed> FEEDS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Drains a process's output on a thread, echoing it so that test logs show it. */
    private static final class LineFeed {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        final Thread reader;

        LineFeed(Process process) {
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        System.out.println("[earshot " + process.pid() + "] " + line);
                        seen.add(line);
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "earshot-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }
    }
}
