package dev.earshot.kafka.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for integration tests: a Testcontainers {@code apache/kafka} container where a
 * Docker engine answers, the in-process {@link LocalKafkaBroker} otherwise.
 *
 * <p>Choose with the system property {@code earshot.test.broker} or the environment variable
 * {@code EARSHOT_TEST_BROKER}: {@code embedded}, {@code container} or {@code auto} (the default).
 */
public interface TestKafka extends AutoCloseable {

    String bootstrapServers();

    /** What kind of broker this is and where, for test output. */
    String description();

    @Override
    void close();

    /** Starts a new broker of the selected kind. */
    static TestKafka start() {
        String mode = System.getProperty("earshot.test.broker",
                System.getenv().getOrDefault("EARSHOT_TEST_BROKER", "auto")).toLowerCase(Locale.ROOT);
        TestKafka kafka = switch (mode) {
            case "embedded" -> new Embedded();
            case "container" -> new Container();
            case "auto" -> dockerAvailable() ? new Container() : new Embedded();
            default -> throw new IllegalArgumentException(
                    "earshot.test.broker must be embedded, container or auto, was " + mode);
        };
        System.out.println("[earshot-it] integration tests run against " + kafka.description());
        return kafka;
    }

    /**
     * How often the test broker enforces retention, instead of every 5 minutes after a 30 s delay. Test
     * data carries fixed event times that fall further behind the calendar every day; a record that
     * depends on the broker's default retention (7 days, measured from record timestamps) would be
     * deleted in production and must fail here today, not on a later date.
     */
    long RETENTION_CHECK_MS = 1_000;

    /**
     * Creates a test topic and waits until its leaders serve requests. Its retention is unlimited:
     * test records may carry event times of any age, and a test deletes nothing on purpose.
     *
     * <p>Waits for the leaders (they answer for their end offsets).
     * Producing in the gap between the controller's answer and the leaders taking over can strand an
     * idempotent producer's first batch in an endless OUT_OF_ORDER_SEQUENCE retry (KAFKA-14359),
     * which a test would read as lost data. Metadata naming a leader is not enough.
     */
    static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                    if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                        d.partitions().forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                        admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " has no leader after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Sends records in their order and returns once the broker has acknowledged every one: an
     * idempotent producer waiting for all in-sync replicas, so each record is in its topic once and a
     * failed send fails the test here rather than as a miscount later.
     */
    static void send(String bootstrapServers, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "enable.idempotence", true, "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sends = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                sends.add(producer.send(record));
            }
            for (Future<?> sent : sends) {
                sent.get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** A record keyed by a string in UTF-8, as Earshot keys a mention by its id; a null key stays null. */
    static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    /**
     * The committed records of a topic from its beginning up to its end offsets as of the call, read
     * without a consumer group: every record the topic holds, not what arrived before a quiet spell.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrapServers,
                                                                                              String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", bootstrapServers, "isolation.level", "read_committed", "enable.auto.commit", false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offset under read_committed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end + " within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** One broker for the whole test JVM, started on first use and stopped at exit. */
    static TestKafka shared() {
        return Shared.INSTANCE;
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers costs seconds of probing when there is no engine at all.
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        try {
            return hint && DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Holder idiom: the shared broker starts when first asked for. */
    final class Shared {
        static final TestKafka INSTANCE = start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE::close, "test-kafka-stop"));
        }

        private Shared() {
        }
    }

    /** The in-process KRaft broker on a free loopback port and a temporary directory. */
    final class Embedded implements TestKafka {
        private final LocalKafkaBroker broker = LocalKafkaBroker.builder()
                .property("log.retention.check.interval.ms", String.valueOf(RETENTION_CHECK_MS))
                .property("log.initial.task.delay.ms", "0")
                .start();

        @Override
        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        public String description() {
            return "an embedded KRaft broker (Kafka " + LocalKafkaBroker.kafkaVersion() + ") at "
                    + broker.bootstrapServers() + ", started in " + broker.startupTime().toMillis() + " ms";
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    /** An {@code apache/kafka} container of the same version as the client jars. */
    final class Container implements TestKafka {
        private final KafkaContainer container;

        Container() {
            container = new KafkaContainer("apache/kafka:" + LocalKafkaBroker.kafkaVersion())
                    .withEnv("KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS", String.valueOf(RETENTION_CHECK_MS))
                    .withEnv("KAFKA_LOG_INITIAL_TASK_DELAY_MS", "0");
            container.start();
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public String description() {
            return "a Testcontainers apache/kafka:" + LocalKafkaBroker.kafkaVersion() + " container at "
                    + container.getBootstrapServers();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
