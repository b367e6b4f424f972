package dev.earshot.app;

import dev.earshot.kafka.local.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the process-driving tests share: a free loopback port, and one figure from a query API's /metrics. */
final class LocalPorts {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalPorts() {
    }

    /** A port for a process to listen on: see {@link LoopbackPorts} for why not port 0's. */
    static int free() {
        return LoopbackPorts.free();
    }

    /** The value of an unlabelled metric on {@code http://127.0.0.1:port/metrics}. */
    static long metric(int port, String name) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from /metrics"));
    }

    /** Waits until an unlabelled metric reaches {@code value}; fails with the last value seen. */
    static void awaitMetric(int port, String name, long value, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = metric(port, name);
            if (last >= value) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not reach " + value + " within " + timeout.toSeconds() + " s; last: " + last);
    }
}
