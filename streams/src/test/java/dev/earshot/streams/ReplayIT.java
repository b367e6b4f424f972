package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backfill of old mentions loses nothing, with the default settings: 6,000 mentions spanning 20
 * hours of event time, a month or a year old, loaded as fast as the broker takes them into the three
 * input partitions before the app starts (so the partitions are processed at their own paces), on a
 * broker that enforces retention every second. Every (mention, brand) pair of
 * {@code mentions.classified} and every 1-minute and 1-hour window is compared with an expectation
 * computed from the input alone: each text names its brands by construction.
 */
class ReplayIT {
    private static final int MENTIONS = 6_000;
    private static final Duration SPAN = Duration.ofHours(20);
    /** Texts and the brands each names, which the default rules find by keyword. */
    private static final List<Map.Entry<String, List<String>>> TEXTS = List.of(
            Map.entry("Lumora battery lasts all day", List.of("lumora")),
            Map.entry("the new Vantor camera is out", List.of("vantor")),
            Map.entry("Lumora or Vantor for my dad?", List.of("lumora", "vantor")),
            Map.entry("nothing anyone tracks", List.of()),
            Map.entry("Lumora update rolled out", List.of("lumora")));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} days old")
    @ValueSource(ints = {30, 365})
    void aReplayOfOldMentionsIsCountedWholeInEveryTopicAndWindow(int ageDays) throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "replay" + ageDays + "x" + System.nanoTime() + ".";
        Path brands = Files.writeString(dir.resolve("brands.yaml"), PipelineTest.BRANDS);
        PipelineConfig config = PipelineConfig.from(Settings.of(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix,
                "application.id", "earshot-" + prefix, "state.dir", dir.resolve("state").toString())));
        StreamsApp.createTopics(config, Map.of("bootstrap.servers", kafka.bootstrapServers()));

        Instant start = Instant.now().minus(Duration.ofDays(ageDays)).truncatedTo(ChronoUnit.HOURS);
        long step = SPAN.toMillis() / MENTIONS;
        Set<String> expectedPairs = new HashSet<>();
        Map<String, Long> expectedMinutes = new HashMap<>();
        Map<String, Long> expectedHours = new HashMap<>();
        MentionCodec codec = MentionCodec.strict();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < MENTIONS; i++) {
            var text = TEXTS.get(i % TEXTS.size());
            Instant at = start.plusMillis(i * step);
            Mention m = new Mention("replay:" + i, "bluesky", at, new Mention.Author("@u" + i % 97, 10L + i % 50, false),
                    text.getKey(), "", List.of(), "en", new Mention.Engagement(i % 7, i % 3, 0, 0), false);
            for (String brand : text.getValue()) {
                expectedPairs.add(m.id() + "/" + brand);
                expectedMinutes.merge(brand + "@" + at.truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
                expectedHours.merge(brand + "@" + at.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
            }
            records.add(TestKafka.record(config.topics().raw(), m.id(), codec.encode(m)));
        }
        TestKafka.send(kafka.bootstrapServers(), records);

        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            SharedBrokerApps.awaitDrained(kafka, config, app, MENTIONS);
            // Give the broker's retention check a few runs over the segments the replay's transactions closed.
            Thread.sleep(4 * TestKafka.RETENTION_CHECK_MS);

            ClassifiedMentionCodec classifiedCodec = new ClassifiedMentionCodec(codec);
            List<String> pairs = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), config.topics().classified())) {
                ClassifiedMention c = classifiedCodec.decode(r.value());
                pairs.add(c.mention().id() + "/" + c.classification().brand());
            }
            assertEquals(expectedPairs.size(), pairs.size(), "one record per (mention, brand) pair in mentions.classified");
            assertEquals(expectedPairs, new HashSet<>(pairs));

            assertEquals(0, app.counters().lateForMinutes(), "no pair dropped as late from a 1-minute window");
            assertEquals(0, app.counters().lateForHours(), "no pair dropped as late from a 1-hour window");
            Map<String, Long> minutes = latestMentions(kafka, config.topics().engagementMinute());
            assertWindows(expectedMinutes, minutes, "1-minute");
            Map<String, Long> hours = latestMentions(kafka, config.topics().engagementHour());
            assertWindows(expectedHours, hours, "1-hour");

            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                for (String store : Pipeline.WINDOW_STORES) {
                    var changelog = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                            config.applicationId() + "-" + store + "-changelog");
                    assertEquals("LogAppendTime", admin.describeConfigs(List.of(changelog)).all().get(30, TimeUnit.SECONDS)
                            .get(changelog).get("message.timestamp.type").value(), changelog.name() + " keeps a replay's windows");
                }
            }

            long stateBytes;
            try (Stream<Path> files = Files.walk(config.stateDir())) {
                stateBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("[earshot-it] replay %d days old: %,d mentions over %s, %,d classified pairs, %,d minute and "
                            + "%,d hour windows exact; nothing late; state dir %,d KB%n", ageDays, MENTIONS, SPAN, pairs.size(),
                    minutes.size(), hours.size(), stateBytes / 1024);
        }
    }

    /** Compares every window, and on failure says how many differ and shows the first few. */
    private static void assertWindows(Map<String, Long> expected, Map<String, Long> actual, String size) {
        List<String> wrong = new ArrayList<>();
        new java.util.TreeSet<>(expected.keySet()).forEach(k -> {
            if (!expected.get(k).equals(actual.get(k))) {
                wrong.add(k + " expected " + expected.get(k) + " was " + actual.get(k));
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).sorted().forEach(k -> wrong.add(k + " unexpected"));
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " of " + expected.size()
                + " " + size + " windows are wrong (first 10 shown)");
    }

    private static Map<String, Long> latestMentions(TestKafka kafka, String topic) throws Exception {
        Map<String, Long> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(kafka.bootstrapServers(), topic)) {
            latest.put(new String(r.key(), StandardCharsets.UTF_8), StreamsJson.MAPPER.readTree(r.value()).get("mentions").asLong());
        }
        return latest;
    }
}
