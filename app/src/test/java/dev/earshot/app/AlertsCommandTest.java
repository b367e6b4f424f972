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
    void anIncidentClosedAsTheNewNormalIsNotSaidToBeUnderItsThreshold() throws Exception {
        Instant t = Instant.parse("2026-11-21T10:15:00Z");
        FeedbackSpike closed = new FeedbackSpike("lumora", t, t.plusSeconds(900), 60, 5.0, 11.7, 12.0, List.of(),
                FeedbackSpike.Signal.FEEDBACK, 0, List.of(), List.of(), FeedbackSpike.Status.RESOLVED, "lumora@2026-11-20T10:00:00Z");
        String text = new ObjectMapper().readTree(AlertsCommand.payload(closed, OutputCodec.FEEDBACK_SPIKE.toJson(closed)))
                .get("text").asText();
        assertEquals(":white_check_mark: Feedback spike for *lumora* resolved: 60 feedback mentions in 2026-11-21 10:15–2026-11-21 10:30 UTC,"
                + " still over the threshold of 11.7 (usual 5.0) after the longest an incident lasts: closed as the brand's new normal.",
                text);
    }

    @Test
    void aCountOverAUsualUnderOneIsNotCalledAMultipleOfIt() throws Exception {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        FeedbackSpike quiet = new FeedbackSpike("lumora", t, t.plusSeconds(900), 12, 0.4, 10.0, 12.0, List.of("x:1"),
                FeedbackSpike.Signal.FEEDBACK, 5, List.of(), List.of());
        var payload = new ObjectMapper().readTree(AlertsCommand.payload(quiet, OutputCodec.FEEDBACK_SPIKE.toJson(quiet)));
        String text = payload.get("text").asText();
        assertTrue(text.contains(": 12 feedback mentions in 2026-11-20 10:15–2026-11-20 10:30 UTC, against a usual 0.4 (severity 5/10)."),
                text);
        assertTrue(!payload.toString().contains("×"), payload.toString());
    }

    @Test
    void tailAndTheReportShowNoMultipleOfAUsualUnderOne() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        FeedbackSpike quiet = new FeedbackSpike("lumora", t, t.plusSeconds(900), 12, 0.4, 10.0, 12.0, List.of("x:1"),
                FeedbackSpike.Signal.FEEDBACK, 5, List.of(), List.of());
        assertTrue(!quiet.ratioIsAMultiple());
        String line = TailCommand.row(quiet).lines().findFirst().orElseThrow();
        assertTrue(line.matches("lumora +2026-11-20 10:15 +feedback +opened +12 +0\\.4 +– +5/10 .*"), line);
    }

    @Test
    void aNegativeSentimentAlertShowsNoCopiesAsTailAndTheDashboardShowNone() throws Exception {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        FeedbackSpike negative = new FeedbackSpike("lumora", t, t.plusSeconds(900), 40, 4.0, 9.0, 10.0, List.of("x:1"),
                FeedbackSpike.Signal.NEGATIVE_SENTIMENT, 8, List.of(), List.of(), FeedbackSpike.Status.OPENED, null, 30, 0);
        var payload = new ObjectMapper().readTree(AlertsCommand.payload(negative, OutputCodec.FEEDBACK_SPIKE.toJson(negative)));
        assertTrue(!payload.get("text").asText().contains("copies"), payload.get("text").asText());
        assertTrue(!payload.get("blocks").toString().contains("Copies"), payload.get("blocks").toString());
        FeedbackSpike feedback = new FeedbackSpike("lumora", t, t.plusSeconds(900), 40, 4.0, 9.0, 10.0, List.of("x:1"),
                FeedbackSpike.Signal.FEEDBACK, 8, List.of(), List.of(), FeedbackSpike.Status.OPENED, null, 30, 0);
        assertTrue(new ObjectMapper().readTree(AlertsCommand.payload(feedback, OutputCodec.FEEDBACK_SPIKE.toJson(feedback)))
                .get("text").asText().contains(", 75% of them copies"));
    }

    @Test
    void theForwarderIsUnhealthyOnceOneAlertHasFailedToGoOutForTheSetTime() {
        java.time.Duration after = java.time.Duration.ofMinutes(5);
        assertEquals(null, AlertsCommand.deliveryProblem(-1, null, 1_000_000, after), "nothing failing");
        assertEquals(null, AlertsCommand.deliveryProblem(1_000_000, "HTTP 503", 1_000_000 + 299_999, after), "not for long yet");
        assertEquals("an alert has failed to go out for 300 s (last: HTTP 403, invalid_token: the webhook itself is refused)",
                AlertsCommand.deliveryProblem(1_000_000, "HTTP 403, invalid_token: the webhook itself is refused",
                        1_000_000 + 300_000, after));
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
    void blocksLayOutTheExplanationWithEveryValueEscapedAndNothingParsedAsAMention() throws Exception {
        List<FeedbackSpike.Sample> loudest = List.of(
                new FeedbackSpike.Sample("b:1", "@jane", 120_000, "charged twice <!channel> @here\r\n> fake quote",
                        "https://bsky.app/p/1|click"),
                new FeedbackSpike.Sample("b:2", "", 40, "no refund", "javascript:alert(1)"),
                new FeedbackSpike.Sample("b:3", "@c", 30, "c", ""), new FeedbackSpike.Sample("b:4", "@d", 20, "d", ""));
        FeedbackSpike alert = new FeedbackSpike("<b>&co", Instant.parse("2026-11-20T10:15:00Z"),
                Instant.parse("2026-11-20T10:30:00Z"), 40, 4.0, 9.0, 10.0, List.of("b:1"), FeedbackSpike.Signal.FEEDBACK, 7,
                List.of("refund", "<!here>"), loudest, FeedbackSpike.Status.UPDATED, "<b>&co@2026-11-20T10:00:00Z", 30, 5);
        com.fasterxml.jackson.databind.JsonNode blocks = new ObjectMapper()
                .readTree(AlertsCommand.payload(alert, OutputCodec.FEEDBACK_SPIKE.toJson(alert))).get("blocks");
        List<String> types = new java.util.ArrayList<>();
        blocks.forEach(b -> types.add(b.get("type").asText()));
        assertEquals(List.of("header", "section", "section", "section", "section", "section", "context"), types,
                "header, figures, rising terms, the three loudest mentions, the incident: " + blocks);
        assertEquals("🚨 Feedback spike goes on: &lt;b&gt;&amp;co", blocks.get(0).get("text").get("text").asText());
        assertEquals("plain_text", blocks.get(0).get("text").get("type").asText());
        assertEquals("*40* feedback mentions in 2026-11-20 10:15–2026-11-20 10:30 UTC, *10.0×* the usual 4.0 (threshold 9.0).",
                blocks.get(1).get("text").get("text").asText());
        List<String> fields = new java.util.ArrayList<>();
        blocks.get(1).get("fields").forEach(f -> fields.add(f.get("text").asText()));
        assertEquals(List.of("*Severity*\n7/10", "*Copies*\n75% (30)", "*Suspect*\n5 (spam, bots, floods)"), fields);
        assertEquals("*Rising:* refund, &lt;!here&gt;", blocks.get(2).get("text").get("text").asText());
        assertEquals("*@jane* (120,000 followers)\n>charged twice &lt;!channel&gt; @here&gt; fake quote\n<https://bsky.app/p/1%7Cclick>",
                blocks.get(3).get("text").get("text").asText(), "a link of its own address only, no label slipped in");
        assertEquals("*(unknown)* (40 followers)\n>no refund\njavascript:alert(1)", blocks.get(4).get("text").get("text").asText(),
                "an address that is not http(s) stays text");
        assertEquals("Incident &lt;b&gt;&amp;co@2026-11-20T10:00:00Z · alert &lt;b&gt;&amp;co@2026-11-20T10:15:00Z/updated · samples b:1",
                blocks.get(6).get("elements").get(0).get("text").asText());
        blocks.forEach(b -> {
            com.fasterxml.jackson.databind.JsonNode text = b.has("text") ? b.get("text") : b.get("elements").get(0);
            if (text.get("type").asText().equals("mrkdwn")) {
                assertTrue(text.get("verbatim").asBoolean(), "Slack would turn @here into a mention: " + b);
            }
        });

        FeedbackSpike resolved = new FeedbackSpike("lumora", Instant.parse("2026-11-20T10:30:00Z"),
                Instant.parse("2026-11-20T10:45:00Z"), 3, 9.0, 18.0, 0.3, List.of(), FeedbackSpike.Signal.FEEDBACK, 0,
                List.of(), List.of(), FeedbackSpike.Status.RESOLVED, "lumora@2026-11-20T10:00:00Z");
        com.fasterxml.jackson.databind.JsonNode done = new ObjectMapper()
                .readTree(AlertsCommand.payload(resolved, OutputCodec.FEEDBACK_SPIKE.toJson(resolved))).get("blocks");
        assertEquals("✅ Feedback spike resolved: lumora", done.get(0).get("text").get("text").asText());
        assertEquals("*3* feedback mentions in 2026-11-20 10:30–2026-11-20 10:45 UTC, under the threshold of 18.0 (usual 9.0).",
                done.get(1).get("text").get("text").asText());
        assertEquals("Incident lumora@2026-11-20T10:00:00Z · alert lumora@2026-11-20T10:30:00Z/resolved",
                done.get(2).get("elements").get(0).get("text").asText());
    }

    @Test
    void everyBlockStaysWithinSlacksLimitsAndIsCutBetweenCharactersNeverInsideAnEntity() throws Exception {
        String brand = "&".repeat(200);
        String hostile = "a&<>😀".repeat(2_000);
        List<FeedbackSpike.Sample> loudest = List.of(
                new FeedbackSpike.Sample("x:" + hostile, hostile, 1, hostile, "https://x.example/?q=" + "&".repeat(8_000)),
                new FeedbackSpike.Sample("x:2", hostile, 1, hostile, "https://x.example/" + "&".repeat(300)));
        FeedbackSpike alert = new FeedbackSpike(brand, Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T10:15:00Z"),
                40, 4.0, 9.0, 10.0, List.of("x:" + hostile, "x:2"), FeedbackSpike.Signal.FEEDBACK, 0, List.of(hostile), loudest);
        com.fasterxml.jackson.databind.JsonNode blocks = new ObjectMapper()
                .readTree(AlertsCommand.payload(alert, OutputCodec.FEEDBACK_SPIKE.toJson(alert))).get("blocks");
        List<String> texts = new java.util.ArrayList<>();
        blocks.forEach(b -> {
            com.fasterxml.jackson.databind.JsonNode text = b.has("text") ? b.get("text") : b.get("elements").get(0);
            String t = text.get("text").asText();
            assertTrue(t.length() <= (b.get("type").asText().equals("header") ? 150 : 3000), b.get("type") + ": " + t.length());
            assertTrue(t.replaceAll("&(amp|lt|gt);", "").indexOf('&') < 0, "an entity cut in two: " + t);
            assertTrue(t.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE), "half an emoji");
            texts.add(t);
        });
        assertTrue(texts.get(0).endsWith("…"), texts.get(0));
        assertFalse(blocks.get(1).has("fields"), "no severity before severities, and Slack refuses an empty list");
        assertTrue(texts.get(3).endsWith("…"), "an address too long to link is shown cut, as text");
        assertTrue(texts.get(4).endsWith("\n<https://x.example/" + "&amp;".repeat(300) + ">"), "a long but linkable address");
    }

    @Test
    void theWebhookIsShownAsSchemeAndHostOnlyAndKeysLoseControlCharacters() {
        assertEquals("https://hooks.slack.com/…",
                AlertsCommand.redacted(URI.create("https://hooks.slack.com/services/T000/B000/SECRETPART")));
        assertEquals("brand@2026-11-20T10:00:00ZX-Injected: 1", AlertsCommand.idempotencyKey(
                "brand@2026-11-20T10:00:00Z\r\nX-Injected: 1"));
        assertEquals("brand@2026-11-20T10:00:00Z/updated", AlertsCommand.idempotencyKey(
                "brand@2026-11-20T10:00:00Z\u2028/upd\u202eated"), "line separators and bidi overrides too");
    }

    @Test
    void onlyAnAnswerRefusingTheAlertsContentSkipsItAndARefusedWebhookIsRetried() {
        for (int status : new int[] {200, 201, 204}) {
            assertEquals(AlertsCommand.Outcome.DELIVERED, AlertsCommand.outcome(status, "ok"), "HTTP " + status);
        }
        assertEquals(AlertsCommand.Outcome.SKIPPED, AlertsCommand.outcome(400, "invalid_payload"));
        assertEquals(AlertsCommand.Outcome.SKIPPED, AlertsCommand.outcome(413, ""));
        assertEquals(AlertsCommand.Outcome.SKIPPED, AlertsCommand.outcome(422, null));
        for (int status : new int[] {401, 403, 404, 408, 409, 410, 429, 500, 502, 503, 504}) {
            assertEquals(null, AlertsCommand.outcome(status, "no_service"), "HTTP " + status + " is retried");
        }
        assertEquals(null, AlertsCommand.outcome(400, "no_team\n"), "Slack's 400 for a webhook gone");
        assertTrue(AlertsCommand.refusesTheWebhook(400, "no_service_id"));
        assertTrue(AlertsCommand.refusesTheWebhook(410, "channel_is_archived"));
        assertFalse(AlertsCommand.refusesTheWebhook(400, "invalid_payload"));
        assertFalse(AlertsCommand.refusesTheWebhook(503, ""));
    }

    @Test
    void aBackoffUnderOneSecondIsRefusedBeforeAnythingIsSent() {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(2, Earshot.commandLine().execute("alerts", "--webhook", "http://127.0.0.1:1/hook", "--max-backoff", "0s"));
        } finally {
            System.setErr(before);
        }
        String said = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said.contains("--max-backoff must be at least 1s"), said);
    }

    @Test
    void aRetryAfterShorterThanTheBackoffWaitsTheBackoff() {
        java.time.Duration backoff = java.time.Duration.ofSeconds(4);
        assertEquals(backoff, AlertsCommand.pause(java.time.Duration.ZERO, backoff), "Retry-After: 0 retries no sooner");
        assertEquals(backoff, AlertsCommand.pause(null, backoff));
        assertEquals(java.time.Duration.ofSeconds(30), AlertsCommand.pause(java.time.Duration.ofSeconds(30), backoff));
    }
}
