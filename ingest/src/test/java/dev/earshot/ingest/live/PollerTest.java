package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PollerTest {
    /**
     * Failures it keeps retrying are told from the third in a row, then every five minutes, and once
     * when the server answers again: retried in silence, a feed stalled with nothing to say why.
     */
    @Test
    void retriesThatGoOnAreToldAndSoIsTheirEnd() throws Exception {
        int[] calls = {0};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean down = calls[0]++ < 7;
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            MovableClock clock = new MovableClock(java.time.Instant.parse("2026-11-20T12:00:00Z"));
            List<String> problems = new CopyOnWriteArrayList<>();
            // Each wait moves the clock on ten times what was asked for (1, 2, 4, … s): the third failure comes 30 s in,
            // the sixth 310 s in, the seventh 630 s in.
            Poller poller = new Poller(null, clock, d -> clock.advance(d.multipliedBy(10)));
            poller.reportTo(problems::add);
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
            assertEquals("[]", poller.get(uri).toString());
            assertEquals(3, problems.size(), problems.toString());
            assertEquals("GET " + uri + " answered 503; 3 attempts in a row failed, asking again in 4 s", problems.get(0));
            assertTrue(problems.get(1).startsWith("GET " + uri + " answered 503; 7 attempts in a row failed"),
                    "told again five minutes after the first telling, not before: " + problems);
            assertEquals("GET http://127.0.0.1:" + server.getAddress().getPort() + " answers again, after 7 failed attempts",
                    problems.get(2));
            poller.get(uri);
            assertEquals(3, problems.size(), "an answer after an answer says nothing");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenStaysWithItsOrigin() throws Exception {
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            elsewhere.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("[]".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/steal");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        other.start();
        origin.start();
        try {
            Poller poller = new Poller("secret-token", Clock.systemUTC(), d -> { });
            IOException e = assertThrows(IOException.class,
                    () -> poller.get(URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/api")));
            assertTrue(e.getMessage().contains("redirects are not followed"), e.getMessage());
            assertEquals(List.of(), elsewhere, "the other origin was never asked");
        } finally {
            origin.stop(0);
            other.stop(0);
        }
    }

    @Test
    void aTokenGoesOverHttpsOnlyAndRetryAfterAndBodiesAreBounded() throws Exception {
        Poller poller = new Poller("secret-token", Clock.systemUTC(), d -> { });
        IOException plain = assertThrows(IOException.class, () -> poller.get(URI.create("http://mastodon.example/api/v1/timelines/public")));
        assertTrue(plain.getMessage().contains("over plain http"), plain.getMessage());

        List<Duration> waits = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (calls[0]++ == 0) {
                exchange.getResponseHeaders().set("Retry-After", "99999999");
                exchange.sendResponseHeaders(429, -1);
            } else {
                byte[] body = new byte[4096];
                java.util.Arrays.fill(body, (byte) ' ');
                answerToAClientThatMayStopReading(exchange, 200, body);
            }
            exchange.close();
        });
        server.start();
        try {
            Poller recording = new Poller(null, Clock.systemUTC(), waits::add, 1024);
            IOException big = assertThrows(IOException.class,
                    () -> recording.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
            assertTrue(big.getMessage().contains("over 1024 bytes refused"), big.getMessage());
            assertEquals(List.of(Poller.LONGEST_WAIT), waits, "a huge Retry-After is capped");
        } finally {
            server.stop(0);
        }
    }

    /** A server that keeps answering 429 with "Retry-After: 0": asked again after a growing wait, not at once. */
    @Test
    void refusalsWithoutAWaitAreAskedAgainAfterAGrowingBackoff() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (calls[0]++ < 3) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                exchange.sendResponseHeaders(429, -1);
            } else {
                byte[] body = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            Poller poller = new Poller(null, Clock.systemUTC(), waits::add);
            poller.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
        } finally {
            server.stop(0);
        }
    }

    /** A body that stops coming after its headers: dropped at the body's timeout and asked again. */
    @Test
    void aBodyThatStallsIsDroppedAndAskedAgain() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                if (calls.getAndIncrement() == 0) {
                    exchange.sendResponseHeaders(200, 100);
                    exchange.getResponseBody().write("[".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS); // then nothing more
                } else {
                    byte[] body = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            } catch (InterruptedException | IOException ignored) {
                // the client went away
            } finally {
                exchange.close();
            }
        });
        server.start();
        try {
            Poller poller = new Poller(null, Clock.systemUTC(), waits::add, Poller.MAX_BODY, Duration.ofMillis(300));
            long started = System.nanoTime();
            assertEquals(0, poller.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).size());
            assertEquals(2, calls.get());
            assertEquals(List.of(Duration.ofSeconds(1)), waits, "retried after the backoff");
            assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(25), "not held by the stalled body");
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    /**
     * Stopping the poller (Ctrl+C closing a feed) ends the request in flight at once, whether the
     * server has not answered yet or stalls in the body: the feed would otherwise wait out the
     * request's 20 s timeout and the body's 60 s.
     */
    @Test
    void stoppingEndsTheRequestInFlight() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.BlockingQueue<String> asked = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                asked.add(exchange.getRequestURI().getPath());
                if (exchange.getRequestURI().getPath().equals("/body")) {
                    exchange.sendResponseHeaders(200, 100);
                    exchange.getResponseBody().write('[');
                    exchange.getResponseBody().flush();
                }
                release.await(60, java.util.concurrent.TimeUnit.SECONDS); // no answer, or no more of it
            } catch (InterruptedException | IOException ignored) {
                // the client went away
            } finally {
                exchange.close();
            }
        });
        server.start();
        try {
            for (String path : List.of("/headers", "/body")) {
                Poller poller = new Poller(null, Clock.systemUTC(), d -> { }, Poller.MAX_BODY, Duration.ofSeconds(60));
                java.util.concurrent.CompletableFuture<Object> get = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return poller.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
                    } catch (Exception e) {
                        return e;
                    }
                });
                assertEquals(path, asked.poll(10, java.util.concurrent.TimeUnit.SECONDS));
                Thread.sleep(200); // the request waits on the server
                long stopping = System.nanoTime();
                poller.stop();
                Object ended = get.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(ended instanceof java.io.InterruptedIOException, path + ": " + ended);
                assertTrue(System.nanoTime() - stopping < java.util.concurrent.TimeUnit.SECONDS.toNanos(5),
                        path + ": ended by the stop, not by a timeout");
                assertEquals(null, asked.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS), "not asked again");
            }
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    /** An error page over the body cap is an error by its status (a 503 asked again), not a body refused for good. */
    @Test
    void anErrorPageOverTheCapIsReadByItsStatus() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = calls[0]++ == 0 ? new byte[4096] : "[]".getBytes(StandardCharsets.UTF_8);
            answerToAClientThatMayStopReading(exchange, calls[0] == 1 ? 503 : 200, body);
            exchange.close();
        });
        server.start();
        try {
            Poller poller = new Poller(null, Clock.systemUTC(), waits::add, 1024);
            assertEquals("[]", poller.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).toString());
            assertEquals(List.of(Duration.ofSeconds(1)), waits, "the 503 asked again after the backoff");
        } finally {
            server.stop(0);
        }
    }

    /** Answers a body larger than the poller reads: it stops reading at its cap, which is no failure here. */
    private static void answerToAClientThatMayStopReading(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
            throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try {
            exchange.getResponseBody().write(body);
        } catch (IOException ignored) {
            // the client stopped reading
        }
    }
}
