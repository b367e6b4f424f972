package dev.earshot.app;

import dev.earshot.ingest.IngestConfig;
import dev.earshot.model.Settings;
import dev.earshot.model.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where Kafka is and how to reach it: shared by every command that talks to Kafka. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka brokers, host:port[,…] (default: bootstrap.servers "
            + "from --config or EARSHOT_BOOTSTRAP_SERVERS, else 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--config", description = "Properties file with Earshot settings (kafka.* for client security).")
    Path config;

    Settings settings() {
        return Settings.load(config, System.getenv());
    }

    /** The ingest settings, without asking Kafka anything: for what a command checks before it connects. */
    IngestConfig config() {
        return config(settings());
    }

    private IngestConfig config(Settings settings) {
        return IngestConfig.from(settings).withBootstrapServers(bootstrapServers);
    }

    /**
     * The ingest settings, once Kafka has answered and let this client see {@code topics}; fails
     * with a message that says what to fix when it does not.
     */
    IngestConfig connect(Function<Topics, List<String>> topics) {
        Settings settings = settings();
        IngestConfig config = config(settings);
        KafkaAccess.check(config.clientSettings(), topics.apply(config.topics()),
                settings.getDuration(KafkaAccess.TIMEOUT_KEY, KafkaAccess.DEFAULT_TIMEOUT));
        return config;
    }
}
