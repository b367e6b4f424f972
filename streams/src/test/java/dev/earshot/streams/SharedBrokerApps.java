package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.kafka.local.ConsumerGroups;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Settings;
import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * Waits until the app has parsed {@code mentions} and committed its reading of the input and of
     * {@code mentions-by-brand}: every figure of them is then in the output topics, read committed.
     */
    static void awaitDrained(TestKafka kafka, PipelineConfig config, StreamsApp app, long mentions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (app.counters().parsed() < mentions && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(mentions, app.counters().parsed());
        ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), config.applicationId(), config.topics().raw(), -1,
                Duration.ofMinutes(2));
        ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), config.applicationId(),
                config.applicationId() + "-mentions-by-brand-repartition", -1, Duration.ofMinutes(2));
    }
}
