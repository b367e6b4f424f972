package dev.earshot.app;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.streams.PipelineConfig;
import dev.earshot.streams.query.QueryServer;
import dev.earshot.streams.query.QuerySettings;
import dev.earshot.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earshot streams}: runs the exactly-once pipeline and its query API until Ctrl+C. */
@Command(name = "streams",
        mixinStandardHelpOptions = true,
        description = {"Runs the Kafka Streams app: classifies mentions.raw, writes mentions.classified, the",
            "per-brand engagement windows, share of voice and feedback-spike alerts, exactly once. Creates missing",
            "topics, reloads edited brand and rule files, serves the query API, stops cleanly on Ctrl+C."})
final class StreamsCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka brokers (default: from --config, EARSHOT_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--brands", required = true, description = "Brand file (YAML).")
    Path brands;

    @Option(names = "--rules", description = "Rule file extending the default pack.")
    Path rules;

    @Option(names = "--model", description = "Feedback model written by 'earshot train' (default: classifier.model); reloaded when it changes.")
    Path model;

    @Option(names = "--sentiment-model", description = "Sentiment model written by 'earshot train-sentiment' (default: "
            + "classifier.sentiment.model); reloaded when it changes.")
    Path sentimentModel;

    @Option(names = "--config", description = "Properties file with pipeline settings (see the README).")
    Path config;

    @Option(names = "--state-dir", description = "Where the state stores live (default: state.dir, .earshot/state).")
    Path stateDir;

    @Option(names = "--http-port", defaultValue = "8080", description = "Query API port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1",
            description = "Query API address (default: ${DEFAULT-VALUE}, loopback only).")
    String httpHost;

    @Option(names = "--advertised-host",
            description = "Address other instances reach this one's query API at (default: --http-host, or this host's IP when that is 0.0.0.0).")
    String advertisedHost;

    @Option(names = "--http-token-file",
            description = "File holding the query API's token (else EARSHOT_HTTP_TOKEN); required when --http-host is not loopback.")
    Path httpTokenFile;

    @Option(names = "--influencer-followers", defaultValue = "10000", description = "Influencer threshold (default: ${DEFAULT-VALUE}).")
    long influencerFollowers;

    @Override
    public Integer call() throws Exception {
        dev.earshot.model.Settings settings = dev.earshot.model.Settings.load(config, System.getenv());
        String token = CommandSecrets.of(httpTokenFile, settings, "http.token");
        boolean loopback = java.net.InetAddress.getByName(httpHost).isLoopbackAddress();
        if (!loopback && (token == null || token.isBlank())) {
            System.err.println("The query API and dashboard would listen on " + httpHost + " without a token: give one with "
                    + "--http-token-file FILE or EARSHOT_HTTP_TOKEN, or keep --http-host on loopback.");
            return 2;
        }
        PipelineConfig pipeline = PipelineConfig.from(settings).withBootstrapServers(bootstrapServers).withStateDir(stateDir)
                .withClassifierModel(model);
        Map<String, Object> admin = new HashMap<>(pipeline.kafka());
        admin.put("bootstrap.servers", pipeline.bootstrapServers());
        KafkaAccess.check(admin, pipeline.topics().all(), settings.getDuration(KafkaAccess.TIMEOUT_KEY, KafkaAccess.DEFAULT_TIMEOUT));
        StreamsApp.createTopics(pipeline, admin);
        // Other instances forward queries here: an address they can reach, not the wildcard.
        String advertised = advertisedHost != null ? advertisedHost
                : "0.0.0.0".equals(httpHost) ? java.net.InetAddress.getLocalHost().getHostAddress() : httpHost;
        Map<String, Object> extra = Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised + ":" + httpPort);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        // The JVM exits when shutdown hooks return: this one waits until the app has closed. Registered
        // before the app starts, so a Ctrl+C during a long start (a restore) still stops it cleanly: the
        // next start would otherwise find no clean-stop mark and restore every store from scratch.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            DemoCommand.awaitQuietly(finished);
        }, "streams-stop"));
        try {
            Throwable failure;
            try (StreamsApp app = new StreamsApp(pipeline, brands, rules,
                    sentimentModelOrSetting(ClassifierSettings.from(settings)).withInfluencerFollowers(influencerFollowers), extra)) {
                app.start(Duration.ofSeconds(2));
                try (QueryServer query = new QueryServer(httpHost, httpPort, app,
                        new HostInfo(advertised, httpPort), token, QuerySettings.from(settings))) {
                    System.out.printf("Earshot streams running against %s (application %s); query API on http://%s:%d%s. Ctrl+C stops.%n",
                            pipeline.bootstrapServers(), pipeline.applicationId(), httpHost, query.port(),
                            token == null || token.isBlank() ? "" : " (token required; open /dashboard/?token=… once in a browser)");
                    app.fatal().thenRun(stopped::countDown);
                    stopped.await();
                    System.out.println("Stopping the streams app…");
                }
                failure = app.fatal().getNow(null);
            }
            // Everything is said before the shutdown hook is released: once it returns, the JVM halts, and a
            // line printed after that may never appear (StreamsCommandIT waits for "Stopped.").
            if (failure != null) {
                String why = KafkaAccess.explain(failure);
                System.err.println("earshot streams: " + (why != null ? why : failure.getMessage()));
            } else {
                System.out.println("Stopped.");
            }
            System.out.flush();
            return failure != null ? 1 : 0;
        } finally {
            // Released last, and also when closing fails, so a SIGTERM's hook never waits in vain.
            finished.countDown();
        }
    }

    /** The --sentiment-model given, or else classifier.sentiment.model from the configuration. */
    private ClassifierSettings sentimentModelOrSetting(ClassifierSettings fromConfig) {
        return sentimentModel == null ? fromConfig : fromConfig.withSentimentModel(sentimentModel);
    }
}
