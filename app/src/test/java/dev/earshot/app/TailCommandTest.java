package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TailCommandTest {
    @Test
    void everyViewIsNamedAsTypedAndParsedBack() {
        for (TailCommand.View view : TailCommand.View.values()) {
            assertEquals(view, TailCommand.View.parse(view.label()));
        }
        assertEquals("engagement-1h", TailCommand.View.engagement_1h.label());
        assertEquals(TailCommand.View.share_of_voice, TailCommand.View.parse("Share-Of-Voice"));
    }

    @Test
    void aClassifiedPairShowsItsClusterAndWhyItIsSuspect() {
        dev.earshot.model.Mention m = dev.earshot.model.Mention.of("x:1", "x", java.time.Instant.parse("2026-11-20T10:00:00Z"),
                "Lumora app keeps crashing");
        dev.earshot.model.Classification c = new dev.earshot.model.Classification("lumora", dev.earshot.model.Category.FEEDBACK,
                java.util.Set.of(dev.earshot.model.Category.FEEDBACK), dev.earshot.model.FeedbackKind.COMPLAINT, null, java.util.List.of());
        String marked = TailCommand.row(new dev.earshot.model.ClassifiedMention(m, c, "c00000000000000ff",
                java.util.Set.of(dev.earshot.model.SuspectReason.FLOOD, dev.earshot.model.SuspectReason.AUTHOR_RATE)));
        assertTrue(marked.contains(" c00000000000000ff author_rate… "), marked); // author_rate+flood, clipped
        String plain = TailCommand.row(new dev.earshot.model.ClassifiedMention(m, c));
        assertTrue(plain.contains(String.format(java.util.Locale.ROOT, " %-17s %-12s ", "-", "-")), plain);
    }

    @Test
    void anAlertShowsItsStatusGradeCopiesSuspectsRisingTermsAndLoudestMentionsWithoutTheirControlCharacters() {
        java.time.Instant t = java.time.Instant.parse("2026-11-20T10:15:00Z");
        dev.earshot.model.output.FeedbackSpike alert = new dev.earshot.model.output.FeedbackSpike("lumora", t, t.plusSeconds(900), 40,
                4.0, 9.0, 10.0, java.util.List.of("x:1", "x:2"), dev.earshot.model.output.FeedbackSpike.Signal.FEEDBACK, 7,
                java.util.List.of("battery", "#drain"), java.util.List.of(
                        new dev.earshot.model.output.FeedbackSpike.Sample("x:1", "@jane", 120_000, "dies by noon \u001b[2J\u001b]0;pwned\u0007",
                                "https://x.example/1"),
                        new dev.earshot.model.output.FeedbackSpike.Sample("x:2", "@joe\nlumora           2026-11-20 10:15 feedback  opened",
                                40, "same \u202eevil", "")),
                dev.earshot.model.output.FeedbackSpike.Status.UPDATED, "lumora@2026-11-20T10:00:00Z", 30, 5);
        List<String> lines = TailCommand.row(alert).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("lumora +2026-11-20 10:15 +feedback +updated +40 +4\\.0 +10\\.0x +7/10 +75% +5  battery, #drain +x:1 x:2"),
                lines.get(0));
        assertEquals("    @jane (120,000 followers) x:1: dies by noon [2J]0;pwned  https://x.example/1", lines.get(1));
        assertEquals("    @joelumora           2026-11-20 10:15 feedback  opened (40 followers) x:2: same evil", lines.get(2),
                "a line break in a handle starts no forged row");
    }

    @Test
    void jsonKeepsEveryCharacterButWritesThoseATerminalWouldObeyAsEscapes() throws Exception {
        String json = "{\"text\":\"a\u009b2Jb\u202ec\u2028d é 😀\udb40\udc01\"}";
        String shown = TailCommand.jsonForTerminal(json);
        assertEquals("{\"text\":\"a\\u009b2Jb\\u202ec\\u2028d é 😀\\udb40\\udc01\"}", shown);
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), new com.fasterxml.jackson.databind.ObjectMapper().readTree(shown));
        String themes = TailCommand.row(new dev.earshot.model.output.Themes("lumora\u001b[31m", java.time.Instant.EPOCH,
                java.time.Instant.EPOCH.plusSeconds(3600), 1, 0, List.of()));
        assertTrue(themes.startsWith("lumora[31m ") && themes.chars().noneMatch(Character::isISOControl), themes);
    }

    @Test
    void anUnknownViewIsRefusedWithEveryViewNamed() {
        // Refused before any broker is asked: the exit code is the usage error's, and the answer
        // lists what can be tailed, as the help does.
        CommandLineRun run = CommandLineRun.of("tail", "engagement-1d");
        assertEquals(2, run.exitCode());
        CommandLineRun help = CommandLineRun.of("tail", "--help");
        for (TailCommand.View view : TailCommand.View.values()) {
            assertTrue(run.err().contains(view.label()), run.err());
            assertTrue(help.out().contains(view.label()), help.out());
        }
        assertTrue(run.err().startsWith("unknown view engagement-1d: use one of engagement, engagement-1h, "), run.err());
    }
}
