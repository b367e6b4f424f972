package dev.earshot.app;

import dev.earshot.ingest.IngestConfig;
import dev.earshot.model.Settings;
import java.nio.file.Path;
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

    IngestConfig ingestConfig() {
        return IngestConfig.from(settings()).withBootstrapServers(bootstrapServers);
    }
}
