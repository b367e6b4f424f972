package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A mention read within the record limit but written over it (with the fields it left out at their
 * defaults) is refused where it comes in, with the reason, and nothing is sent: sent, the streams app
 * refused it to the dead letters after its sender had been told it was accepted. On Kafka's
 * MockProducer: what is tested is that nothing reaches the producer.
 */
class RecordSizeTest {
    private final MentionCodec codec = MentionCodec.strict();

    /**
     * A mention of 100,000 control characters (six bytes each, read and written alike) and long links,
     * its document {@code under} bytes short of the limit, and leaving out every field it may.
     */
    private String nearTheLimit(int under) {
        StringBuilder doc = new StringBuilder("{\"id\":\"hook:big\",\"platform\":\"partner\",\"createdAt\":\"2026-11-20T10:00:00Z\","
                + "\"text\":\"" + "\\u0001".repeat(100_000) + "\",\"links\":[");
        int room = codec.limits().maxDocumentBytes() - under - doc.length() - 2;
        String link = "https://lumora.com/" + "a".repeat(MentionCodec.MAX_URL_CHARS - 19);
        boolean first = true;
        while (room > 0) {
            int length = Math.min(room - (first ? 2 : 3), link.length());
            doc.append(first ? "" : ",").append('"').append(link, 0, length).append('"');
            room -= length + (first ? 2 : 3);
            first = false;
        }
        return doc.append("]}").toString();
    }

    @Test
    void theWebhookRefusesAMentionWrittenOverTheLimit() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        IngestConfig config = IngestConfig.from(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:1")));
        try (MentionPublisher publisher = new MentionPublisher(producer, "mentions.raw", codec);
                WebhookServer server = new WebhookServer("127.0.0.1", 0, config, publisher, codec,
                        new WebhookAuth(null, "token-1", Duration.ofMinutes(5)), Clock.systemUTC())) {
            URI mentions = URI.create("http://127.0.0.1:" + server.port() + "/v1/mentions");
            HttpClient http = HttpClient.newHttpClient();
            String body = nearTheLimit(10);
            assertEquals(codec.limits().maxDocumentBytes() - 10, body.getBytes(StandardCharsets.UTF_8).length);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(mentions).header("Authorization", "Bearer token-1")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(422, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("once written with every field, over the limit of " + codec.limits().maxDocumentBytes()),
                    answer.body());
            assertEquals(0, producer.history().size(), "nothing sent");
            // The same text with room for the fields written at their defaults goes through, as written.
            String fits = nearTheLimit(400);
            answer = http.send(HttpRequest.newBuilder(mentions).header("Authorization", "Bearer token-1")
                    .POST(HttpRequest.BodyPublishers.ofString(fits)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, answer.statusCode(), answer.body());
            assertEquals(1, producer.history().size());
            assertEquals(codec.decode(fits.getBytes(StandardCharsets.UTF_8)), codec.decode(producer.history().get(0).value()));
        }
    }

    @Test
    void aCsvRowWrittenOverTheLimitIsRefusedWithItsLine() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        List<String> rejections = new ArrayList<>();
        // Control characters are written as six bytes each: a row of 400 KB is written as one over the limit.
        String links = ("https://lumora.com/" + "a".repeat(7_000) + " ").repeat(40);
        String csv = "post_id,created,body,links\n"
                + "1,2026-11-20 10:00:00,fine,\n"
                + "2,2026-11-20 10:00:01,\"" + "\u0001".repeat(120_000) + "\"," + links + "\n"
                + "3,2026-11-20 10:00:02,also fine,\n";
        try (MentionPublisher publisher = new MentionPublisher(producer, "mentions.raw", codec)) {
            CsvMapping mapping = new CsvMapping(CsvMapping.parseMap("id=post_id,createdAt=created,text=body,links=links"),
                    "yyyy-MM-dd HH:mm:ss", ZoneId.of("UTC"), "twitter");
            FileReplay.Report report = new FileReplay(publisher, codec, 0, 0, rejections::add).replay(
                    new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), FileReplay.Format.CSV, mapping,
                    new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Style.LINES, -1));
            assertEquals(2, producer.history().size(), "the rows around it are sent");
            assertEquals(1, report.rejected());
            assertEquals(1, rejections.size());
            assertTrue(rejections.get(0).startsWith("line 3: ") && rejections.get(0).contains("once written"), rejections.get(0));
        }
    }
}
