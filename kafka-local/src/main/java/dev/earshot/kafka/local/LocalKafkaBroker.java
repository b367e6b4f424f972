package dev.earshot.kafka.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process acting as broker and controller),
 * running inside this JVM from the Kafka jars on the class path. No Docker, no download.
 *
 * <p>It listens on loopback only. Its data directory is formatted on first use and reused as is
 * afterwards, so topics and offsets survive a restart on the same directory; a broker built without
 * a directory uses a temporary one that {@link #close()} deletes.
 *
 * <p>Settings suit one node: internal topics (offsets, transactions, share groups) have a replication
 * factor of 1, so transactions and exactly-once processing work as on a cluster.
 *
 * <p>By default clients connect in plaintext and anyone may do anything, as a laptop broker should.
 * {@link Builder#secured(Tls)} turns on what a production cluster has instead: SASL/SCRAM over TLS
 * on the client port, mutual TLS on a second port, TLS between broker and controller, and ACLs that
 * deny whatever they do not grant.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final int port;
    private final int mutualTlsPort;
    private final Path dataDir;
    private final boolean temporary;
    private final Duration startupTime;
    private volatile boolean closed;

    private LocalKafkaBroker(KafkaRaftServer server, int port, int mutualTlsPort, Path dataDir, boolean temporary,
                             Duration startupTime) {
        this.server = server;
        this.port = port;
        this.mutualTlsPort = mutualTlsPort;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.startupTime = startupTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients connect to, {@code 127.0.0.1:PORT}: plaintext, or SASL/SCRAM over TLS when secured. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * The address of the mutual-TLS listener of a {@linkplain Builder#secured(Tls) secured} broker,
     * where a client proves who it is with its certificate.
     *
     * @throws IllegalStateException if the broker is not secured
     */
    public String mutualTlsBootstrapServers() {
        if (mutualTlsPort == 0) {
            throw new IllegalStateException("this broker is not secured: it has no mutual-TLS listener");
        }
        return HOST + ":" + mutualTlsPort;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Time from {@link Builder#start()} until the broker answered a client request. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The Kafka version of the broker jars in use. */
    public static String kafkaVersion() {
        return AppInfoParser.getVersion();
    }

    /** Stops the broker and waits for it; deletes the data directory when it was temporary. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                log.warn("could not delete temporary broker directory {}: {}", dataDir, e.getMessage());
            }
        }
        log.info("Local Kafka broker on {} stopped", bootstrapServers());
    }

    /**
     * A TLS identity, the broker's or a client's. The CN of its certificate is its principal; the
     * broker's is a super user, so that broker and controller may talk, and its certificate must be
     * valid for 127.0.0.1. The trust store holds the authority that signs broker and client certificates.
     *
     * @param keyStore   PKCS12 key store with the key and its certificate chain
     * @param trustStore PKCS12 trust store
     * @param password   password of both stores and of the key
     * @param principal  the CN of the certificate
     */
    public record Tls(Path keyStore, Path trustStore, String password, String principal) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(principal, "principal");
        }

        /** Client settings that log in over mutual TLS with this identity. */
        public Map<String, Object> mutualTlsClient() {
            Map<String, Object> client = new HashMap<>(stores());
            client.put("security.protocol", "SSL");
            return client;
        }

        /** The {@code ssl.*} settings naming both stores: the same keys for a broker and a client. */
        Map<String, String> stores() {
            return Map.of(
                    "ssl.keystore.type", "PKCS12",
                    "ssl.keystore.location", keyStore.toString(),
                    "ssl.keystore.password", password,
                    "ssl.key.password", password,
                    "ssl.truststore.type", "PKCS12",
                    "ssl.truststore.location", trustStore.toString(),
                    "ssl.truststore.password", password);
        }
    }

    /** Configures and starts a {@link LocalKafkaBroker}. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private Tls tls;
        private final List<String> superUsers = new ArrayList<>();
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Where the broker keeps its log and metadata; null (the default) uses a temporary directory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Any broker setting, applied over Earshot's single-node defaults. */
        public Builder property(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Secures the broker: SASL/SCRAM-SHA-512 over TLS on the client port, mutual TLS on a second
         * port, TLS with client certificates between broker and controller, and the standard
         * authorizer with {@code allow.everyone.if.no.acl.found=false}, so a principal may do only
         * what an ACL grants. SCRAM users and ACLs are then created through the admin API by a
         * {@linkplain #superUser super user}.
         */
        public Builder secured(Tls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** A principal name (a certificate CN or a SCRAM user) that every ACL check lets through. */
        public Builder superUser(String name) {
            superUsers.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Formats the data directory if it is new, starts the broker and returns once it answers
         * client requests.
         *
         * @throws IllegalStateException if the port is taken or the broker does not come up in time
         */
        public LocalKafkaBroker start() {
            long started = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("earshot-kafka-") : Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the broker data directory " + dataDir, e);
            }
            int[] free = LoopbackPorts.free(3, port);
            int clientPort = port == 0 ? free[0] : requireFree(port);
            int controllerPort = free[1];
            int mutualTlsPort = tls == null ? 0 : free[2];
            Properties props = configuration(dir, clientPort, controllerPort, mutualTlsPort);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            formatIfNew(config, dir);

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                throw new IllegalStateException("the local Kafka broker failed to start: " + e.getMessage(), e);
            }
            String bootstrap = HOST + ":" + clientPort;
            try {
                // A secured broker is asked through its mutual-TLS port, as the broker itself: a super user.
                Map<String, Object> probe = new HashMap<>(tls == null ? Map.of() : tls.mutualTlsClient());
                probe.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tls == null ? bootstrap : HOST + ":" + mutualTlsPort);
                awaitReady(probe, startTimeout);
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            LocalKafkaBroker ready = new LocalKafkaBroker(server, clientPort, mutualTlsPort, dir, temporary,
                    Duration.ofNanos(System.nanoTime() - started));
            log.info("Local Kafka {} broker ready on {}{} in {} ms (data in {})", kafkaVersion(), bootstrap,
                    tls == null ? "" : " (SASL_SSL; mutual TLS on " + ready.mutualTlsBootstrapServers() + ")",
                    ready.startupTime().toMillis(), dir);
            return ready;
        }

        private Properties configuration(Path dir, int clientPort, int controllerPort, int mutualTlsPort) {
            Properties p = new Properties();
            p.put("node.id", "1");
            p.put("process.roles", "broker,controller");
            p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
            p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", dir.resolve("log").toString());
            // One node: internal topics cannot have more than one replica.
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "10");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "10");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            // No point waiting for more group members on a laptop; makes consumers start at once.
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.partitions", "1");
            p.put("auto.create.topics.enable", "true");
            p.put("num.network.threads", "2");
            p.put("num.io.threads", "4");
            p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
            if (tls != null) {
                secure(p, clientPort, mutualTlsPort, controllerPort);
            }
            p.putAll(overrides);
            return p;
        }

        private void secure(Properties p, int clientPort, int mutualTlsPort, int controllerPort) {
            p.put("listeners", "CLIENT://" + HOST + ":" + clientPort + ",MTLS://" + HOST + ":" + mutualTlsPort
                    + ",CONTROLLER://" + HOST + ":" + controllerPort);
            p.put("advertised.listeners", "CLIENT://" + HOST + ":" + clientPort + ",MTLS://" + HOST + ":" + mutualTlsPort);
            p.put("listener.security.protocol.map", "CLIENT:SASL_SSL,MTLS:SSL,CONTROLLER:SSL");
            p.put("inter.broker.listener.name", "MTLS");
            p.putAll(tls.stores());
            p.put("listener.name.mtls.ssl.client.auth", "required");
            p.put("listener.name.controller.ssl.client.auth", "required");
            // A certificate's principal is its CN, so ACLs name User:analyst, not a whole DN.
            p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+).*$/$1/,DEFAULT");
            p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("allow.everyone.if.no.acl.found", "false");
            StringBuilder users = new StringBuilder("User:").append(tls.principal());
            superUsers.forEach(u -> users.append(";User:").append(u));
            p.put("super.users", users.toString());
        }

        private static void formatIfNew(KafkaConfig config, Path dir) {
            if (Files.exists(Path.of(config.metadataLogDir(), "meta.properties"))) {
                return;
            }
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
                new Formatter()
                        .setPrintStream(out)
                        .setNodeId(config.nodeId())
                        .setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName(config.controllerListenerNames().get(0))
                        .setMetadataLogDirectory(config.metadataLogDir())
                        .addDirectory(config.metadataLogDir())
                        .run();
            } catch (Exception e) {
                throw new IllegalStateException("cannot format the broker data directory " + dir + ": " + e.getMessage(), e);
            }
            log.debug("Formatter: {}", sink.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static void awaitReady(Map<String, Object> client, Duration timeout) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Object bootstrap = client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (brokers > 0) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the local Kafka broker on " + bootstrap
                                + " did not answer within " + timeout.toSeconds() + " s", e);
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the local Kafka broker", e);
        }
    }

    private static int requireFree(int port) {
        // SO_REUSEADDR as the broker itself binds: a port left in TIME_WAIT by a stopped broker is free.
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + HOST
                    + " is already in use; choose another port", e);
        }
    }
}
