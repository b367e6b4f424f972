package dev.earshot.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.tls.keystore}: the server speaks HTTPS with the operator's certificate, and nothing else. */
class EdgeTlsIT {
    @TempDir
    Path dir;

    @Test
    void servesHttpsFromAPkcs12KeyStore() throws Exception {
        Path store = dir.resolve("edge.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "edge", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "edge-pass", "-keypass", "edge-pass").redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), keytoolOutput);
        Path password = Files.writeString(dir.resolve("password"), "edge-pass\n");
        EdgeSettings settings = EdgeSettings.from(dev.earshot.model.Settings.of(Map.of(
                "http.tls.keystore", store.toString(), "http.tls.keystore.password.file", password.toString())));
        assertTrue(settings.tls());
        assertTrue(!settings.toString().contains("edge-pass"), "the password stays out of logs: " + settings);
        try (EdgeServer server = EdgeServer.start("tls-test", "127.0.0.1", 0, settings, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Answers.json(response, callback, 200, Map.of("secure", request.isSecure()));
                return true;
            }
        })) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                trusted.load(in, "edge-pass".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
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
}
