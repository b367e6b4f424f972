package dev.earshot.app;

import dev.earshot.edge.EdgeMetrics;
import dev.earshot.edge.MetricsServer;
import java.io.IOException;
import picocli.CommandLine.Option;

/** Where a long-running command without an HTTP server of its own serves its metrics, if anywhere. */
final class MetricsOptions {
    @Option(names = "--metrics-port", description = "Serve Prometheus /metrics and /healthz on this port (default: none).")
    Integer port;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "Address of the metrics port (default: ${DEFAULT-VALUE}, loopback only).")
    String host;

    /** The server, or null when no port was asked for. */
    MetricsServer start(EdgeMetrics metrics) throws IOException {
        return start(metrics, () -> null);
    }

    /** As {@link #start(EdgeMetrics)}, {@code /healthz} answering 503 with what {@code problem} gives, when it gives one. */
    MetricsServer start(EdgeMetrics metrics, java.util.function.Supplier<String> problem) throws IOException {
        return port == null ? null : MetricsServer.start(host, port, metrics, problem);
    }
}
