package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {
    private static final String BRANDS = """
            brands:
              - id: lumora
                keywords: [lumora]
                handles: ["@lumoraphones"]
              - id: vantor
                keywords: [vantor]
            """;

    @Test
    void writesOneLinePerMentionAndBrandAndReportsBadLines(@TempDir Path dir) throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), BRANDS);
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"id\":\"a\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"Lumora or Vantor? #ad\"}",
                "{\"id\":\"b\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\"}",
                "{\"id\":\"c\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"nothing tracked\"}"));
        Path output = dir.resolve("out.jsonl");

        CommandLineRun run = CommandLineRun.of("classify", "--brands", brands.toString(), "--input", input.toString(),
                "--output", output.toString());

        assertEquals(1, run.exitCode(), "a bad line makes the exit code 1");
        assertTrue(run.err().contains("line 2: text: required"), run.err());
        assertTrue(run.err().contains("classified 2 mentions into 2 results; 1 named no tracked brand; 1 bad lines"), run.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\"brand\":\"lumora\",\"category\":\"PAID\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"brand\":\"vantor\",\"category\":\"PAID\""), lines.get(1));
    }

    @Test
    void withoutBrandsItClassifiesStrategyOnly(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"id\":\"a\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"worst service ever, still waiting\"}"));
        Path output = dir.resolve("out.jsonl");
        CommandLineRun run = CommandLineRun.of("classify", "--input", input.toString(), "--output", output.toString());
        assertEquals(0, run.exitCode(), run.err());
        String line = Files.readString(output).strip();
        assertTrue(line.contains("\"brand\":null,\"category\":\"FEEDBACK\""), line);
        assertTrue(line.contains("\"feedbackKind\":\"COMPLAINT\""), line);
    }

    @Test
    void aQuietLiveSourceGetsItsResultsWithoutWaitingForAFullBatch(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live.jsonl");
        assertEquals(0, new ProcessBuilder("mkfifo", live.toString()).start().waitFor(), "mkfifo");
        Path output = dir.resolve("out.jsonl");
        CompletableFuture<CommandLineRun> run = CompletableFuture.supplyAsync(() -> CommandLineRun.of(
                "classify", "--input", live.toString(), "--output", output.toString()));
        String mention = "{\"id\":\"%s\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"#ad new drop\"}\n";
        try (OutputStream source = Files.newOutputStream(live)) {
            source.write(mention.formatted("first").getBytes(StandardCharsets.UTF_8));
            source.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(output) || Files.readAllLines(output).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no result within 30 s while the source stayed open");
                Thread.sleep(20);
            }
            assertTrue(Files.readString(output).contains("\"id\":\"first\""), Files.readString(output));
            source.write(mention.formatted("second").getBytes(StandardCharsets.UTF_8));
        }
        CommandLineRun done = run.get(30, TimeUnit.SECONDS);
        assertEquals(0, done.exitCode(), done.err());
        assertEquals(2, Files.readAllLines(output).size());
    }

    @Test
    void rulesCheckExplainsErrorsAndExitsOne(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: x\n    category: PAID\n    query: 'txt:a'\n");
        CommandLineRun bad = CommandLineRun.of("rules", "check", rules.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.out().contains("rules.yaml:2: rule 'x': unknown field 'txt'"), bad.out());
        Path brands = Files.writeString(dir.resolve("brands.yaml"), BRANDS);
        CommandLineRun ok = CommandLineRun.of("rules", "check", brands.toString());
        assertEquals(0, ok.exitCode(), ok.out());
        assertTrue(ok.out().contains("a brand file with 2 brands"), ok.out());
    }
}
