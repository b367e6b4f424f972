package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Category;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import dev.earshot.model.output.FeedbackSpike;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill whose input partitions run at different paces, on a real broker: ten hours of a month-old
 * brand's feedback, the first five in partition 0 among 6,000 mentions of another brand and the last
 * five alone in partitions 1 and 2, all loaded before the app starts. Partitions 1 and 2 are read
 * within the first seconds while partition 0 takes many batches, so most of the first five hours'
 * feedback reaches spike detection after later windows have closed. Without {@code spike.grace} that
 * feedback is late and the first hours' spikes go unseen; with {@code spike.grace=24h} the alerts are
 * exactly those the detector raises over the published FEEDBACK pairs taken in event-time order:
 * every OPENED, UPDATED and RESOLVED record, in its window, the closed windows with their whole count.
 * So too when the app stops with the whole backfill held and starts again on an empty state directory
 * and without a grace.
 */
class BackfillSpikesIT {
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int WINDOWS = 40;
    private static final int FILLER = 6_000;
    /**
     * Windows with a spike of 30 complaints, far enough apart for the baseline to settle between them;
     * 15 and 16 are one incident (OPENED, then UPDATED).
     */
    private static final Set<Integer> SPIKES = Set.of(6, 15, 16, 26, 35);

    @TempDir
    Path dir;

    @Test
    void aBackfillsLaggingPartitionIsSeenInOrderWithinTheSpikeGrace() throws Exception {
        TestKafka kafka = TestKafka.shared();
        Path brands = Files.writeString(dir.resolve("brands.yaml"), PipelineTest.BRANDS);
        Instant start = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);

        Run withoutGrace = run(kafka, brands, start, "0s", false);
        Run withGrace = run(kafka, brands, start, "24h", false);
        Run restarted = run(kafka, brands, start, "24h", true);

        List<String> expected = expectedAlerts(withGrace.pairs());
        assertTrue(expected.stream().filter(a -> a.contains(" OPENED")).count() >= 4, "the feed's spikes alert: " + expected);
        assertEquals(expected, withGrace.alerts(), "with the grace, as if the feedback had come in order");
        assertEquals(0, withGrace.late(), "no FEEDBACK pair late");
        assertEquals(expectedAlerts(restarted.pairs()), restarted.alerts(),
                "what was held when the app stopped, restored from its changelog");
        assertEquals(0, restarted.late());

        assertTrue(withoutGrace.late() > 0, "the lagging partition's feedback came after its windows closed");
        assertNotEquals(expectedAlerts(withoutGrace.pairs()), withoutGrace.alerts(), "and without the grace the alerts differ");
        System.out.printf("[earshot-it] backfill spikes: %d alert records as expected with spike.grace=24h, and after a "
                + "restart without it; without it %d FEEDBACK pairs late and %d alert records%n", expected.size(),
                withoutGrace.late(), withoutGrace.alerts().size());
    }

    private record Run(List<ClassifiedMention> pairs, List<String> alerts, long late) {
    }

    /**
     * Backfills the feed into topics of their own with {@code spike.grace} as given. With a grace, the
     * quiet is an hour, so nothing but stream time releases what is held (no pause of a loaded machine
     * ends the hold early): the whole feed is held, and a complaint 25 hours after it releases it. With
     * {@code restart}, the app is stopped instead once it has read everything, its local state is
     * deleted, and it starts again without a grace and still an hour's quiet: the held partials come
     * back from their changelog, are all due without a grace and released within seconds, and the next
     * mention, a complaint an hour after the feed, goes straight through: nothing is held after it.
     */
    private Run run(TestKafka kafka, Path brands, Instant start, String grace, boolean restart) throws Exception {
        String prefix = "backfill-spikes-" + grace + (restart ? "-restarted" : "") + "x" + System.nanoTime() + ".";
        Path state = dir.resolve(prefix);
        Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix, "spike.grace", grace,
                "application.id", "earshot-" + prefix, "state.dir", state.toString(), "spike.grace.quiet", "1h"));
        PipelineConfig config = PipelineConfig.from(Settings.of(settings));
        StreamsApp.createTopics(config, Map.of("bootstrap.servers", kafka.bootstrapServers()));
        List<ProducerRecord<byte[], byte[]>> records = feed(config.topics().raw(), start);
        TestKafka.send(kafka.bootstrapServers(), records);
        Set<String> complaints = records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .filter(id -> id.startsWith("lumora:")).collect(Collectors.toSet());

        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            SharedBrokerApps.awaitDrained(kafka, config, app, records.size());
            List<ClassifiedMention> pairs = published(kafka, config);
            assertEquals(complaints, counted(pairs), "every complaint, and nothing else, is a FEEDBACK pair that counts");
            if (grace.equals("0s")) {
                return new Run(pairs, alerts(kafka, config), app.counters().lateForSpikes());
            }
            assertEquals(List.of(), alerts(kafka, config), "all held, for the grace and the hour of quiet");
            if (!restart) {
                send(kafka, config, complaint("lumora:next", start.plus(WINDOW.multipliedBy(WINDOWS)).plus(Duration.ofHours(25)), 0));
                SharedBrokerApps.awaitDrained(kafka, config, app, records.size() + 1);
                pairs = published(kafka, config);
                return new Run(pairs, awaitAlerts(kafka, config, expectedAlerts(pairs).size()), app.counters().lateForSpikes());
            }
        }
        try (var files = Files.walk(state)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        settings.put("spike.grace", "0s");
        try (StreamsApp app = new StreamsApp(PipelineConfig.from(Settings.of(settings)), brands, null, ClassifierSettings.DEFAULT,
                Map.of())) {
            app.start(Duration.ofSeconds(60));
            send(kafka, config, complaint("lumora:next", start.plus(WINDOW.multipliedBy(WINDOWS)).plus(Duration.ofHours(1)), 0));
            SharedBrokerApps.awaitDrained(kafka, config, app, 1);
            List<ClassifiedMention> pairs = published(kafka, config);
            List<String> alerts = awaitAlerts(kafka, config, expectedAlerts(pairs).size());
            assertFalse(anythingHeld(app), "nothing held without a grace");
            return new Run(pairs, alerts, app.counters().lateForSpikes());
        }
    }

    /** Whether the app's spike tasks hold any partial, asked again while a rebalance has the stores closed. */
    private static boolean anythingHeld(StreamsApp app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                ReadOnlyKeyValueStore<Bytes, SpikeProcessor.HeldPartial> held = app.streams().store(
                        StoreQueryParameters.fromNameAndType(SpikeProcessor.HELD_STORE, QueryableStoreTypes.keyValueStore()));
                try (var all = held.all()) {
                    return all.hasNext();
                }
            } catch (InvalidStateStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The ids of Lumora's FEEDBACK pairs that spike detection counts (not suspect). */
    private static Set<String> counted(List<ClassifiedMention> pairs) {
        return pairs.stream().filter(BackfillSpikesIT::countedComplaint).map(p -> p.mention().id()).collect(Collectors.toSet());
    }

    private static boolean countedComplaint(ClassifiedMention p) {
        return "lumora".equals(p.classification().brand()) && p.classification().category() == Category.FEEDBACK
                && p.suspect().isEmpty();
    }

    private static List<ClassifiedMention> published(TestKafka kafka, PipelineConfig config) throws Exception {
        ClassifiedMentionCodec pairsCodec = new ClassifiedMentionCodec(MentionCodec.strict());
        List<ClassifiedMention> pairs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().classified())) {
            pairs.add(pairsCodec.decode(r.value()));
        }
        return pairs;
    }

    private static void send(TestKafka kafka, PipelineConfig config, Mention m) throws Exception {
        TestKafka.send(kafka.bootstrapServers(), List.of(TestKafka.record(config.topics().raw(), m.id(), MentionCodec.strict().encode(m))));
    }

    /** The alerts once there are {@code expected} of them, or after three minutes those there are. */
    private static List<String> awaitAlerts(TestKafka kafka, PipelineConfig config, int expected) throws InterruptedException {
        List<String> alerts = alerts(kafka, config);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (alerts.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            alerts = alerts(kafka, config);
        }
        return alerts;
    }

    /**
     * Partition 0: Lumora's feedback of the first five hours among 6,000 mentions of Vantor; partitions
     * 1 and 2: Lumora's feedback of the last five, in turn. Four complaints a window, thirty in a spike's,
     * each from an author of its own.
     */
    private static List<ProducerRecord<byte[], byte[]>> feed(String topic, Instant start) {
        MentionCodec codec = MentionCodec.strict();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int n = 0;
        for (int window = 0; window < WINDOWS; window++) {
            int complaints = SPIKES.contains(window) ? 30 : 4;
            long spacing = WINDOW.toMillis() / complaints;
            for (int i = 0; i < complaints; i++) {
                Instant at = start.plus(WINDOW.multipliedBy(window)).plusMillis(spacing * i);
                Mention m = complaint("lumora:" + window + ":" + i, at, ++n);
                int partition = window < WINDOWS / 2 ? 0 : 1 + i % 2;
                records.add(new ProducerRecord<>(topic, partition, at.toEpochMilli(), m.id().getBytes(StandardCharsets.UTF_8),
                        codec.encode(m)));
            }
        }
        Duration firstHalf = WINDOW.multipliedBy(WINDOWS / 2);
        for (int i = 0; i < FILLER; i++) {
            Mention m = new Mention("vantor:" + i, "bluesky", start.plusMillis(firstHalf.toMillis() * i / FILLER),
                    new Mention.Author("@f" + i % 997, 10, false), "the new Vantor camera is out", "", List.of(), "en",
                    new Mention.Engagement(0, 1, 0, 10), false);
            records.add(new ProducerRecord<>(topic, 0, m.createdAt().toEpochMilli(), m.id().getBytes(StandardCharsets.UTF_8),
                    codec.encode(m)));
        }
        // In event-time order within each partition: partition 0's feedback lies among the other brand's mentions.
        records.sort(Comparator.comparing(ProducerRecord::timestamp));
        return records;
    }

    private static Mention complaint(String id, Instant at, int author) {
        return new Mention(id, "bluesky", at, new Mention.Author("@u" + author, 10, false),
                "@lumoraphones still waiting for my refund, unacceptable", "", List.of(), "en",
                new Mention.Engagement(0, 1, 0, 10), false);
    }

    /**
     * What the detector raises over Lumora's published FEEDBACK pairs (suspects left out, as by
     * default) taken in event-time order: each record as window start, status and, for a closed
     * window's record, its count (an OPENED one counts the window as far as it had got, which depends
     * on how the mentions were batched).
     */
    private static List<String> expectedAlerts(List<ClassifiedMention> pairs) {
        List<ClassifiedMention> feedback = pairs.stream().filter(BackfillSpikesIT::countedComplaint)
                .sorted(Comparator.comparing((ClassifiedMention p) -> p.mention().createdAt()).thenComparing(p -> p.mention().id()))
                .toList();
        SpikeDetector detector = new SpikeDetector(SpikeSettings.DEFAULT);
        SpikeDetector.State state = null;
        List<String> out = new ArrayList<>();
        for (ClassifiedMention p : feedback) {
            SpikeDetector.Outcome outcome = detector.observe("lumora", state, p.mention().id(), p.mention().createdAt());
            state = outcome.state();
            outcome.lifecycle().forEach(a -> out.add(describe(a)));
            outcome.alert().ifPresent(a -> out.add(describe(a)));
        }
        return out;
    }

    private static String describe(FeedbackSpike a) {
        return a.brand() + "@" + a.windowStart() + " " + a.status()
                + (a.status() == FeedbackSpike.Status.OPENED ? "" : " count " + a.count());
    }

    private static List<String> alerts(TestKafka kafka, PipelineConfig config) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().feedbackSpikes())) {
            FeedbackSpike a = config.topics().alerts().values().decode(r.value());
            if (a.brand().equals("lumora")) {
                out.add(describe(a));
            }
        }
        return out;
    }
}
