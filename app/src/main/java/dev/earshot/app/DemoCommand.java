package dev.earshot.app;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.ingest.MentionGenerator;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.kafka.local.LocalKafkaBroker;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import dev.earshot.streams.PipelineConfig;
import dev.earshot.streams.query.QueryServer;
import dev.earshot.streams.StreamsApp;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code earshot demo}: the whole pipeline on one machine. Starts the local broker, creates the
 * topics, starts the streams app and its query API, and feeds it generated mentions of seven invented
 * brands in three competitor sets: first the last 90 minutes at full speed (with a feedback spike for
 * Lumora 20 minutes ago), then live, a few mentions a second. Ctrl+C stops everything and removes
 * the demo's data.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline end to end on this machine with generated mentions: local broker,",
            "streams app, query API. Ctrl+C stops everything and leaves nothing running."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--http-port", defaultValue = "8080", description = "Query API port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Local broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--bootstrap-servers", description = {"Use this Kafka cluster instead of starting a local broker: the demo's",
        "topics there are named earshot-demo-<time>.… and deleted when it stops, so a pipeline already on the cluster",
        "is neither read nor written."})
    String bootstrapServers;

    @Option(names = "--events-per-second", defaultValue = "5", description = "Live pace of mentions (default: ${DEFAULT-VALUE}).")
    double eventsPerSecond;

    @Override
    public Integer call() throws Exception {
        for (String taken : new String[] {
                bootstrapServers == null ? PortsInUse.taken("127.0.0.1", kafkaPort, "Kafka", "--kafka-port") : null,
                PortsInUse.taken("127.0.0.1", httpPort, "query API", "--http-port")}) {
            if (taken != null) {
                System.err.println(taken);
                return 2;
            }
        }
        Path work = Files.createTempDirectory("earshot-demo-");
        Path brandFile = work.resolve("brands.yaml");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo-brands.yaml")) {
            Files.write(brandFile, in.readAllBytes());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        // The JVM exits when shutdown hooks return: this one waits until everything is closed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            awaitQuietly(finished);
        }, "demo-stop"));
        LocalKafkaBroker broker = null;
        try {
            String bootstrap = bootstrapServers;
            if (bootstrap == null) {
                System.out.println("Starting the local Kafka broker…");
                broker = LocalKafkaBroker.builder().port(kafkaPort).dataDir(work.resolve("kafka")).start();
                bootstrap = broker.bootstrapServers();
            }
            // The backfill replays 90 minutes in seconds. The windows' default grace (24 h) would cover the
            // skew between several partitions, but spike detection closes its windows as event time
            // passes, with no grace: one partition keeps the backfill in order for the demo's alert.
            // On a cluster of its own it needs no prefix; on one given, its own names keep it from reading a
            // real mentions.raw and from raising its invented spike on the alerts a forwarder posts.
            String stamp = "earshot-demo-" + System.currentTimeMillis();
            demoPrefix = bootstrapServers == null ? "" : stamp + ".";
            PipelineConfig config = PipelineConfig.from(Settings.of(Map.of(
                    "bootstrap.servers", bootstrap,
                    "topic.prefix", demoPrefix,
                    "application.id", stamp,
                    "state.dir", work.resolve("state").toString(),
                    "topic.partitions", "1",
                    // The broker runs in this process on the same cores: one stream thread measured as fast
                    // as two or faster in the drain benchmark (README, Status).
                    "threads", "1")));
            demoConfig = config; // before the topics are made: a creation that fails halfway leaves some to delete
            StreamsApp.createTopics(config, Map.of("bootstrap.servers", bootstrap));
            try (StreamsApp app = new StreamsApp(config, brandFile, null, ClassifierSettings.DEFAULT,
                    Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + httpPort))) {
                app.start(Duration.ofSeconds(2));
                try (QueryServer query = new QueryServer("127.0.0.1", httpPort, app,
                        new HostInfo("127.0.0.1", httpPort));
                        MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", bootstrap),
                                config.topics().raw(), MentionCodec.strict())) {
                    System.out.printf("%nEarshot demo running.%n  Dashboard:  http://127.0.0.1:%d/dashboard/%n"
                                    + "  Query API:  http://127.0.0.1:%d/api/summary, /api/brands/lumora/windows, /api/brands/lumora/themes, /api/alerts, /metrics%n"
                                    + "  Kafka:      %s%n  Topics:     %s%n"
                                    + "  Read them:  %s./earshot tail engagement --bootstrap-servers %s   (or share-of-voice, alerts, classified, highlights, themes)%n"
                                    + "Ctrl+C stops everything.%n%n",
                            query.port(), query.port(), bootstrap, String.join(", ", config.topics().all()),
                            demoPrefix.isEmpty() ? "" : "EARSHOT_TOPIC_PREFIX=" + demoPrefix + " ", bootstrap);
                    Thread feeder = new Thread(() -> feed(brandFile, publisher, stopped), "demo-feed");
                    feeder.setDaemon(true);
                    feeder.start();
                    stopped.await();
                    System.out.println("\nStopping the demo…");
                    feeder.interrupt();
                    feeder.join(5_000);
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            } else if (demoConfig != null) {
                deleteTopics(demoConfig);
            }
            try {
                Utils.delete(work.toFile());
            } catch (java.io.IOException e) {
                System.err.println("could not delete the demo's directory " + work + ": " + e.getMessage());
            }
            System.out.println("Demo stopped; nothing left running.");
            finished.countDown();
        }
        return 0;
    }

    /** The demo's topics on a cluster it was given (null until created), and their prefix. */
    private PipelineConfig demoConfig;
    private String demoPrefix = "";

    /**
     * Deletes the topics the demo made on a cluster it was given: its own, and the streams app's
     * internal ones, named after its application id.
     */
    private static void deleteTopics(PipelineConfig config) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of("bootstrap.servers", config.bootstrapServers()))) {
            java.util.Set<String> mine = new java.util.TreeSet<>();
            for (String topic : admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS)) {
                if (config.topics().all().contains(topic) || topic.startsWith(config.applicationId() + "-")) {
                    mine.add(topic);
                }
            }
            admin.deleteTopics(mine).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("Deleted the demo's %d topics.%n", mine.size());
        } catch (Exception e) {
            System.err.println("could not delete the demo's topics (those named " + config.topics().prefix() + "… and "
                    + config.applicationId() + "-…): " + e.getMessage());
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void feed(Path brandFile, MentionPublisher publisher, CountDownLatch stopped) {
        try {
            BrandCatalog catalog = BrandCatalog.load(brandFile);
            List<MentionGenerator.BrandName> names = GeneratorBrands.of(catalog);
            Instant now = Instant.now();
            Instant start = now.minus(Duration.ofMinutes(90));
            Instant spikeAt = now.minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
            MentionGenerator generator = new MentionGenerator(names, System.nanoTime(), -1, start, eventsPerSecond,
                    new MentionGenerator.Spike("lumora", spikeAt, Duration.ofMinutes(15), 0.5));
            long backfilled = 0;
            long expected = (long) (Duration.between(start, now).toSeconds() * eventsPerSecond);
            while (stopped.getCount() > 0) {
                Mention m = generator.next();
                long wait = Duration.between(Instant.now(), m.createdAt()).toMillis();
                if (wait > 0) {
                    if (backfilled >= 0) {
                        System.out.printf(Locale.ROOT, "\rBackfilled the last 90 minutes: %,d mentions. Now live at about %.0f a second.%n",
                                backfilled, eventsPerSecond);
                        backfilled = -1;
                    }
                    Thread.sleep(wait);
                } else if (backfilled >= 0 && ++backfilled % 500 == 0) {
                    int width = 30;
                    int done = (int) Math.min(width, width * backfilled / Math.max(1, expected));
                    System.out.printf(Locale.ROOT, "\r[%s%s] backfilling %,d mentions", "=".repeat(done), " ".repeat(width - done), backfilled);
                }
                publisher.publish(m);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("demo feed stopped: " + e.getMessage());
        }
    }
}
