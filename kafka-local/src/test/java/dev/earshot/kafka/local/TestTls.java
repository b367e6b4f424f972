package dev.earshot.kafka.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Throwaway certificates for a {@linkplain LocalKafkaBroker.Builder#secured secured} test broker,
 * made with the JDK's own {@code keytool}: an authority, a trust store holding it, and PKCS12 key
 * stores for the broker and for clients, each certificate signed by the authority and valid for
 * 127.0.0.1. A second, untrusted authority signs certificates that the broker must refuse.
 */
public final class TestTls {
    /** Password of every store and key made here. */
    public static final String PASSWORD = "test-store-password";

    private final Path dir;

    private TestTls(Path dir) {
        this.dir = dir;
    }

    /** Makes the authorities and the trust store in {@code dir}. */
    public static TestTls create(Path dir) throws IOException, InterruptedException {
        TestTls tls = new TestTls(dir);
        for (String authority : List.of("ca", "rogue-ca")) {
            tls.keytool("-genkeypair", "-alias", authority, "-dname", "CN=earshot-test-" + authority,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-ext", "bc:c",
                    "-storetype", "PKCS12", "-keystore", tls.store(authority), "-storepass", PASSWORD);
            tls.keytool("-exportcert", "-rfc", "-alias", authority, "-keystore", tls.store(authority),
                    "-storepass", PASSWORD, "-file", tls.file(authority + ".pem"));
        }
        tls.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", tls.file("ca.pem"),
                "-storetype", "PKCS12", "-keystore", tls.store("truststore"), "-storepass", PASSWORD);
        return tls;
    }

    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** The identity {@code CN=name}, signed by the trusted authority. */
    public LocalKafkaBroker.Tls identity(String name) throws IOException, InterruptedException {
        return new LocalKafkaBroker.Tls(issue(name, "ca"), trustStore(), PASSWORD, name);
    }

    /** The identity {@code CN=name}, signed by an authority the broker does not trust. */
    public LocalKafkaBroker.Tls untrustedIdentity(String name) throws IOException, InterruptedException {
        return new LocalKafkaBroker.Tls(issue(name, "rogue-ca"), trustStore(), PASSWORD, name);
    }

    /** Client settings for SASL/SCRAM-SHA-512 over TLS. */
    public Map<String, Object> scramClient(String user, String password) {
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", trustStore().toString(),
                "ssl.truststore.password", PASSWORD);
    }

    private Path issue(String name, String authority) throws IOException, InterruptedException {
        String store = store(name);
        if (java.nio.file.Files.exists(Path.of(store))) {
            return Path.of(store);
        }
        keytool("-genkeypair", "-alias", name, "-dname", "CN=" + name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store, "-storepass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", PASSWORD, "-file", file(name + ".csr"));
        keytool("-gencert", "-rfc", "-alias", authority, "-keystore", store(authority), "-storepass", PASSWORD,
                "-infile", file(name + ".csr"), "-outfile", file(name + ".pem"), "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", authority, "-file", file(authority + ".pem"),
                "-keystore", store, "-storepass", PASSWORD);
        keytool("-importcert", "-alias", name, "-file", file(name + ".pem"), "-keystore", store, "-storepass", PASSWORD);
        return Path.of(store);
    }

    private String store(String name) {
        return file(name + ".p12");
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
        }
    }
}
