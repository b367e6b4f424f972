package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FileReplayIT {
    private final MentionCodec codec = MentionCodec.strict();
    private final TestKafka kafka = TestKafka.shared();

    @Test
    void aJsonlReplaySendsEveryGoodLineOnceAndReportsEachBadOne() throws Exception {
        String topic = "replay-" + System.nanoTime();
        TestKafka.createTopic(kafka.bootstrapServers(), topic, 3); // not auto-created: KAFKA-14359
        StringBuilder file = new StringBuilder();
        List<Mention> generated = new ArrayList<>();
        new MentionGenerator(List.of(new MentionGenerator.BrandName("b", "Brand", "@brand", null, "brand.com")), 9, 2_000,
                Instant.parse("2026-11-20T10:00:00Z"), 50, null).forEachRemaining(generated::add);
        for (int i = 0; i < generated.size(); i++) {
            file.append(codec.encodeToString(generated.get(i))).append('\n');
            if (i == 10) {
                file.append("{\"id\": \"broken\"\n");
            }
            if (i == 500) {
                file.append("{\"id\":\"x\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                        + "\"engagement\":{\"likes\":-1}}\n");
            }
        }
        List<String> rejections = new ArrayList<>();
        FileReplay.Report report;
        try (MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, codec)) {
            report = new FileReplay(publisher, codec, 0, 0, rejections::add).replay(
                    new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)), FileReplay.Format.JSONL,
                    null, new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Style.LINES, -1));
        }
        assertEquals(2_000, report.sent());
        assertEquals(2, report.rejected());
        assertEquals(0, report.failed());
        assertTrue(rejections.get(0).startsWith("line 12: document: truncated JSON"), rejections.get(0));
        assertEquals("line 503: engagement.likes: must be >= 0, was -1", rejections.get(1));

        List<Mention> read = TopicReader.readAll(kafka.bootstrapServers(), topic);
        assertEquals(2_000, read.size(), "each good line exactly once");
        assertEquals(Set.copyOf(generated), Set.copyOf(read));
    }

    @Test
    void aCsvExportIsMappedAndSent() throws Exception {
        String topic = "replay-csv-" + System.nanoTime();
        TestKafka.createTopic(kafka.bootstrapServers(), topic, 3); // not auto-created: KAFKA-14359
        String csv = """
                post_id,created,body,user,followers
                a1,2026-11-20 10:00:00,"Loving my Lumora, truly",@jane,120
                a2,2026-11-20 10:01:00,"Second, with \"\"quotes\"\"",@joe,5
                a3,not a date,Third,@amy,7
                a4,2026-11-20 10:02:00,Fourth, with a comma unquoted,@amy,7
                a5,2026-11-20 10:03:00,Fifth,@bo,9
                """;
        List<String> rejections = new ArrayList<>();
        FileReplay.Report report = replayExport(topic, csv, rejections);
        assertEquals(3, report.sent());
        assertEquals(2, report.rejected());
        assertTrue(rejections.get(0).startsWith("line 4: createdAt: not a timestamp"), rejections.get(0));
        // A row of too many columns is rejected, and the rows after it are still sent.
        assertTrue(rejections.get(1).startsWith("line 5: malformed CSV: Too many entries"), rejections.get(1));
        List<Mention> read = TopicReader.readAll(kafka.bootstrapServers(), topic);
        assertEquals(Set.of("Loving my Lumora, truly", "Second, with \"quotes\"", "Fifth"),
                read.stream().map(Mention::text).collect(Collectors.toSet()));
        assertEquals(Set.of(120L, 5L, 9L), read.stream().map(m -> m.author().followers()).collect(Collectors.toSet()));
    }

    /**
     * An unquoted line break inside a text cuts its row in two: both halves, short of columns, are
     * refused rather than the first sent with its text cut and its counts at zero.
     */
    @Test
    void aRowCutShortIsRefusedNotSentHalf() throws Exception {
        String topic = "replay-cut-" + System.nanoTime();
        TestKafka.createTopic(kafka.bootstrapServers(), topic, 1); // not auto-created: KAFKA-14359
        String csv = "post_id,created,body,user,followers\n"
                + "c1,2026-11-20 10:00:00,First,@jane,120\n"
                + "c2,2026-11-20 10:01:00,Lumora broke\n"
                + "again today,@joe,5\n"
                + "c3,2026-11-20 10:02:00,Third,@amy,7\n";
        List<String> rejections = new ArrayList<>();
        FileReplay.Report report = replayExport(topic, csv, rejections);
        assertEquals(2, report.sent(), String.valueOf(rejections));
        assertEquals(List.of("line 3", "line 4"), rejections.stream().filter(r -> r.contains("Not enough column values"))
                .map(r -> r.substring(0, r.indexOf(':'))).toList(), "both halves refused, each with its line: " + rejections);
        assertEquals(Set.of("First", "Third"), TopicReader.readAll(kafka.bootstrapServers(), topic).stream().map(Mention::text)
                .collect(Collectors.toSet()));
    }

    /** Replays a CSV export of post_id, created, body, user and followers columns into the topic. */
    private FileReplay.Report replayExport(String topic, String csv, List<String> rejections) throws Exception {
        try (MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, codec)) {
            CsvMapping mapping = new CsvMapping(CsvMapping.parseMap("id=post_id,createdAt=created,text=body,"
                    + "author.handle=user,author.followers=followers"), "yyyy-MM-dd HH:mm:ss", ZoneId.of("UTC"), "twitter");
            return new FileReplay(publisher, codec, 0, 0, rejections::add).replay(
                    new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), FileReplay.Format.CSV, mapping,
                    new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Style.LINES, -1));
        }
    }

    @Test
    void theRateOptionHoldsTheReplayBack() throws Exception {
        String topic = "replay-rate-" + System.nanoTime();
        TestKafka.createTopic(kafka.bootstrapServers(), topic, 3); // not auto-created: KAFKA-14359
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            file.append("{\"id\":\"r").append(i).append("\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\"}\n");
        }
        long started = System.nanoTime();
        try (MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, codec)) {
            new FileReplay(publisher, codec, 100, 0, s -> { }).replay(
                    new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)), FileReplay.Format.JSONL,
                    null, new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Style.LINES, -1));
        }
        // 50 records at 100 per second cannot take less than about half a second.
        assertTrue(System.nanoTime() - started >= 450_000_000L);
    }
}
