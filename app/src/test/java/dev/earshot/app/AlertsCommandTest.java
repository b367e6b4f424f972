package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.OutputCodec;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsCommandTest {
    @Test
    void recordValuesReachSlackAsLiteralTextWithoutPingsLinksOrLineBreaks() throws Exception {
        FeedbackSpike alert = new FeedbackSpike("<!channel>", Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-20T10:05:00Z"), 40, 4.0, 9.0, 10.0,
                List.of("id1", "<https://evil.example|your invoice>", "line\r\nbreak", "a&b"), FeedbackSpike.Signal.FEEDBACK);
        String text = new ObjectMapper().readTree(AlertsCommand.payload(alert, OutputCodec.FEEDBACK_SPIKE.toJson(alert)))
                .get("text").asText();
        assertTrue(text.contains("*&lt;!channel&gt;*"), text);
        assertTrue(text.contains("&lt;https://evil.example|your invoice&gt;"), text);
        assertTrue(text.contains("linebreak") && text.contains("a&amp;b"), text);
        assertFalse(text.contains("<") || text.contains("\n") || text.contains("\r"), text);
        assertTrue(text.contains("(severity " + alert.severity() + "/10)"), text);
    }

    @Test
    void risingTermsAreSaidBeforeTheSamplesAndEscapedLikeThem() throws Exception {
        FeedbackSpike alert = new FeedbackSpike("lumora", Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-20T10:15:00Z"), 40, 4.0, 9.0, 10.0, List.of("id1"), FeedbackSpike.Signal.FEEDBACK, 7,
                List.of("refund", "#billing", "<!here>"), List.of());
        String text = new ObjectMapper().readTree(AlertsCommand.payload(alert, OutputCodec.FEEDBACK_SPIKE.toJson(alert)))
                .get("text").asText();
        assertTrue(text.contains("(severity 7/10). Rising: refund, #billing, &lt;!here&gt;. Samples: id1"), text);
        FeedbackSpike without = new FeedbackSpike(alert.brand(), alert.windowStart(), alert.windowEnd(), 40, 4.0, 9.0, 10.0,
                List.of("id1"), FeedbackSpike.Signal.FEEDBACK, 7);
        String plain = new ObjectMapper().readTree(AlertsCommand.payload(without, OutputCodec.FEEDBACK_SPIKE.toJson(without)))
                .get("text").asText();
        assertTrue(plain.contains("(severity 7/10). Samples: id1"), plain);
        FeedbackSpike counted = new FeedbackSpike(alert.brand(), alert.windowStart(), alert.windowEnd(), 40, 4.0, 9.0, 10.0,
                List.of("id1"), FeedbackSpike.Signal.FEEDBACK, 1, List.of(), List.of(), FeedbackSpike.Status.OPENED, null, 30, 30);
        String json = OutputCodec.FEEDBACK_SPIKE.toJson(counted);
        String flood = new ObjectMapper().readTree(AlertsCommand.payload(counted, json)).get("text").asText();
        assertTrue(flood.contains("(severity 1/10), 75% of them copies, 30 suspect (spam, bots, floods). Samples"), flood);
        assertEquals(counted, OutputCodec.FEEDBACK_SPIKE.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void anIncidentsLaterRecordsSayItGoesOnOrIsResolved() throws Exception {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        FeedbackSpike updated = new FeedbackSpike("<b>", t, t.plusSeconds(900), 60, 5.0, 12.0, 12.0, List.of("x:1"),
                FeedbackSpike.Signal.FEEDBACK, 7, List.of("battery"), List.of(), FeedbackSpike.Status.UPDATED, "<b>@2026-11-20T10:00:00Z");
        String text = new ObjectMapper().readTree(AlertsCommand.payload(updated, OutputCodec.FEEDBACK_SPIKE.toJson(updated)))
                .get("text").asText();
        assertTrue(text.startsWith(":rotating_light: Feedback spike for *&lt;b&gt;* goes on: 60 feedback mentions in 2026-11-20 10:15–2026-11-20 10:30 UTC"),
                text);
        FeedbackSpike resolved = new FeedbackSpike("<b>", t.plusSeconds(900), t.plusSeconds(1800), 3, 9.0, 18.0, 0.3, List.of(),
                FeedbackSpike.Signal.FEEDBACK, 0, List.of(), List.of(), FeedbackSpike.Status.RESOLVED, "<b>@2026-11-20T10:00:00Z");
        String done = new ObjectMapper().readTree(AlertsCommand.payload(resolved, OutputCodec.FEEDBACK_SPIKE.toJson(resolved)))
                .get("text").asText();
        assertEquals(":white_check_mark: Feedback spike for *&lt;b&gt;* resolved: 3 feedback mentions in 2026-11-20 10:30–2026-11-20 10:45 UTC,"
                + " under the threshold of 18.0 (usual 9.0).", done);
    }

    @Test
    void theLoudestMentionsFollowOneALineWithTheirOwnTextEscaped() throws Exception {
        List<FeedbackSpike.Sample> loudest = List.of(
                new FeedbackSpike.Sample("b:1", "@jane", 120_000, "charged twice <!channel>\r\nfake line", "https://bsky.app/p/1"),
                new FeedbackSpike.Sample("b:2", "", 40, "no refund", ""),
                new FeedbackSpike.Sample("b:3", "@c", 30, "c", ""), new FeedbackSpike.Sample("b:4", "@d", 20, "d", ""));
        FeedbackSpike alert = new FeedbackSpike("lumora", Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-20T10:15:00Z"), 40, 4.0, 9.0, 10.0, List.of("b:1"), FeedbackSpike.Signal.FEEDBACK, 7,
                List.of(), loudest);
        String text = new ObjectMapper().readTree(AlertsCommand.payload(alert, OutputCodec.FEEDBACK_SPIKE.toJson(alert)))
                .get("text").asText();
        List<String> lines = text.lines().toList();
        assertEquals(4, lines.size(), "the summary and three mentions: " + text);
        assertEquals("> @jane (120,000 followers): charged twice &lt;!channel&gt;fake line https://bsky.app/p/1", lines.get(1));
        assertEquals("> (unknown) (40 followers): no refund", lines.get(2));
        assertFalse(text.contains("<") || text.contains("\r"), text);
    }

    @Test
    void theWebhookIsShownAsSchemeAndHostOnlyAndKeysLoseControlCharacters() {
        assertEquals("https://hooks.slack.com/…",
                AlertsCommand.redacted(URI.create("https://hooks.slack.com/services/T000/B000/SECRETPART")));
        assertEquals("brand@2026-11-20T10:00:00ZX-Injected: 1", AlertsCommand.withoutControlCharacters(
                "brand@2026-11-20T10:00:00Z\r\nX-Injected: 1"));
    }
}
