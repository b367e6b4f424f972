package dev.earshot.model.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Category;
import dev.earshot.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputCodecTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void shareOfVoiceSumsToOneAndListsQuietBrands() {
        ShareOfVoice sov = ShareOfVoice.of("phones", List.of("lumora", "vantor", "quiet"), Instant.EPOCH, Instant.EPOCH,
                Map.of("lumora", new Counts(3, 30, 0, 0, 0), "vantor", new Counts(1, 10, 0, 0, 0)),
                Map.of("lumora", new SentimentCounts(2, 0, 1), "vantor", new SentimentCounts(0, 1, 0)));
        assertEquals(0.75, sov.brands().get("lumora").shareOfMentions());
        assertEquals(0.25, sov.brands().get("vantor").shareOfEngagement());
        assertEquals(0.333, sov.brands().get("lumora").netSentiment());
        assertEquals(null, sov.brands().get("vantor").netSentiment(), "neutral mentions alone have no net sentiment");
        assertEquals(new ShareOfVoice.BrandShare(0, 0, 0, 0, null), sov.brands().get("quiet"));
        assertEquals(List.of("lumora", "vantor", "quiet"), List.copyOf(sov.brands().keySet()));
    }

    @Test
    void everyOutputValueComesBackEqualThroughItsTopicsCodec() {
        Topics topics = new Topics("acme.");
        BrandWindow w = new BrandWindow("lumora", T0, T0.plusSeconds(60), new Counts(3, 40, 5, 6, 1_000_000),
                Map.of(Category.PAID, new Counts(1, 30, 1, 1, 999_000), Category.FEEDBACK, new Counts(2, 10, 4, 5, 1_000)),
                new SentimentCounts(1, 1, 1));
        assertEquals(w, topics.minuteWindows().values().decode(topics.minuteWindows().values().encode(w)));
        ShareOfVoice sov = ShareOfVoice.of("phones", List.of("vantor", "lumora"), T0, T0.plusSeconds(3600),
                Map.of("lumora", new Counts(3, 30, 0, 0, 0)), Map.of("lumora", new SentimentCounts(1, 2, 0)));
        ShareOfVoice back = topics.hourShareOfVoice().values().fromJson(topics.hourShareOfVoice().values().toJson(sov));
        assertEquals(sov, back);
        assertEquals(List.of("vantor", "lumora"), List.copyOf(back.brands().keySet()), "the set's order survives");
        Highlights h = new Highlights("lumora", T0, T0.plusSeconds(3600), List.of(new Highlights.AuthorActivity("@jane", 12_000, 3, 40)),
                List.of(new Highlights.SharedLink("https://lumora.com/a", 4)));
        assertEquals(h, topics.hourHighlights().values().decode(topics.hourHighlights().values().encode(h)));
        Themes themes = new Themes("lumora", T0, T0.plusSeconds(3600), 40, 3, List.of(
                new Themes.Theme("battery", null, 12, 0.4, 10.97), new Themes.Theme("https://news.example/a", null, 4, 0, 4)));
        Themes themesBack = topics.hourThemes().values().decode(topics.hourThemes().values().encode(themes));
        assertEquals(themes, themesBack);
        assertEquals(List.of(Themes.Kind.WORD, Themes.Kind.LINK), themesBack.themes().stream().map(Themes.Theme::kind).toList());
        // A reader given a theme without its kind (written by hand, or by a later writer that drops it) tells it from the term.
        Themes withoutKinds = topics.hourThemes().values().fromJson("{\"brand\":\"lumora\",\"windowStart\":\"" + T0
                + "\",\"windowEnd\":\"" + T0.plusSeconds(3600) + "\",\"mentions\":4,\"baselineHours\":0,\"themes\":"
                + "[{\"term\":\"#recall\",\"mentions\":3,\"expected\":0,\"score\":3},{\"term\":\"@acmehelp\",\"mentions\":3,"
                + "\"expected\":0,\"score\":3}]}");
        assertEquals(List.of(Themes.Kind.HASHTAG, Themes.Kind.HANDLE), withoutKinds.themes().stream().map(Themes.Theme::kind).toList());
        FeedbackSpike alert = new FeedbackSpike("lumora", T0, T0.plusSeconds(900), 44, 5.2, 12.1, 8.46, List.of("a", "b"),
                FeedbackSpike.Signal.FEEDBACK);
        assertEquals(alert, topics.alerts().values().decode(topics.alerts().values().encode(alert)));
        assertEquals("acme.brand.engagement.1m", topics.minuteWindows().name());
        assertEquals(7, topics.outputs().size());
    }

    @Test
    void aWindowsJsonHasItsTotalsAtTheTopLevelAndAFieldAddedLaterIsIgnored() {
        BrandWindow w = new BrandWindow("lumora", T0, T0.plusSeconds(60), new Counts(1, 2, 3, 4, 5), Map.of());
        String json = OutputCodec.BRAND_WINDOW.toJson(w);
        assertTrue(json.contains("\"mentions\":1,\"likes\":2"), json);
        assertTrue(json.endsWith("\"sentiment\":{\"positive\":0,\"neutral\":0,\"negative\":0},\"netSentiment\":null}"), json);
        String later = json.replace("{\"brand\"", "{\"loyalty\":0.4,\"brand\"");
        assertEquals(w, OutputCodec.BRAND_WINDOW.fromJson(later));
        // A window written before sentiment existed reads with its counts at zero.
        String before = json.substring(0, json.indexOf(",\"sentiment\"")) + "}";
        assertEquals(w, OutputCodec.BRAND_WINDOW.fromJson(before));
    }

    @Test
    void anAlertWrittenBeforeSignalsIsAFeedbackSpike() {
        FeedbackSpike alert = new FeedbackSpike("lumora", T0, T0.plusSeconds(900), 44, 5.2, 12.1, 8.46, List.of("a"),
                FeedbackSpike.Signal.NEGATIVE_SENTIMENT);
        String json = OutputCodec.FEEDBACK_SPIKE.toJson(alert);
        assertTrue(json.contains("\"signal\":\"NEGATIVE_SENTIMENT\""), json);
        assertEquals("lumora@" + T0 + "/negative-sentiment", alert.id());
        String before = json.replace(",\"signal\":\"NEGATIVE_SENTIMENT\"", "");
        FeedbackSpike old = OutputCodec.FEEDBACK_SPIKE.fromJson(before);
        assertEquals(FeedbackSpike.Signal.FEEDBACK, old.signal());
        assertEquals("lumora@" + T0, old.id(), "a feedback alert keeps the id it always had");
    }

    @Test
    void severityGrowsWithTheExcessOverTheBaselineInTheThresholdsOwnMeasure() {
        // Baseline 5, threshold 12: the threshold asked for 7 more than usual.
        assertEquals(1, FeedbackSpike.severity(12, 5, 12), "just at the threshold");
        assertEquals(4, FeedbackSpike.severity(19, 5, 12), "twice the excess it needed");
        assertEquals(7, FeedbackSpike.severity(33, 5, 12), "four times");
        assertEquals(10, FeedbackSpike.severity(61, 5, 12), "eight times");
        assertEquals(10, FeedbackSpike.severity(5_000, 5, 12), "no higher than 10");
        assertEquals(10, FeedbackSpike.severity(Double.POSITIVE_INFINITY, 5, 12), "never 0, which means unknown");
        // The same proportions at a hundred times the volume grade the same.
        assertEquals(4, FeedbackSpike.severity(1_900, 500, 1_200));
        // A quiet brand whose threshold is the minimum count at its baseline: the excess in mentions.
        assertEquals(7, FeedbackSpike.severity(4, 0, 0));
        FeedbackSpike alert = new FeedbackSpike("lumora", T0, T0.plusSeconds(900), 33, 5, 12, 6.6, List.of(),
                FeedbackSpike.Signal.FEEDBACK);
        assertEquals(7, alert.severity());
        String json = OutputCodec.FEEDBACK_SPIKE.toJson(alert);
        assertTrue(json.contains(",\"severity\":7,"), json);
        assertEquals(0, OutputCodec.FEEDBACK_SPIKE.fromJson(json.replace(",\"severity\":7", "")).severity(),
                "an alert written before severities reads as 0");
        assertEquals("7/10", alert.severityText());
        assertEquals("–", OutputCodec.FEEDBACK_SPIKE.fromJson(json.replace(",\"severity\":7", "")).severityText());
        assertThrows(IllegalArgumentException.class, () -> new FeedbackSpike("lumora", T0, T0.plusSeconds(900), 33, 5, 12,
                6.6, List.of(), FeedbackSpike.Signal.FEEDBACK, 11));
    }

    @Test
    void anAlertCarriesItsRisingTermsAndTopSamplesAndOneWrittenBeforeThemReadsWithNone() {
        FeedbackSpike.Sample loudest = new FeedbackSpike.Sample("bluesky:1", "@jane", 120_000, "my card was charged twice", "");
        FeedbackSpike alert = new FeedbackSpike("lumora", T0, T0.plusSeconds(900), 33, 5, 12, 6.6, List.of("a"),
                FeedbackSpike.Signal.FEEDBACK, 7, List.of("refund", "#billing"), List.of(loudest));
        String json = OutputCodec.FEEDBACK_SPIKE.toJson(alert);
        assertTrue(json.contains("\"risingTerms\":[\"refund\",\"#billing\"]"), json);
        assertTrue(json.contains("\"topSamples\":[{\"id\":\"bluesky:1\",\"author\":\"@jane\",\"followers\":120000,"
                + "\"excerpt\":\"my card was charged twice\",\"url\":\"\"}]"), json);
        assertEquals(alert, OutputCodec.FEEDBACK_SPIKE.fromJson(json));
        String before = json.substring(0, json.indexOf(",\"risingTerms\"")) + "}";
        FeedbackSpike old = OutputCodec.FEEDBACK_SPIKE.fromJson(before);
        assertEquals(List.of(), old.risingTerms());
        assertEquals(List.of(), old.topSamples());
        assertEquals(7, old.severity());
    }

    @Test
    void lifecycleRecordsNameTheirIncidentAndHaveIdsOfTheirOwn() {
        FeedbackSpike opened = new FeedbackSpike("lumora", T0, T0.plusSeconds(900), 33, 5, 12, 6.6, List.of("a"),
                FeedbackSpike.Signal.FEEDBACK, 7, List.of(), List.of());
        assertEquals(FeedbackSpike.Status.OPENED, opened.status());
        assertEquals("lumora@" + T0, opened.incident());
        assertEquals(opened.incident(), opened.id());
        FeedbackSpike resolved = new FeedbackSpike("lumora", T0.plusSeconds(1800), T0.plusSeconds(2700), 3, 9, 18, 0.3,
                List.of(), FeedbackSpike.Signal.FEEDBACK, 0, List.of(), List.of(), FeedbackSpike.Status.RESOLVED, opened.id());
        assertEquals("lumora@" + T0.plusSeconds(1800) + "/resolved", resolved.id());
        String json = OutputCodec.FEEDBACK_SPIKE.toJson(resolved);
        assertTrue(json.contains("\"status\":\"RESOLVED\",\"incident\":\"lumora@" + T0 + "\""), json);
        assertEquals(resolved, OutputCodec.FEEDBACK_SPIKE.fromJson(json));
        // An alert written before the lifecycle is the OPENED alert of its own incident.
        String old = OutputCodec.FEEDBACK_SPIKE.toJson(opened);
        old = old.substring(0, old.indexOf(",\"status\"")) + "}";
        assertEquals(opened, OutputCodec.FEEDBACK_SPIKE.fromJson(old));
        assertThrows(IllegalArgumentException.class, () -> new FeedbackSpike("lumora", T0, T0.plusSeconds(900), 3, 9, 18, 0.3,
                List.of(), FeedbackSpike.Signal.FEEDBACK, 0, List.of(), List.of(), FeedbackSpike.Status.RESOLVED, null));
    }

    @Test
    void aSamplesExcerptIsItsTextOnOneLineCutToLength() {
        String longText = "Line one\n\n  and   two " + "x".repeat(200);
        FeedbackSpike.Sample s = FeedbackSpike.Sample.of(new dev.earshot.model.Mention("t:1", "bluesky", T0,
                new dev.earshot.model.Mention.Author("@jane", 5, false), longText, "https://bsky.app/p/1", List.of(), "en",
                null, false));
        assertTrue(s.excerpt().startsWith("Line one and two xx"), s.excerpt());
        assertEquals(FeedbackSpike.Sample.EXCERPT + 1, s.excerpt().length(), "cut, with an ellipsis");
        assertTrue(s.excerpt().endsWith("…"));
        assertEquals("https://bsky.app/p/1", s.url());
        assertEquals("short", FeedbackSpike.Sample.of(dev.earshot.model.Mention.of("t:2", "x", T0, " short ")).excerpt());
    }

    @Test
    void aValueThatDoesNotReadSaysWhatItShouldHaveBeen() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> OutputCodec.FEEDBACK_SPIKE.decode("[1,2]".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("not a FeedbackSpike"), e.getMessage());
        var w = assertThrows(IllegalArgumentException.class, () -> OutputCodec.BRAND_WINDOW.fromJson("{\"brand\":\"x\"}"));
        assertTrue(w.getMessage().startsWith("not a BrandWindow"), w.getMessage());
    }

    @Test
    void keysAreBuiltAndReadBackByTheirFormat() {
        assertEquals("lumora@2026-11-20T10:00:00Z", KeyFormat.BRAND_AT_WINDOW_START.key("lumora", T0));
        assertEquals("phones", KeyFormat.SET_AT_WINDOW_START.id("phones@2026-11-20T10:00:00Z"));
        assertEquals("lumora", KeyFormat.BRAND.key("lumora", T0));
    }
}
