package dev.earshot.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An attacking client for tests: sends a request's start at once, then one byte of the rest every
 * so often, until the server answers and closes, or closes.
 *
 * @param keptMillis how long the server kept the connection
 * @param answer     what the server sent back, if anything
 */
public record SlowClient(long keptMillis, String answer) {
    /** A thread per client, each blocked on its socket, as an attacker's would be. */
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slow-client");
        t.setDaemon(true);
        return t;
    });

    /** Gives up after this long, so a server that never cuts fails the test instead of hanging it. */
    static final Duration GIVE_UP = Duration.ofSeconds(90);

    public static CompletableFuture<SlowClient> start(int port, String head, String rest, Duration every) {
        return start(port, head.getBytes(StandardCharsets.US_ASCII), rest.getBytes(StandardCharsets.US_ASCII), every);
    }

    /** As above, with bytes that need not be text (a TLS handshake's, say). */
    public static CompletableFuture<SlowClient> start(int port, byte[] head, byte[] rest, Duration every) {
        return CompletableFuture.supplyAsync(() -> run(port, head, rest, every), CLIENTS);
    }

    /**
     * Asks {@code health} every quarter second for {@code during}, failing on any answer but 200;
     * returns the slowest answer's time in milliseconds.
     */
    public static long slowestHealthAnswer(java.net.URI health, Duration during) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long slowest = 0;
        long until = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < until) {
            long start = System.nanoTime();
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(health)
                    .timeout(Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError(health + " answered " + answer.statusCode() + ": " + answer.body());
            }
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            Thread.sleep(250);
        }
        return slowest;
    }

    /** The status code of the answer, or 0 when the server closed without one. */
    public int status() {
        return answer.startsWith("HTTP/1.1 ") && answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : 0;
    }

    private static SlowClient run(int port, byte[] head, byte[] rest, Duration every) {
        long start = System.nanoTime();
        StringBuilder answer = new StringBuilder();
        Socket connected;
        try {
            connected = new Socket("127.0.0.1", port);
        } catch (IOException e) {
            // Refused is no cut: a server that was not listening must fail the test, not pass it at once.
            throw new java.io.UncheckedIOException("could not connect to 127.0.0.1:" + port, e);
        }
        try (Socket socket = connected) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head);
            out.flush();
            int next = 0;
            long nextAt = System.nanoTime() + every.toNanos();
            byte[] buffer = new byte[4096];
            while (System.nanoTime() - start < GIVE_UP.toNanos()) {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                } catch (SocketTimeoutException e) {
                    // nothing from the server yet
                }
                if (System.nanoTime() >= nextAt && next < rest.length) {
                    out.write(rest[next++]);
                    out.flush();
                    nextAt += every.toNanos();
                }
            }
        } catch (IOException e) {
            // A reset is one way of being cut.
        }
        return new SlowClient((System.nanoTime() - start) / 1_000_000, answer.toString());
    }
}
