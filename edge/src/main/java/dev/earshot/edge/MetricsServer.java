package dev.earshot.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics} and {@code GET /healthz} for a command that serves no HTTP of its own (the
 * alert forwarder, the live feeds), on the same edge as the other servers.
 */
public final class MetricsServer implements AutoCloseable {
    private final EdgeServer server;

    private MetricsServer(EdgeServer server) {
        this.server = server;
    }

    public static MetricsServer start(String host, int port, EdgeMetrics metrics) throws IOException {
        return start(host, port, metrics, () -> null);
    }

    /**
     * As {@link #start(String, int, EdgeMetrics)}, with {@code /healthz} answering 503 and the
     * problem while {@code problem} gives one (a forwarder that cannot deliver, say): a process
     * that is alive but cannot do its work is not healthy.
     *
     * @param problem what keeps the command from its work now, or null when nothing does
     */
    public static MetricsServer start(String host, int port, EdgeMetrics metrics, java.util.function.Supplier<String> problem)
            throws IOException {
        EdgeServer server = EdgeServer.start("metrics", host, port, EdgeSettings.DEFAULT, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                if ("/metrics".equals(path)) {
                    Answers.bytes(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.scrape().getBytes(StandardCharsets.UTF_8));
                } else if ("/healthz".equals(path)) {
                    String now = problem.get();
                    if (now == null) {
                        Answers.json(response, callback, 200, Map.of("status", "ok"));
                    } else {
                        Map<String, String> failing = new java.util.LinkedHashMap<>(); // status first, as people read it
                        failing.put("status", "failing");
                        failing.put("problem", now);
                        Answers.json(response, callback, 503, failing);
                    }
                } else {
                    Answers.error(response, callback, 404, "this port serves /metrics and /healthz");
                }
                return true;
            }
        });
        metrics.bind(server);
        return new MetricsServer(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
