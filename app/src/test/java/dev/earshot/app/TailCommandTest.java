package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
