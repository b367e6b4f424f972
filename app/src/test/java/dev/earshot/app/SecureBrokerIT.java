package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.kafka.local.LocalKafkaBroker;
import dev.earshot.kafka.local.TestTls;
import dev.earshot.model.MentionCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Earshot against a broker secured as production clusters are: SASL/SCRAM-SHA-512 over TLS, mutual
 * TLS, and ACLs that deny whatever they do not grant. The pipeline works end to end with the
 * credentials it was granted (ingest and streams over SCRAM, an analyst reading over mutual TLS),
 * and every client that lacks a key is refused with a message that says what to fix.
 */
class SecureBrokerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "secure.";
    private static final String APP = "earshot-secure";
    private static final String PASSWORD = "scram-password-for-earshot";

    @TempDir
    static Path dir;
    static TestTls tls;
    static LocalKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        long started = System.nanoTime();
        tls = TestTls.create(dir);
        broker = LocalKafkaBroker.builder().secured(tls.identity("broker")).superUser("admin").start();
        System.out.printf("[earshot-it] secured broker (SASL_SSL %s, mutual TLS %s, deny by default) up in %.1f s, "
                        + "certificates included%n", broker.bootstrapServers(), broker.mutualTlsBootstrapServers(),
                (System.nanoTime() - started) / 1e9);
        try (Admin kafka = Admin.create(admin())) {
            kafka.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("earshot", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD),
                    new UserScramCredentialUpsertion("nobody", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD)))
                    .all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            // The pipeline's user: its topics, its app's internal topics, group and transactional ids.
            acls.add(allow("earshot", ResourceType.TOPIC, PREFIX, AclOperation.ALL));
            acls.add(allow("earshot", ResourceType.TOPIC, APP, AclOperation.ALL));
            acls.add(allow("earshot", ResourceType.GROUP, APP, AclOperation.ALL));
            acls.add(allow("earshot", ResourceType.TRANSACTIONAL_ID, APP, AclOperation.ALL));
            // The analyst, known by certificate: reads the aggregates, nothing else.
            for (String aggregates : List.of(PREFIX + "brand.", PREFIX + "alerts.")) {
                acls.add(allow("analyst", ResourceType.TOPIC, aggregates, AclOperation.READ));
                acls.add(allow("analyst", ResourceType.TOPIC, aggregates, AclOperation.DESCRIBE));
            }
            kafka.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void pipelineRunsOnScramAndMutualTlsWithOnlyTheAccessItWasGranted() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), TwoBrands.BRAND_FILE);
        Path pipeline = config("pipeline.properties", tls.scramClient("earshot", PASSWORD),
                "application.id=" + APP);
        Map<String, Long> expected = new TreeMap<>();
        Path input = mentions(1_200, expected);

        CommandLineRun ingest = CommandLineRun.of("ingest", "file", "--input", input.toString(), "--config", pipeline.toString(),
                "--bootstrap-servers", broker.bootstrapServers());
        assertEquals(0, ingest.exitCode(), ingest.err());

        int port = LocalPorts.free();
        Process streams = EarshotProcess.start("streams", "--brands", brands.toString(), "--config", pipeline.toString(),
                "--bootstrap-servers", broker.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", String.valueOf(port));
        try {
            EarshotProcess.awaitLine(streams, "query API on", Duration.ofSeconds(90));
            LocalPorts.awaitMetric(port, "earshot_mentions_parsed_total", 1_200, Duration.ofSeconds(120));
            // The analyst reads the hourly aggregates over mutual TLS, with nothing but a certificate.
            Map<String, Object> analyst = analyst();
            Map<String, Long> hours = awaitHours(analyst, expected);
            assertEquals(expected, hours, "hourly totals read by the analyst over mutual TLS equal what was sent over SCRAM");

            CommandLineRun report = CommandLineRun.of("report", "--set", "phones", "--since", "3650d",
                    "--config", config("analyst.properties", tls.identity("analyst").mutualTlsClient()).toString(),
                    "--bootstrap-servers", broker.mutualTlsBootstrapServers());
            assertEquals(0, report.exitCode(), report.err());
            assertTrue(report.out().contains("lumora") && report.out().contains("vantor"), report.out());

            // What the analyst was not granted stays shut: the raw mentions.
            CommandLineRun raw = CommandLineRun.of("tail", "classified", "--max", "1",
                    "--config", config("analyst2.properties", tls.identity("analyst").mutualTlsClient()).toString(),
                    "--bootstrap-servers", broker.mutualTlsBootstrapServers());
            assertEquals(1, raw.exitCode(), raw.out());
            assertTrue(raw.err().contains("denied access to the topics [" + PREFIX + "mentions.classified]"), raw.err());

            // An administrator revokes the app's topics while it runs: it stops and says why, rather
            // than replacing its stream thread forever.
            try (Admin kafka = Admin.create(admin())) {
                kafka.deleteAcls(List.of(allow("earshot", ResourceType.TOPIC, PREFIX, AclOperation.ALL).toFilter()))
                        .all().get(30, TimeUnit.SECONDS);
            }
            assertTrue(streams.waitFor(90, TimeUnit.SECONDS), "the refused streams app stops by itself");
            assertEquals(1, streams.exitValue());
            String refusal = EarshotProcess.awaitLine(streams, "earshot streams: Kafka denied", Duration.ofSeconds(5));
            assertTrue(refusal.contains(PREFIX), refusal);
        } finally {
            EarshotProcess.terminate(streams);
            assertTrue(streams.waitFor(60, TimeUnit.SECONDS));
        }
        System.out.printf("[earshot-it] secured pipeline: 1,200 mentions in over SCRAM/TLS, %d hourly windows read back "
                + "over mutual TLS, exact%n", expected.size());
    }

    @Test
    void plaintextClientIsToldToSpeakTheListenersProtocol() throws Exception {
        long started = System.nanoTime();
        CommandLineRun run = CommandLineRun.of("ingest", "file", "--input", mentions(1, new TreeMap<>()).toString(),
                "--config", config("plain.properties", Map.of(), "connect.timeout=5s").toString(),
                "--bootstrap-servers", broker.bootstrapServers());
        assertRefused(run, "did not answer within 5 s", "kafka.security.protocol (here PLAINTEXT)");
        System.out.printf("[earshot-it] plaintext client refused in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void wrongPasswordIsRefusedAtLogin() throws Exception {
        CommandLineRun run = CommandLineRun.of("ingest", "file", "--input", mentions(1, new TreeMap<>()).toString(),
                "--config", config("wrong.properties", tls.scramClient("earshot", "not-the-password")).toString(),
                "--bootstrap-servers", broker.bootstrapServers());
        assertRefused(run, "refused the login", "invalid credentials", "kafka.sasl.jaas.config");
        assertFalse(run.err().contains("not-the-password"), "the password is not repeated back");
    }

    @Test
    void userWithoutAclsIsDeniedEverything() throws Exception {
        Path nobody = config("nobody.properties", tls.scramClient("nobody", PASSWORD), "application.id=" + APP + "-nobody");
        CommandLineRun ingest = CommandLineRun.of("ingest", "file", "--input", mentions(1, new TreeMap<>()).toString(),
                "--config", nobody.toString(), "--bootstrap-servers", broker.bootstrapServers());
        assertRefused(ingest, "denied access to the topics [" + PREFIX + "mentions.raw]", "ACLs grant");

        Process streams = EarshotProcess.start("streams", "--brands", Files.writeString(dir.resolve("b.yaml"),
                        "brands:\n  - {id: lumora, keywords: [lumora]}\n").toString(),
                "--config", nobody.toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--state-dir", dir.resolve("nobody-state").toString(), "--http-port", String.valueOf(LocalPorts.free()));
        assertTrue(streams.waitFor(60, TimeUnit.SECONDS), "the streams app gives up instead of retrying");
        assertEquals(1, streams.exitValue());
        String refusal = EarshotProcess.awaitLine(streams, "denied access to the topics", Duration.ofSeconds(5));
        assertTrue(refusal.contains(PREFIX + "mentions.raw"), refusal);
    }

    @Test
    void mutualTlsWithoutATrustedCertificateFailsTheHandshake() throws Exception {
        Map<String, Object> noCertificate = new HashMap<>(tls.scramClient("x", "y"));
        noCertificate.keySet().removeIf(k -> k.startsWith("sasl."));
        noCertificate.put("security.protocol", "SSL");
        CommandLineRun none = CommandLineRun.of("tail", "engagement-1h", "--max", "1",
                "--config", config("nocert.properties", noCertificate).toString(),
                "--bootstrap-servers", broker.mutualTlsBootstrapServers());
        assertRefused(none, "TLS handshake with Kafka at " + broker.mutualTlsBootstrapServers() + " failed", "kafka.ssl.keystore");

        CommandLineRun rogue = CommandLineRun.of("tail", "engagement-1h", "--max", "1",
                "--config", config("rogue.properties", tls.untrustedIdentity("intruder").mutualTlsClient()).toString(),
                "--bootstrap-servers", broker.mutualTlsBootstrapServers());
        assertRefused(rogue, "TLS handshake with Kafka at " + broker.mutualTlsBootstrapServers() + " failed");
    }

    private static void assertRefused(CommandLineRun run, String... phrases) {
        assertEquals(1, run.exitCode(), "refused, exit 1: " + run.err());
        for (String phrase : phrases) {
            assertTrue(run.err().contains(phrase), "'" + phrase + "' in: " + run.err());
        }
        assertFalse(run.err().contains("\tat "), "a message, not a stack trace: " + run.err());
        System.out.println("[earshot-it] refused: " + run.err().strip());
    }

    /** The operator: a super user, known by certificate. */
    private static Map<String, Object> admin() throws Exception {
        Map<String, Object> client = new HashMap<>(tls.identity("admin").mutualTlsClient());
        client.put("bootstrap.servers", broker.mutualTlsBootstrapServers());
        return client;
    }

    private static Map<String, Object> analyst() throws Exception {
        Map<String, Object> client = new HashMap<>(tls.identity("analyst").mutualTlsClient());
        client.put("bootstrap.servers", broker.mutualTlsBootstrapServers());
        return client;
    }

    private static Map<String, Long> awaitHours(Map<String, Object> client, Map<String, Long> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Long> hours = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            hours.clear();
            for (var e : TopicSnapshot.latestByKey(client, PREFIX + "brand.engagement.1h").entrySet()) {
                JsonNode w = JSON.readTree(e.getValue());
                hours.put(e.getKey(), w.get("mentions").asLong());
            }
            if (hours.equals(expected)) {
                break;
            }
            Thread.sleep(500);
        }
        return hours;
    }

    /** {@link TwoBrands} mentions as JSONL; counts them per brand and hour. */
    private static Path mentions(int count, Map<String, Long> expected) throws Exception {
        MentionCodec codec = MentionCodec.strict();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(new String(codec.encode(TwoBrands.mention("sec:", i)), StandardCharsets.UTF_8)).append('\n');
            expected.merge(TwoBrands.hourKey(i), 1L, Long::sum);
        }
        return Files.writeString(Files.createTempFile(dir, "mentions", ".jsonl"), lines);
    }

    /** A properties file with the topic prefix, the client settings under kafka.*, and more lines. */
    private static Path config(String name, Map<String, Object> client, String... lines) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("topic.prefix", PREFIX);
        client.forEach((k, v) -> p.setProperty("kafka." + k, String.valueOf(v)));
        for (String line : lines) {
            String[] kv = line.split("=", 2);
            p.setProperty(kv[0], kv[1]);
        }
        Path file = dir.resolve(name);
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
        return file;
    }

    private static AclBinding allow(String user, ResourceType type, String prefix, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
