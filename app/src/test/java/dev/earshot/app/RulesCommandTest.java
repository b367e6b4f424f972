package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
    @Test
    void checkingARuleFileSaysTheOrderItGivesTheCategories(@TempDir Path dir) throws Exception {
        Path ordered = Files.writeString(dir.resolve("ordered.yaml"), "precedence: [FEEDBACK, PAID, INFLUENCER, ORGANIC_SHARE]\n");
        CommandLineRun run = CommandLineRun.of("rules", "check", ordered.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().strip().endsWith("; categories win in the order FEEDBACK > PAID > INFLUENCER > ORGANIC_SHARE"), run.out());

        Path unordered = Files.writeString(dir.resolve("plain.yaml"), "disable: [paid.soft-disclosure-hashtag]\n");
        CommandLineRun plain = CommandLineRun.of("rules", "check", unordered.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(plain.out().strip().endsWith("(the default pack has " + dev.earshot.classifier.RulePack.defaults().size() + ")"),
                plain.out());

        Path broken = Files.writeString(dir.resolve("broken.yaml"), "precedence: [FEEDBACK]\n");
        CommandLineRun refused = CommandLineRun.of("rules", "check", broken.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.out().contains("missing PAID, INFLUENCER, ORGANIC_SHARE"), refused.out());
    }
}
