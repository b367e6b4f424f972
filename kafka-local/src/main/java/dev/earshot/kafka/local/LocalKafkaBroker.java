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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
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
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;
    private final boolean temporary;
    private final Duration startupTime;
    private volatile boolean closed;

    private LocalKafkaBroker(KafkaRaftServer server, int port, Path dataDir, boolean temporary, Duration startupTime) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.startupTime = startupTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients connect to, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
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
            deleteRecursively(dataDir);
        }
        log.info("Local Kafka broker on {} stopped", bootstrapServers());
    }

    /** Configures and starts a {@link LocalKafkaBroker}. */
    public static final class Builder {
        private int port;
        private Path dataDir;
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
            int clientPort = port == 0 ? freePort() : requireFree(port);
            int controllerPort = freePort();
            Properties props = configuration(dir, clientPort, controllerPort);
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
                awaitReady(bootstrap, startTimeout);
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            LocalKafkaBroker ready = new LocalKafkaBroker(server, clientPort, dir, temporary,
                    Duration.ofNanos(System.nanoTime() - started));
            log.info("Local Kafka {} broker ready on {} in {} ms (data in {})", kafkaVersion(),
                    bootstrap, ready.startupTime().toMillis(), dir);
            return ready;
        }

        private Properties configuration(Path dir, int clientPort, int controllerPort) {
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
            p.putAll(overrides);
            return p;
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

    private static void awaitReady(String bootstrap, Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
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
                    + " is already in use; choose another with --port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete temporary broker directory {}: {}", dir, e.getMessage());
        }
    }
}
