package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.earshot.model.output.Themes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCommandTest {
    @Test
    void anEmptyOrNegativePeriodIsRefusedBeforeAnyTopicIsRead() {
        for (String since : new String[] {"0s", "-1h"}) {
            java.io.StringWriter err = new java.io.StringWriter();
            int status = Earshot.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true),
                    "report", "--set", "phones", "--since=" + since, "--bootstrap-servers", "127.0.0.1:1");
            assertEquals(2, status, since + ": " + err);
            org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains("--since is a period before --until"), err.toString());
        }
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        assertEquals("'=HYPERLINK(\"https://evil.example\",\"click\")", ReportCommand.cell("=HYPERLINK(\"https://evil.example\",\"click\")"));
        assertEquals("'+1", ReportCommand.cell("+1"));
        assertEquals("'@SUM(A1)", ReportCommand.cell("@SUM(A1)"));
        assertEquals("'-2+3", ReportCommand.cell("-2+3"));
        // Spreadsheets read a leading @ as a formula too, so even an ordinary handle gets the apostrophe.
        assertEquals("'@lumora", ReportCommand.cell("@lumora"));
        assertEquals("lumora", ReportCommand.cell("lumora"));
        // What would retitle a terminal, clear it or turn the text around goes first, then the formula check.
        assertEquals("'=1+1", ReportCommand.cell("\u0007\t=1+1"), "a formula behind control characters");
        assertEquals("]0;x@big", ReportCommand.cell("\u001b]0;x\u0007@big"));
        assertEquals("abc", ReportCommand.cell("a\u202Eb\r\nc"));
    }

    @Test
    void markdownCellsCannotForgeRowsOrMarkup() {
        String handle = "evil | 999 |\n| forged | row <img src=x> [link](https://evil.example)";
        String escaped = ReportCommand.md(handle);
        assertFalse(escaped.contains("\n"), escaped);
        assertFalse(escaped.replace("\\|", "").contains("|"), "every pipe is escaped: " + escaped);
        assertFalse(escaped.replace("\\<", "").contains("<"), escaped);
        assertFalse(escaped.replace("\\[", "").contains("["), escaped);
        assertEquals("plain", ReportCommand.md("plain"));
        assertEquals("a b c", ReportCommand.md("a\u2028b\u202ec"), "a line separator and a bidi override become spaces");
    }

    @Test
    void eachBrandsTopThemesAreSummedOverThePeriodsHoursThatHadABaselineAndRankedByMentionsAboveExpected() {
        Instant from = Instant.parse("2026-11-20T00:00:00Z");
        Instant to = from.plus(Duration.ofHours(3));
        Map<String, ReportCommand.BrandFigures> brands = new LinkedHashMap<>();
        brands.put("lumora", new ReportCommand.BrandFigures());
        List<Themes> hours = List.of(
                // No baseline yet: its terms rose against nothing, and would bury the rest.
                hour("lumora", from, 0, theme("hello", 500, 0)),
                hour("lumora", from.plus(Duration.ofHours(1)), 1, theme("battery", 40, 4), theme("#drain", 12, 2), theme("screen", 9, 1)),
                hour("lumora", from.plus(Duration.ofHours(2)), 2, theme("battery", 30, 10), theme("https://news.example/a", 15, 0),
                        theme("screen", 9, 1), theme("apps", 8, 0), theme("zoom", 8, 0)),
                hour("lumora", to, 3, theme("after", 900, 0)),             // outside the period
                hour("vantor", from.plus(Duration.ofHours(1)), 1, theme("vantor-only", 99, 0))); // not in the set
        ReportCommand.addThemes(brands, hours, from, to);

        List<ReportCommand.ThemeFigures> top = ReportCommand.topThemes(brands.get("lumora"), 5);
        // battery 36 + 20 = 56; screen 8 + 8 = 16; the link 15; #drain 10; apps and zoom 8 each, apps first by name.
        assertEquals(List.of("battery", "screen", "https://news.example/a", "#drain", "apps"), top.stream().map(t -> t.term).toList());
        assertEquals(List.of(2, 2, 1, 1, 1), top.stream().map(t -> t.hours).toList());
        assertEquals(List.of(70L, 18L, 15L, 12L, 8L), top.stream().map(t -> t.mentions).toList());
        assertEquals(56.0, top.get(0).aboveExpected, 1e-9);
        assertEquals("`https://news.example/a`", ReportCommand.themeCell("https://news.example/a"), "no renderer links it");
    }

    private static Themes hour(String brand, Instant start, int baselineHours, Themes.Theme... themes) {
        long mentions = java.util.Arrays.stream(themes).mapToLong(Themes.Theme::mentions).max().orElse(0);
        return new Themes(brand, start, start.plus(Duration.ofHours(1)), mentions, baselineHours, List.of(themes));
    }

    private static Themes.Theme theme(String term, long mentions, double expected) {
        return new Themes.Theme(term, Themes.Kind.of(term), mentions, expected, (mentions - expected) / Math.sqrt(expected + 1));
    }
}
