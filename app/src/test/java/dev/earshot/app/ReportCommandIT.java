package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Topics;
import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.KeyFormat;
import dev.earshot.model.output.OutputCodec;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.output.ShareOfVoice;
import dev.earshot.model.output.Suspects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code earshot report} against hand-made topics: what it counts at its edges and beyond what a long holds. */
class ReportCommandIT {
    @TempDir
    Path dir;

    /**
     * A daily run a few seconds past midnight counts the day before whole, its first hour included; a
     * window whose engagement stands at the most a long holds does not wrap the brand's sum negative; and
     * a cluster whose streams app predates themes (no themes topic) gets a report without them, not a
     * failure.
     */
    @Test
    void aDailyReportCountsWholeHoursCapsItsSumsAndDoesWithoutAThemesTopic() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "report" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix);
        for (String topic : List.of(topics.shareOfVoice(), topics.engagementHour(), topics.feedbackSpikes(), topics.highlightsHour())) {
            TestKafka.createTopic(kafka.bootstrapServers(), topic, 1);
        }
        Instant firstHour = Instant.parse("2026-11-19T00:00:00Z");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(TestKafka.record(topics.shareOfVoice(), KeyFormat.SET_AT_WINDOW_START.key("phones", firstHour),
                utf8(OutputCodec.SHARE_OF_VOICE.toJson(ShareOfVoice.of("phones", List.of("lumora", "vantor"), firstHour,
                        firstHour.plus(Duration.ofHours(1)), Map.of("lumora", new Counts(1, 0, 0, 0, 10)), Map.of())))));
        records.add(window(topics, "lumora", firstHour, new Counts(1, Long.MAX_VALUE, 0, 0, 10)));
        records.add(window(topics, "lumora", firstHour.plus(Duration.ofHours(5)), new Counts(1, 5, 0, 0, 10)));
        records.add(window(topics, "vantor", firstHour.plus(Duration.ofHours(23)), new Counts(2, 10, 0, 0, 20)));
        records.add(window(topics, "vantor", firstHour.plus(Duration.ofHours(24)), new Counts(7, 0, 0, 0, 20))); // today's first hour, which the run's 3 seconds fall in
        TestKafka.send(kafka.bootstrapServers(), records);
        Path props = Files.writeString(dir.resolve("earshot.properties"), "topic.prefix=" + prefix + "\n");

        CommandLineRun report = CommandLineRun.of("report", "--set", "phones", "--since", "1d", "--until", "2026-11-20T00:00:03Z",
                "--format", "csv", "--bootstrap-servers", kafka.bootstrapServers(), "--config", props.toString());

        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.err().contains("no topic " + topics.themesHour()), report.err());
        assertTrue(report.out().lines().anyMatch("share_of_voice,lumora,mentions,2"::equals), "yesterday's first hour counted:\n" + report.out());
        assertTrue(report.out().lines().anyMatch(("share_of_voice,lumora,engagement," + Long.MAX_VALUE)::equals),
                "engagement capped, not wrapped:\n" + report.out());
        assertTrue(report.out().lines().anyMatch("share_of_voice,vantor,mentions,9"::equals),
                "the hour the run falls in (a few seconds of it) is in the period too:\n" + report.out());
    }

    private static ProducerRecord<byte[], byte[]> window(Topics topics, String brand, Instant start, Counts totals) {
        BrandWindow w = new BrandWindow(brand, start, start.plus(Duration.ofHours(1)), totals, Map.of(), SentimentCounts.ZERO, 0,
                Suspects.NONE);
        return TestKafka.record(topics.engagementHour(), KeyFormat.BRAND_AT_WINDOW_START.key(brand, start),
                utf8(OutputCodec.BRAND_WINDOW.toJson(w)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
