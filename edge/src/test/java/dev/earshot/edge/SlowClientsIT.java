package dev.earshot.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a byte every few seconds: whether they trickle the headers or the body, none
 * holds the server past the read timeout, and a health check keeps answering at once meanwhile.
 */
class SlowClientsIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(4);
    /** Answers {@code /health} at once and reads a {@code /upload} body through {@link Bodies}. */
    private static EdgeServer server() throws Exception {
        EdgeSettings settings = new EdgeSettings(Duration.ofSeconds(30), READ_TIMEOUT, 512, 8, null, null);
        return EdgeServer.start("slow-test", "127.0.0.1", 0, settings, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (request.getHttpURI().getPath().equals("/health")) {
                    Answers.json(response, callback, 200, java.util.Map.of("status", "ok"));
                } else {
                    Bodies.read(request, 1 << 20, READ_TIMEOUT).whenComplete((body, failure) -> {
                        if (failure == null) {
                            Answers.json(response, callback, 200, java.util.Map.of("bytes", body.length));
                        } else {
                            Bodies.Refused refused = (Bodies.Refused) (failure instanceof java.util.concurrent.CompletionException
                                    ? failure.getCause() : failure);
                            Answers.errorAndClose(response, callback, refused.status(), refused.getMessage());
                        }
                    });
                }
                return true;
            }
        });
    }

    @Test
    void trickledHeadersAndBodiesAreCutAtTheReadTimeoutWhileHealthAnswers() throws Exception {
        try (EdgeServer server = server()) {
            int port = server.port();
            List<CompletableFuture<SlowClient>> bodies = new ArrayList<>();
            List<CompletableFuture<SlowClient>> headers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                bodies.add(SlowClient.start(port, "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000\r\n\r\n",
                        "x".repeat(10_000), Duration.ofSeconds(2)));
                headers.add(SlowClient.start(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: " + "y".repeat(100) + "\r\n\r\n",
                        Duration.ofSeconds(2)));
            }
            long slowest = SlowClient.slowestHealthAnswer(URI.create("http://127.0.0.1:" + port + "/health"), READ_TIMEOUT.plusSeconds(3));
            assertTrue(slowest < 2_000, "a health answer took " + slowest + " ms");
            long limit = READ_TIMEOUT.toMillis() + 2_500;
            for (var body : bodies) {
                SlowClient r = body.get(120, TimeUnit.SECONDS);
                assertTrue(r.keptMillis() <= limit, "a trickling body was kept " + r.keptMillis() + " ms");
                assertEquals(408, r.status(), "a trickling body is answered 408: " + r.answer());
                assertTrue(r.answer().contains("\"error\":\"the request body did not arrive within 4 s\""), r.answer());
            }
            // Headers are cut a second after the body's deadline, on a half-second tick.
            long headerLimit = READ_TIMEOUT.toMillis() + 1_000 + 1_000 + 2_500;
            for (var header : headers) {
                SlowClient r = header.get(120, TimeUnit.SECONDS);
                assertTrue(r.keptMillis() <= headerLimit, "trickling headers were kept " + r.keptMillis() + " ms");
            }
            System.out.printf("[earshot-it] 32 trickling bodies cut within %d ms and 32 trickling headers within %d ms;"
                    + " slowest health answer %d ms%n", limit, headerLimit, slowest);
        }
    }

    @Test
    void errorsJettyAnswersItselfAreJsonWithoutServerVersionAndWithSecurityHeaders() throws Exception {
        try (EdgeServer server = server()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("nosniff", ok.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("no-referrer", ok.headers().firstValue("Referrer-Policy").orElse(""));
            assertTrue(ok.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
            assertTrue(ok.headers().firstValue("Server").isEmpty(), "no server version on the wire");

            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "z".repeat(20_000)
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
                assertTrue(answer.contains("application/json") && answer.contains("{\"error\":"), answer);
            }
        }
    }
}
