package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeats sent after the app restarts are still dropped: the Bloom filters in front of the mention-id
 * store ({@link RecentIds}) are built again from the store when a task starts, both from the RocksDB
 * files a clean restart finds on disk and from the changelog on a new machine, and a late id the
 * store keeps after a restart is kept by the filters too.
 */
class DedupeRestartIT {
    private static final MentionCodec CODEC = MentionCodec.strict();
    private static final int EACH = 40;

    @TempDir
    Path dir;

    @Test
    void repeatsAfterARestartAreDroppedFromTheStoreOnDiskAndFromTheChangelog() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "dedupe" + System.nanoTime() + ".";
        Path brands = Files.writeString(dir.resolve("brands.yaml"), PipelineTest.BRANDS);
        PipelineConfig onDisk = config(kafka, prefix, dir.resolve("state"));
        StreamsApp.createTopics(onDisk, Map.of("bootstrap.servers", kafka.bootstrapServers()));
        // An hour ago, and yesterday: ids in two periods of the default day-long retention.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        Instant dayBefore = at.minus(Duration.ofDays(1));

        run(onDisk, brands, kafka, mentions("a", at, dayBefore), EACH, 0);
        assertTrue(Files.exists(dir.resolve("state").resolve(onDisk.applicationId()).resolve(StreamsApp.CLEAN_STOP)),
                "a clean stop, so the next run opens the store on disk");
        // The same state directory: the store is on disk, nothing to restore. First, before anything
        // else on its partition, a mention four days old and its repeat: the store, whose stream time
        // starts unknown after a restart, keeps such an id, so the filters must too.
        Mention old = mention("old:0", at.minus(Duration.ofDays(4)));
        run(onDisk, brands, kafka, concat(List.of(old, old), mentions("a", at, dayBefore), mentions("b", at, dayBefore)),
                2 * EACH + 1, EACH + 1);
        // A new state directory: the store comes back from its changelog.
        run(config(kafka, prefix, dir.resolve("elsewhere")), brands, kafka,
                concat(mentions("b", at, dayBefore), mentions("a", at, dayBefore), mentions("c", at, dayBefore)),
                3 * EACH + 1, 2 * EACH);

        Map<String, Integer> published = new TreeMap<>();
        ClassifiedMentionCodec pairs = new ClassifiedMentionCodec(CODEC);
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), onDisk.topics().classified())) {
            published.merge(pairs.decode(r.value()).mention().id(), 1, Integer::sum);
        }
        assertEquals(3 * EACH + 1, published.size(), "every mention published: " + published.keySet());
        assertEquals(List.of(1), published.values().stream().distinct().toList(), "each once: " + published);
    }

    private static PipelineConfig config(TestKafka kafka, String prefix, Path stateDir) {
        return PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix,
                "application.id", "earshot-" + prefix, "state.dir", stateDir.toString())));
    }

    /** Sends the mentions, runs the app until it has read them all, and stops it cleanly (a commit). */
    private static void run(PipelineConfig config, Path brands, TestKafka kafka, List<Mention> mentions, int classified,
                            int repeats) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Mention m : mentions) {
            records.add(TestKafka.record(config.topics().raw(), m.id(), CODEC.encode(m)));
        }
        TestKafka.send(kafka.bootstrapServers(), records);
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (app.counters().parsed() < mentions.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(mentions.size(), app.counters().parsed());
            int published = 0;
            while (published < classified && System.nanoTime() < deadline) {
                Thread.sleep(200);
                published = TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().classified()).size();
            }
            assertEquals(classified, published, "published so far, each mention once");
            // Counted after parsing, on the same thread: by now every mention has gone past.
            assertEquals(repeats, app.counters().duplicates(), "repeats dropped");
        }
    }

    /** {@value #EACH} mentions of one brand, every other one a day earlier. */
    private static List<Mention> mentions(String series, Instant at, Instant dayBefore) {
        List<Mention> mentions = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
            mentions.add(mention(series + ":" + i, (i % 2 == 0 ? at : dayBefore).plusSeconds(i)));
        }
        return mentions;
    }

    private static Mention mention(String id, Instant at) {
        return new Mention(id, "bluesky", at, new Mention.Author("@u" + id.hashCode(), 10, false), "Lumora " + id, "",
                List.of(), "en", new Mention.Engagement(1, 0, 0, 0), false);
    }

    @SafeVarargs
    private static List<Mention> concat(List<Mention>... lists) {
        List<Mention> all = new ArrayList<>();
        for (List<Mention> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
