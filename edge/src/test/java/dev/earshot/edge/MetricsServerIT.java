package dev.earshot.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code /healthz} of a command without an HTTP server of its own: alive is not healthy while it cannot work. */
class MetricsServerIT {
    @Test
    void healthzAnswers503WithTheProblemWhileThereIsOne() throws Exception {
        AtomicReference<String> problem = new AtomicReference<>();
        try (EdgeMetrics metrics = new EdgeMetrics();
                MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics, problem::get)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build();
            HttpResponse<String> ok = http.send(healthz, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("{\"status\":\"ok\"}", ok.body());
            problem.set("an alert has failed to go out for 301 s (last: HTTP 503)");
            HttpResponse<String> failing = http.send(healthz, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, failing.statusCode());
            assertEquals("{\"status\":\"failing\",\"problem\":\"an alert has failed to go out for 301 s (last: HTTP 503)\"}",
                    failing.body());
            problem.set(null);
            assertEquals(200, http.send(healthz, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
