package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.model.Classification;
import dev.earshot.kafka.local.ConsumerGroups;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole app on a real broker: generated mentions and a poison record go in, and the output
 * topics, read with read_committed by an independent consumer, add up exactly.
 */
class PipelineIT {
    @TempDir
    Path dir;

    @Test
    void outputTopicsAddUpExactlyAndThePoisonRecordIsDeadLettered() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "it" + System.nanoTime() + ".";
        Path brands = Files.writeString(dir.resolve("brands.yaml"), PipelineTest.BRANDS);
        PipelineConfig config = PipelineConfig.from(Settings.of(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix,
                // A bulk load of 100 minutes into three partitions, with the default grace: event time
                // seen by the brand partitions jumps back as the upstream tasks run at their own paces.
                "application.id", "earshot-" + prefix, "state.dir", dir.resolve("state").toString())));
        StreamsApp.createTopics(config, Map.of("bootstrap.servers", kafka.bootstrapServers()));

        MentionCodec codec = MentionCodec.strict();
        int good = 0;
        List<Mention> sent = new java.util.ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        String[] texts = {"Loving my Lumora #ad", "@lumoraphones my order never arrived", "Vantor or Lumora?",
            "Vantor news today", "nothing tracked", "Lumora via @lumoraphones https://lumora.com/blog"};
        for (int i = 0; i < 3_000; i++) {
            Mention m = new Mention("it:" + i, "bluesky", Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i * 2L),
                    new Mention.Author("@u" + i, i * 31L, false), texts[i % texts.length], "", List.of(), "en",
                    new Mention.Engagement(i % 13, i % 5, i % 3, i), false);
            sent.add(m);
            records.add(TestKafka.record(config.topics().raw(), m.id(), codec.encode(m)));
            if (i == 1_500) {
                records.add(TestKafka.record(config.topics().raw(), "poison", "{\"truncated\": ".getBytes(StandardCharsets.UTF_8)));
            }
            good++;
        }
        TestKafka.send(kafka.bootstrapServers(), records);

        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.start(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (app.counters().parsed() < good && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(good, app.counters().parsed());
            assertEquals(1, app.counters().deadLetters());
            // A stopped app never comes back to RUNNING; a follow-up rebalance of the group (two stream
            // threads joining) passes through REBALANCING and does, so wait for it as HostileInputIT does.
            while (app.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "the poison record did not stop the app");
            ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), config.applicationId(),
                    config.applicationId() + "-mentions-by-brand-repartition", -1, Duration.ofMinutes(2));
            assertEquals(0, app.counters().lateForMinutes() + app.counters().lateForHours(), "nothing dropped as late");

            ClassifiedMentionCodec classifiedCodec = new ClassifiedMentionCodec(codec);
            Map<String, long[]> expected = new HashMap<>(); // brand@hour -> mentions, likes, reach
            for (ConsumerRecord<byte[], byte[]> r : read(kafka, config.topics().classified())) {
                ClassifiedMention c = classifiedCodec.decode(r.value());
                String key = c.classification().brand() + "@"
                        + c.mention().createdAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                long[] sums = expected.computeIfAbsent(key, k -> new long[3]);
                sums[0]++;
                sums[1] += c.mention().engagement().likes();
                sums[2] += c.mention().author().followers();
            }
            Map<String, Long> expectedMinutes = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : read(kafka, config.topics().classified())) {
                ClassifiedMention c = classifiedCodec.decode(r.value());
                expectedMinutes.merge(c.classification().brand() + "@"
                        + c.mention().createdAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES), 1L, Long::sum);
            }
            Map<String, Long> minutes = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : read(kafka, config.topics().engagementMinute())) {
                minutes.put(new String(r.key(), StandardCharsets.UTF_8), StreamsJson.MAPPER.readTree(r.value()).get("mentions").asLong());
            }
            assertEquals(expectedMinutes, minutes, "latest 1-minute value per key equals the classified mentions of that minute");
            Map<String, JsonNode> hours = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : read(kafka, config.topics().engagementHour())) {
                hours.put(new String(r.key(), StandardCharsets.UTF_8), StreamsJson.MAPPER.readTree(r.value()));
            }
            assertEquals(expected.keySet(), hours.keySet());
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                JsonNode latest = hours.get(e.getKey());
                assertEquals(e.getValue()[0], latest.get("mentions").asLong(), e.getKey());
                assertEquals(e.getValue()[1], latest.get("likes").asLong(), e.getKey());
                assertEquals(e.getValue()[2], latest.get("reach").asLong(), e.getKey());
            }
            // Sentiment per brand and hour, worked out from the input by a classifier of its own.
            Map<String, List<Long>> expectedSentiment = new HashMap<>();
            try (Classifier own = Classifier.load(brands, null, null, ClassifierSettings.DEFAULT)) {
                for (Mention m : sent) {
                    for (Classification c : own.classify(m)) {
                        String key = c.brand() + "@" + m.createdAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                        List<Long> counts = expectedSentiment.computeIfAbsent(key, k -> new java.util.ArrayList<>(List.of(0L, 0L, 0L)));
                        if (c.sentiment() != null) {
                            int at = c.sentiment().label().ordinal(); // POSITIVE, NEUTRAL, NEGATIVE
                            counts.set(at, counts.get(at) + 1);
                        }
                    }
                }
            }
            assertEquals(expected.keySet(), expectedSentiment.keySet());
            long opinionated = 0;
            for (Map.Entry<String, List<Long>> e : expectedSentiment.entrySet()) {
                JsonNode sentiment = hours.get(e.getKey()).get("sentiment");
                assertEquals(e.getValue(), List.of(sentiment.get("positive").asLong(), sentiment.get("neutral").asLong(),
                        sentiment.get("negative").asLong()), e.getKey());
                long positive = e.getValue().get(0);
                long negative = e.getValue().get(2);
                opinionated += positive + negative;
                JsonNode net = hours.get(e.getKey()).get("netSentiment");
                if (positive + negative == 0) {
                    assertTrue(net.isNull(), e.getKey());
                } else {
                    assertEquals((positive - negative) / (double) (positive + negative), net.asDouble(), 0.0006, e.getKey());
                }
            }
            assertTrue(opinionated > 0, "the test's texts carry some sentiment");
            List<ConsumerRecord<byte[], byte[]>> dead = read(kafka, config.topics().deadLetters());
            assertEquals(1, dead.size());
            assertTrue(new String(dead.get(0).headers().lastHeader("earshot.error").value(), StandardCharsets.UTF_8)
                    .startsWith("document: truncated JSON"));
            System.out.println("[earshot-it] pipeline: " + good + " mentions, " + expected.values().stream().mapToLong(v -> v[0]).sum()
                    + " classified pairs; hourly totals equal the classified sums; 1 dead letter");
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(TestKafka kafka, String topic) {
        return TestKafka.readCommitted(kafka.bootstrapServers(), topic);
    }
}
