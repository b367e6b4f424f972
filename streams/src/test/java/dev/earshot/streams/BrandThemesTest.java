package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.classifier.Brand;
import dev.earshot.classifier.ThemeTerms;
import dev.earshot.model.Mention;
import dev.earshot.model.output.Themes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrandThemesTest {
    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");

    private static BrandHighlights hour(long mentions, Map<String, Long> terms) {
        return new BrandHighlights(Map.of(), Map.of(), mentions, terms);
    }

    @Test
    void aTermRisesByHowFarItsCountExceedsItsShareOfTheEarlierHours() {
        // "app" is in half of the earlier mentions and half of this hour's: it grew with the volume only.
        // "login" was in 1% of them: 2 expected of 200, 9 seen. "outage" was never seen: 12 of 0.
        List<BrandHighlights> earlier = List.of(hour(100, Map.of("app", 50L, "login", 1L)), hour(100, Map.of("app", 50L, "login", 1L)),
                hour(0, Map.of()));
        Themes themes = BrandThemes.rank("acme", HOUR, hour(200, Map.of("app", 100L, "login", 9L, "outage", 12L, "rare", 2L)),
                earlier, ThemeSettings.DEFAULT);
        assertEquals(2, themes.baselineHours(), "an hour without mentions is no baseline");
        assertEquals(200, themes.mentions());
        assertEquals(HOUR.plus(Duration.ofHours(1)), themes.windowEnd());
        assertEquals(List.of("outage", "login"), themes.themes().stream().map(Themes.Theme::term).toList(),
                "app did not rise, rare is below the minimum of three mentions");
        Themes.Theme login = themes.themes().get(1);
        assertEquals(2.0, login.expected(), 1e-9);
        assertEquals(Math.round((9 - 2.0) / Math.sqrt(3) * 100) / 100.0, login.score(), 1e-9);
        assertEquals(12.0, themes.themes().get(0).score(), 1e-9);
        assertEquals(Themes.Kind.WORD, login.kind());
    }

    @Test
    void withoutABaselineTheThemesAreTheMostUsedTermsUpToTheConfiguredNumber() {
        Themes themes = BrandThemes.rank("acme", HOUR, hour(30, Map.of("camera", 20L, "#launch", 9L, "@reviewer", 9L, "zoom", 4L)),
                List.of(), new ThemeSettings(Duration.ofHours(24), 3, 3, 0.01));
        assertEquals(0, themes.baselineHours());
        assertEquals(List.of("camera", "#launch", "@reviewer"), themes.themes().stream().map(Themes.Theme::term).toList(),
                "equal scores in term order, cut at three");
        assertEquals(List.of(Themes.Kind.WORD, Themes.Kind.HASHTAG, Themes.Kind.HANDLE),
                themes.themes().stream().map(Themes.Theme::kind).toList());
    }

    @Test
    void inABusyHourAThemeNeedsItsShareOfTheMentions() {
        // 2,000 mentions: a page shared 12 times, never seen before, is under 1% of them; the word is over.
        Themes themes = BrandThemes.rank("acme", HOUR, hour(2_000, Map.of("https://blog.example/7", 12L, "recall", 25L)),
                List.of(hour(2_000, Map.of())), ThemeSettings.DEFAULT);
        assertEquals(List.of("recall"), themes.themes().stream().map(Themes.Theme::term).toList());
        assertEquals(20, ThemeSettings.DEFAULT.threshold(2_000));
        assertEquals(3, ThemeSettings.DEFAULT.threshold(40), "a quiet brand's hour needs three");
    }

    @Test
    void anHoursTermsLeaveOutTheBrandsOwnFormsAndCountEachLinkPageOnce() {
        Brand acme = new Brand("acme", "Acme Phones", List.of("acme phones", "acmefone"), List.of("@acmehelp"),
                List.of("#acmelife"), List.of("acme.com"));
        Mention m = new Mention("m:1", "bluesky", HOUR, new Mention.Author("@jo", 10, false),
                "Acme Phones battery died again @AcmeHelp @verge #acmelife #batterygate acmefone", "",
                List.of("https://www.News.example/story/?utm_source=x#top", "https://news.example/story", "mailto:a@b.c"),
                "en", new Mention.Engagement(0, 0, 0, 0), false);
        BrandHighlights h = BrandHighlights.empty().add(m, acme);
        assertEquals(1, h.mentions());
        assertEquals(Map.of("battery", 1L, "died", 1L, "@verge", 1L, "#batterygate", 1L, "https://news.example/story", 1L),
                h.terms());
        assertEquals(Themes.Kind.LINK, Themes.Kind.of("https://news.example/story"));
        // A brand that takes misspellings has them among its own forms: "acmfone" is the brand, not a theme.
        Brand typos = new Brand("acme", "Acme Phones", List.of("acme phones", "acmefone"), List.of(), List.of(), List.of(),
                List.of(), true);
        Mention slip = new Mention("m:2", "bluesky", HOUR, new Mention.Author("@jo", 10, false), "acmfone battery died",
                "", List.of(), "en", new Mention.Engagement(0, 0, 0, 0), false);
        assertEquals(Map.of("battery", 1L, "died", 1L), BrandHighlights.empty().add(slip, typos).terms());
        assertEquals(Map.of("acmfone", 1L, "battery", 1L, "died", 1L), BrandHighlights.empty().add(slip, acme).terms(),
                "without misspellings it is a word like any other");
    }

    /** The links panel shows brand links as links: no character there may turn the text around it. */
    @Test
    void aBrandLinkIsPercentEncodedBeyondAscii() {
        Brand acme = new Brand("acme", "Acme", List.of("acme"), List.of(), List.of(), List.of("acme.com"));
        assertEquals("https://acme.com/caf%C3%A9/%E2%80%AEgpj.exe?x=1",
                BrandHighlights.brandUrl("https://acme.com/café/\u202Egpj.exe?x=1&utm_source=y", acme));
        assertEquals("https://acme.com/plain?x=1", BrandHighlights.brandUrl("https://www.acme.com/plain?x=1", acme));
    }

    /** As the brand queries match them: accents folded either way, a possessive, a bare domain. */
    @Test
    void theBrandsOwnNameLeavesTheTermsHoweverWritten() {
        Brand nestle = new Brand("nestle", "Nestlé", List.of("nestlé"), List.of(), List.of(), List.of("nestle.com"));
        Mention m = new Mention("m:1", "bluesky", HOUR, new Mention.Author("@jo", 10, false),
                "Nestle's recall: NESTLÉ cereal again, see nestle.com", "", List.of(), "en", new Mention.Engagement(0, 0, 0, 0), false);
        assertEquals(Map.of("recall", 1L, "cereal", 1L, "see", 1L), BrandHighlights.empty().add(m, nestle).terms());
        Brand plain = new Brand("nestle", "Nestle", List.of("nestle"), List.of(), List.of(), List.of());
        Mention accented = new Mention("m:2", "bluesky", HOUR, new Mention.Author("@jo", 10, false), "Nestlé cereal",
                "", List.of(), "en", new Mention.Engagement(0, 0, 0, 0), false);
        assertEquals(Map.of("cereal", 1L), BrandHighlights.empty().add(accented, plain).terms());
    }

    @Test
    void anHoursTermsAreKeptToTheMostUsedWithoutGrowingWithoutBound() {
        BrandHighlights.Tally tally = new BrandHighlights.Tally(BrandHighlights.empty());
        Brand acme = new Brand("acme", "Acme", List.of("acme"), List.of(), List.of(), List.of());
        int n = 3 * BrandHighlights.KEEP_PARTIAL_TERMS;
        for (int i = 0; i < n; i++) {
            String text = "acme common word" + letters(i);
            tally.add(new Mention("m:" + i, "bluesky", HOUR, new Mention.Author("@jo", 10, false), text,
                    "", List.of(), "en", new Mention.Engagement(0, 0, 0, 0), false), acme, ThemeTerms.withHandles(text));
        }
        BrandHighlights partial = tally.highlights();
        assertEquals(n, partial.mentions());
        assertEquals(BrandHighlights.KEEP_PARTIAL_TERMS, partial.terms().size(), "a batch's partial keeps more");
        assertEquals(n, partial.terms().get("common"));
        BrandHighlights hour = BrandHighlights.empty().plus(partial);
        assertEquals(BrandHighlights.KEEP_TERMS, hour.terms().size(), "than the hour's store");
        assertEquals(n, hour.terms().get("common"));
    }

    @Test
    void anHourBegunBeforeThemesStaysSoAndIsNoBaseline() {
        BrandHighlights before = new BrandHighlights(Map.of(), Map.of(), BrandHighlights.BEFORE_THEMES, Map.of());
        BrandHighlights upgraded = before.plus(hour(40, Map.of("outage", 30L)));
        assertEquals(false, upgraded.countsTerms(), "its mentions before the upgrade were never counted");
        Themes themes = BrandThemes.rank("acme", HOUR, hour(40, Map.of("outage", 30L)), List.of(upgraded), ThemeSettings.DEFAULT);
        assertEquals(0, themes.baselineHours());
    }

    /** {@code i} written in the letters a to z, so that each is a word of its own. */
    private static String letters(int i) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return s.toString();
    }

    /**
     * A link's theme takes its path from the link's ASCII form; a link already in ASCII is read once,
     * not parsed again, and must give what parsing its ASCII form again gives.
     */
    @Test
    void aLinkThemeHasThePathOfTheLinksAsciiForm() {
        for (String link : List.of("https://news.example/story/", "https://www.News.example/a%20b/c?x=1#f",
                "http://news.example/caf%C3%A9//", "https://news.example/café/ñ", "https://news.example/%E2%80%AEevil",
                "https://news.example/\u202Eevil", "https://news.example", "HTTPS://News.Example/Path/",
                "https://user@news.example:8443/p;q/r", "https://news.example/a+b/%7Euser")) {
            java.net.URI uri = java.net.URI.create(link.trim());
            String path = java.net.URI.create(uri.toASCIIString()).getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String host = uri.getHost().toLowerCase(java.util.Locale.ROOT).replaceFirst("^www\\.", "");
            assertEquals("https://" + host + path, BrandHighlights.themeLink(link), link);
        }
    }
}
