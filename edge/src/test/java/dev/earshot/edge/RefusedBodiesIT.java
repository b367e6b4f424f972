package dev.earshot.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * A body refused from its Content-Length alone: the client that sends it whole before reading
 * (as most HTTP clients do) reads the 413, rather than a connection reset by a server that closed
 * with its body unread; and a client that never stops sending is cut off all the same.
 */
class RefusedBodiesIT {
    private static final int CAP = 64 * 1024;
    private static final Duration IDLE = Duration.ofSeconds(60);

    private static EdgeServer server() throws Exception {
        EdgeSettings settings = new EdgeSettings(IDLE, Duration.ofSeconds(10), 64, 8, null, null);
        return EdgeServer.start("refused-test", "127.0.0.1", 0, settings, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Bodies.read(request, CAP, Duration.ofSeconds(10)).whenComplete((body, failure) -> {
                    if (failure == null) {
                        Answers.json(response, callback, 200, java.util.Map.of("bytes", body.length));
                    } else {
                        Bodies.Refused refused = (Bodies.Refused) failure;
                        if (refused.unread()) {
                            Answers.refuseUnread(request, response, callback, refused.status(), refused.getMessage());
                        } else {
                            Answers.errorAndClose(response, callback, refused.status(), refused.getMessage());
                        }
                    }
                });
                return true;
            }
        });
    }

    @Test
    void aClientThatSendsItsWholeOversizedBodyFirstReadsThe413() throws Exception {
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) 'x');
        try (EdgeServer server = server()) {
            for (int round = 0; round < 20; round++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(answer.startsWith("HTTP/1.1 413 "), "round " + round + ": " + answer);
                    assertTrue(answer.contains("Connection: close"), answer);
                    assertTrue(answer.endsWith("{\"error\":\"body of 1048576 bytes exceeds the limit of 65536\"}"), answer);
                }
            }
        }
    }

    @Test
    void aClientWaitingToBeToldToContinueGetsThe413AndTheConnectionClosedAtOnce() throws Exception {
        try (EdgeServer server = server(); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000); // far below the 60 s idle timeout that would otherwise end the wait
            socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + (1 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        }
    }

    @Test
    void aClientThatKeepsSendingPastTheDiscardLimitIsCutOff() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        try (EdgeServer server = server(); Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + (1L << 40) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            long sent = 0;
            IOException cut = null;
            // A hundred times the discard limit: unless the server closes first, the loop ends there or
            // blocks until the 60 s idle timeout closes the connection.
            while (cut == null && sent < 100 * Bodies.DISCARD_BYTES) {
                try {
                    out.write(chunk);
                    sent += chunk.length;
                } catch (IOException e) {
                    cut = e;
                }
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(cut != null, "the server read " + sent + " bytes of a refused body without closing");
            assertTrue(seconds < IDLE.toSeconds(), "cut by the idle timeout, not the discard limits, after " + seconds + " s");
        }
    }
}
