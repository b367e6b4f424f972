package dev.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void environmentVariablesOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("earshot.properties"),
                "bootstrap.servers=file:9092\nwebhook.ack.timeout=3s\nkafka.security.protocol=SSL\n");
        Settings s = Settings.load(file, Map.of("EARSHOT_BOOTSTRAP_SERVERS", "env:9092",
                "EARSHOT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "EARSHOT_SPIKE_K", "2.5"));
        assertEquals("env:9092", s.get("bootstrap.servers", "x"));
        assertEquals(Duration.ofSeconds(3), s.getDuration("webhook.ack.timeout", Duration.ZERO));
        assertEquals(2.5, s.getDouble("spike.k", 3.0), "an environment variable alone sets a key");
        assertEquals(Map.of("security.protocol", "SSL", "sasl.mechanism", "SCRAM-SHA-512"), s.withPrefix("kafka."));
        assertEquals("fallback", s.get("topic.prefix", "fallback"));
    }

    @Test
    void durationsTakeUnitsOrIso() {
        Settings s = Settings.of(Map.of("a", "15m", "b", "24h", "c", "500ms", "d", "PT30S", "e", "2d"));
        assertEquals(Duration.ofMinutes(15), s.getDuration("a", null));
        assertEquals(Duration.ofHours(24), s.getDuration("b", null));
        assertEquals(Duration.ofMillis(500), s.getDuration("c", null));
        assertEquals(Duration.ofSeconds(30), s.getDuration("d", null));
        assertEquals(Duration.ofDays(2), s.getDuration("e", null));
    }

    @Test
    void badValuesNameTheKey() {
        Settings s = Settings.of(Map.of("n", "many", "d", "soon"));
        assertEquals("n: expected a whole number, was 'many'",
                assertThrows(IllegalArgumentException.class, () -> s.getInt("n", 1)).getMessage());
        assertEquals("d: expected a duration such as 15m, 24h or PT30S, was 'soon'",
                assertThrows(IllegalArgumentException.class, () -> s.getDuration("d", null)).getMessage());
    }

    @Test
    void environmentNamesFollowTheKey() {
        assertEquals("EARSHOT_WEBHOOK_MAX_BODY_BYTES", Settings.envName("webhook.max.body.bytes"));
        assertEquals("EARSHOT_WINDOW_1M_GRACE", Settings.envName("window.1m.grace"));
    }

    @Test
    void aSecretComesFromItsSettingElseFromItsFileWithoutTheTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "s3cret\n");
        assertEquals("s3cret", Settings.of(Map.of("query.forwarding.secret.file", file.toString())).secret("query.forwarding.secret"));
        assertEquals("direct", Settings.of(Map.of("query.forwarding.secret", "direct",
                "query.forwarding.secret.file", file.toString())).secret("query.forwarding.secret"));
        assertEquals(null, Settings.of(Map.of()).secret("query.forwarding.secret"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of(
                "http.tls.keystore.password.file", dir.resolve("missing").toString())).secret("http.tls.keystore.password"));
        assertEquals(true, e.getMessage().startsWith("http.tls.keystore.password.file "), e.getMessage());
    }

    /** The environment wins, its file too, as for every setting; a value set to nothing is no value. */
    @Test
    void aSecretInTheEnvironmentOrAFileItNamesWinsOverTheSettingsFile(@TempDir Path dir) throws Exception {
        Path mounted = Files.writeString(dir.resolve("mounted"), "from-the-mount\n");
        Path config = Files.writeString(dir.resolve("earshot.properties"), "http.token=from-the-file\n");
        assertEquals("from-the-mount", Settings.load(config, Map.of("EARSHOT_HTTP_TOKEN_FILE", mounted.toString())).secret("http.token"));
        assertEquals("from-the-mount", Settings.load(null, Map.of("EARSHOT_HTTP_TOKEN", "", "EARSHOT_HTTP_TOKEN_FILE",
                mounted.toString())).secret("http.token"), "an empty variable hides nothing");
        assertEquals("from-the-env", Settings.load(config, Map.of("EARSHOT_HTTP_TOKEN", "from-the-env",
                "EARSHOT_HTTP_TOKEN_FILE", mounted.toString())).secret("http.token"));
        assertEquals("from-the-file", Settings.load(config, Map.of()).secret("http.token"));
        assertEquals(null, Settings.load(null, Map.of("EARSHOT_HTTP_TOKEN", "  ")).secret("http.token"));
    }

    @Test
    void aNumberThatIsNoFiniteNumberIsRefused() {
        for (String bad : List.of("NaN", "Infinity", "-Infinity")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.of(Map.of("spike.k", bad)).getDouble("spike.k", 3));
            assertEquals("spike.k: expected a finite number, was '" + bad + "'", e.getMessage());
        }
        assertEquals(2.5, Settings.of(Map.of("spike.k", "2.5")).getDouble("spike.k", 3), 0);
        assertEquals(3, Settings.of(Map.of()).getDouble("spike.k", 3), 0);
    }

    @Test
    void booleansAreTrueOrFalse() {
        assertEquals(true, Settings.of(Map.of("a", "on")).getBoolean("a", false));
        assertEquals(false, Settings.of(Map.of("a", "False")).getBoolean("a", true));
        assertEquals(true, Settings.of(Map.of()).getBoolean("a", true));
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("a", "maybe")).getBoolean("a", true));
    }

    /** A file setting left empty, in the file or as an empty environment variable, names no file. */
    @Test
    void anEmptyFileSettingNamesNoFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertEquals(null, Settings.of(Map.of("classifier.model", "")).getPath("classifier.model"));
        assertEquals(null, Settings.of(Map.of("classifier.model", "  ")).getPath("classifier.model"));
        assertEquals(null, Settings.of(Map.of()).getPath("classifier.model"));
        assertEquals(java.nio.file.Path.of("/m/model.json"), Settings.of(Map.of("classifier.model", " /m/model.json ")).getPath("classifier.model"));
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("earshot.properties"), "classifier.model=/m/model.json\n");
        assertEquals(null, Settings.load(file, Map.of("EARSHOT_CLASSIFIER_MODEL", "")).getPath("classifier.model"),
                "an empty environment variable overrides the file with nothing");
    }
}
