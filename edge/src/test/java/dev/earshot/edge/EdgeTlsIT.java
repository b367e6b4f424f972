package dev.earshot.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.tls.keystore}: the server speaks HTTPS with the operator's certificate, and nothing else, and slow clients are cut as over plain HTTP. */
class EdgeTlsIT {
    @TempDir
    Path dir;

    @Test
    void servesHttpsFromAPkcs12KeyStore() throws Exception {
        Path store = keyStore();
        Path password = Files.writeString(dir.resolve("password"), "edge-pass\n");
        EdgeSettings settings = EdgeSettings.from(dev.earshot.model.Settings.of(Map.of(
                "http.tls.keystore", store.toString(), "http.tls.keystore.password.file", password.toString())));
        assertTrue(settings.tls());
        assertTrue(!settings.toString().contains("edge-pass"), "the password stays out of logs: " + settings);
        try (EdgeServer server = EdgeServer.start("tls-test", "127.0.0.1", 0, settings, secureOrNot())) {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(store)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> answer = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("{\"secure\":true}", answer.body());
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()), "plain HTTP gets no answer from the TLS port");
        }
    }

    /**
     * Over TLS a trickle never reaches the HTTP connection as bytes: a handshake sent a byte a
     * second, or a request's one encrypted record sent so after a quick handshake, is cut as
     * trickling headers are in plain HTTP.
     */
    @Test
    void tricklingAHandshakeOrARecordIsCutAtTheReadTimeout() throws Exception {
        Path store = keyStore();
        Duration readTimeout = Duration.ofSeconds(3);
        EdgeSettings settings = new EdgeSettings(Duration.ofSeconds(30), readTimeout, 64, 8, store, "edge-pass");
        try (EdgeServer server = EdgeServer.start("tls-slow-test", "127.0.0.1", 0, settings, secureOrNot())) {
            // Cut on the half-second tick after the read timeout and its extra second, the trickle's own
            // second to notice, and slack for a busy machine.
            long limit = readTimeout.toMillis() + 1_000 + 500 + 1_000 + 2_500;
            SSLEngine engine = trusting(store).createSSLEngine("127.0.0.1", server.port());
            engine.setUseClientMode(true);
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            byte[] clientHello = java.util.Arrays.copyOf(hello.array(), hello.position());
            SlowClient handshake = SlowClient.start(server.port(), java.util.Arrays.copyOf(clientHello, 5),
                    java.util.Arrays.copyOfRange(clientHello, 5, clientHello.length), Duration.ofSeconds(1)).get(120, TimeUnit.SECONDS);
            assertTrue(handshake.keptMillis() <= limit, "a trickling handshake was kept " + handshake.keptMillis() + " ms");

            long kept = trickleOneRecord(server.port(), trusting(store), Duration.ofMillis(500));
            assertTrue(kept <= limit, "a trickling record was kept " + kept + " ms");
            System.out.printf("[earshot-it] over TLS a trickling handshake was cut after %d ms and a trickling record after %d ms%n",
                    handshake.keptMillis(), kept);

            HttpClient https = HttpClient.newBuilder().sslContext(trusting(store)).connectTimeout(Duration.ofSeconds(5)).build();
            assertEquals(200, https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "a client that does not trickle is served");

            // Quiet after its handshake, as a browser's preconnect is: left to the idle timeout (30 s), not cut
            // at the read timeout.
            try (SSLSocket quiet = (SSLSocket) trusting(store).getSocketFactory().createSocket("127.0.0.1", server.port())) {
                quiet.startHandshake();
                Thread.sleep(readTimeout.toMillis() + 3_000);
                quiet.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                quiet.getOutputStream().flush();
                String answer = new String(quiet.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 200"), "a connection quiet after its handshake is served: " + answer);
            }
        }
    }

    /**
     * Completes a handshake at full speed, then sends a request's record a byte every {@code every};
     * returns how long after the first slow byte the server's close made a write fail.
     */
    private static long trickleOneRecord(int port, SSLContext tls, Duration every) throws Exception {
        TricklingSocket raw = new TricklingSocket(every);
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1", port, true)) {
            socket.startHandshake();
            raw.slow = true;
            long start = System.nanoTime();
            try {
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                throw new AssertionError("the whole record went out a byte at a time and the server kept the connection");
            } catch (IOException cut) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
    }

    /** A socket whose writes, once {@link #slow}, go out a byte at a time, until {@link SlowClient#GIVE_UP}. */
    private static final class TricklingSocket extends Socket {
        private final Duration every;
        volatile boolean slow;

        TricklingSocket(Duration every) {
            this.every = every;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = super.getOutputStream();
            long until = System.nanoTime() + SlowClient.GIVE_UP.toNanos();
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (!slow) {
                        out.write(bytes, offset, length);
                        return;
                    }
                    for (int i = 0; i < length; i++) {
                        if (System.nanoTime() > until) {
                            throw new AssertionError("the server kept a trickling record for " + SlowClient.GIVE_UP);
                        }
                        out.write(bytes[offset + i]);
                        out.flush();
                        try {
                            Thread.sleep(every.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                }
            };
        }
    }

    /** Answers whether the request came over TLS. */
    private static Handler secureOrNot() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Answers.json(response, callback, 200, Map.of("secure", request.isSecure()));
                return true;
            }
        };
    }

    /** A PKCS#12 key store, password {@code edge-pass}, for 127.0.0.1. */
    private Path keyStore() throws Exception {
        Path store = dir.resolve("edge.p12");
        if (Files.exists(store)) {
            return store;
        }
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "edge", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "edge-pass", "-keypass", "edge-pass").redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), keytoolOutput);
        return store;
    }

    private static SSLContext trusting(Path store) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            trusted.load(in, "edge-pass".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
