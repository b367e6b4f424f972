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

    /**
     * A brand file is told by its keys as YAML reads them, as the streams app loads it: with a byte order
     * mark, or written as JSON, it is a brand file (it was checked as a rule file and failed); and one of
     * no brands is refused, as the streams app refuses it (it passed as ok).
     */
    @Test
    void aBrandFileIsToldByItsKeysAndOneOfNoBrandsIsRefusedAsTheStreamsAppRefusesIt(@TempDir Path dir) throws Exception {
        Path bom = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFbrands:\n  - {id: lumora, keywords: [lumora]}\n");
        CommandLineRun withBom = CommandLineRun.of("rules", "check", bom.toString());
        assertEquals(0, withBom.exitCode(), withBom.out());
        assertTrue(withBom.out().contains("ok, a brand file with 1 brands"), withBom.out());

        Path json = Files.writeString(dir.resolve("brands.json"), "{\"brands\": [{\"id\": \"lumora\", \"keywords\": [\"lumora\"]}]}");
        CommandLineRun asJson = CommandLineRun.of("rules", "check", json.toString());
        assertEquals(0, asJson.exitCode(), asJson.out());
        assertTrue(asJson.out().contains("ok, a brand file with 1 brands"), asJson.out());

        Path none = Files.writeString(dir.resolve("none.yaml"), "brands: []\n");
        CommandLineRun empty = CommandLineRun.of("rules", "check", none.toString());
        assertEquals(1, empty.exitCode(), empty.out());
        assertTrue(empty.out().contains("names no brands"), empty.out());
    }
}
