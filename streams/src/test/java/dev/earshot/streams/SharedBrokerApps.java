package dev.earshot.streams;

import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Settings;
import java.nio.file.Path;
import java.util.Map;

/** A streams app's settings on the shared test broker, with topics of its own. */
final class SharedBrokerApps {
    private SharedBrokerApps() {
    }

    /**
     * One stream thread over topics of one partition (so one task reads them in order), named after
     * {@code name} and the time, its state under {@code dir}, the topics created.
     */
    static PipelineConfig onePartition(TestKafka kafka, String name, Path dir) throws InterruptedException {
        String prefix = name + System.nanoTime() + ".";
        PipelineConfig config = PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "topic.prefix", prefix, "topic.partitions", "1", "application.id", "earshot-" + prefix,
                "state.dir", dir.resolve("state").toString(), "threads", "1")));
        StreamsApp.createTopics(config, Map.of("bootstrap.servers", kafka.bootstrapServers()));
        return config;
    }
}
