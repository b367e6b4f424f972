package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mention that comes after its window closed, just after a restart, leaves the window, and the
 * hour's highlights, as they were published. Kafka Streams' windowed aggregate starts its own stream time afresh at each start: it let
 * such a partial through, found the closed window gone from its store, and published a window of the
 * late mention alone over the one published whole.
 */
class LateAfterRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aLateMentionJustAfterARestartLeavesItsPublishedWindowWhole() throws Exception {
        TestKafka kafka = TestKafka.shared();
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        PipelineConfig config = SharedBrokerApps.onePartition(kafka, "late", dir);
        Instant minute = Instant.parse("2026-11-20T10:00:00Z");
        Instant later = minute.plus(Duration.ofDays(3)); // past the windows' grace of a day
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            send(kafka, config, mention("a1", minute.plusSeconds(10), "Lumora is fine"), mention("a2", minute.plusSeconds(20),
                    "Lumora works well"));
            awaitMinute(kafka, config, "lumora@" + minute, 2);
            send(kafka, config, mention("b1", later, "Lumora three days on"));
            awaitMinute(kafka, config, "lumora@" + later.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), 1);
        }
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            send(kafka, config, mention("c1", minute.plusSeconds(40), "Lumora late to the party"));
            Instant after = later.plus(Duration.ofMinutes(1));
            send(kafka, config, mention("d1", after, "Lumora a minute on"));
            awaitMinute(kafka, config, "lumora@" + after.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), 1);
            assertEquals(2L, minutes(kafka, config).get("lumora@" + minute), "the closed window as it was published");
            assertEquals(java.util.Set.of("@a1", "@a2"), influencers(kafka, config, "lumora@" + minute),
                    "the closed hour's highlights as they were published");
        }
    }

    /** The handles among the latest highlights of a brand's hour on brand.highlights.1h. */
    private static java.util.Set<String> influencers(TestKafka kafka, PipelineConfig config, String key) throws Exception {
        java.util.Set<String> handles = new java.util.TreeSet<>();
        byte[] latest = null;
        for (var r : TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().highlightsHour())) {
            if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                latest = r.value();
            }
        }
        if (latest != null) {
            JSON.readTree(latest).get("influencers").forEach(a -> handles.add(a.get("handle").asText()));
        }
        return handles;
    }

    private static Mention mention(String id, Instant at, String text) {
        return new Mention("late:" + id, "reddit", at, new Mention.Author("@" + id, 10, false), text, "", List.of(), "en",
                new Mention.Engagement(1, 0, 0, 0), false);
    }

    private static void send(TestKafka kafka, PipelineConfig config, Mention... mentions) throws Exception {
        MentionCodec codec = MentionCodec.strict();
        TestKafka.send(kafka.bootstrapServers(), java.util.Arrays.stream(mentions)
                .map(m -> TestKafka.record(config.topics().raw(), m.id(), codec.encode(m))).toList());
    }

    /** The latest mentions count of each key of brand.engagement.1m. */
    private static Map<String, Long> minutes(TestKafka kafka, PipelineConfig config) throws Exception {
        Map<String, Long> latest = new LinkedHashMap<>();
        for (var r : TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().engagementMinute())) {
            latest.put(new String(r.key(), StandardCharsets.UTF_8), JSON.readTree(r.value()).get("mentions").asLong());
        }
        return latest;
    }

    private static void awaitMinute(TestKafka kafka, PipelineConfig config, String key, long mentions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Long.valueOf(mentions).equals(minutes(kafka, config).get(key)) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(mentions, minutes(kafka, config).get(key), key + " in " + minutes(kafka, config));
    }
}
