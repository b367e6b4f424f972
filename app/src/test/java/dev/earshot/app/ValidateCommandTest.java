package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    private static final String GOOD =
            "{\"id\":\"x:%d\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"hello\"}";

    @Test
    void reportsEveryBadLineWithItsNumberAndKeepsGoing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mentions.jsonl");
        Files.write(file, List.of(
                GOOD.formatted(1),
                "{\"id\":\"x:2\",\"platform\":\"x\",\"createdAt\":\"soon\",\"text\":\"hi\"}",
                "",
                GOOD.formatted(3),
                "not json at all",
                "{\"id\":\"x:5\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                        + "\"engagement\":{\"likes\":-3}}",
                GOOD.formatted(6)));

        CommandLineRun run = CommandLineRun.of("validate", "--input", file.toString());

        assertEquals(1, run.exitCode(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("line 2: createdAt: not an ISO-8601 instant: \"soon\"", lines.get(0));
        assertTrue(lines.get(1).startsWith("line 5: document: malformed JSON"), lines.get(1));
        assertEquals("line 6: engagement.likes: must be >= 0, was -3", lines.get(2));
        assertEquals(file + ": 3 valid, 3 invalid, 1 blank lines skipped", lines.get(3));
    }

    @Test
    void aCleanFileExitsZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.jsonl");
        Files.write(file, List.of(GOOD.formatted(1), GOOD.formatted(2)));
        CommandLineRun run = CommandLineRun.of("validate", "--input", file.toString());
        assertEquals(0, run.exitCode());
        assertEquals(file + ": 2 valid, 0 invalid", run.out().strip());
    }

    @Test
    void invalidUtf8AndOverlongLinesAreReportedNotFatal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hostile.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"id\":\"x:1\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\""
                    .getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
            out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
            out.write(("{\"text\":\"" + "a".repeat(2 << 20) + "\"}\n").getBytes(StandardCharsets.UTF_8));
            out.write((GOOD.formatted(3) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        CommandLineRun run = CommandLineRun.of("validate", "--input", file.toString());
        assertEquals(1, run.exitCode());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("line 1: document: invalid UTF-8"), lines.get(0));
        assertTrue(lines.get(1).startsWith("line 2: document: 2097163 bytes exceeds the limit"), lines.get(1));
        assertTrue(lines.get(2).endsWith("1 valid, 2 invalid"), lines.get(2));
    }

    @Test
    void aMissingFileIsAFailureWithAMessage() {
        CommandLineRun run = CommandLineRun.of("validate", "--input", "/no/such/file.jsonl");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("/no/such/file.jsonl"), run.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, CommandLineRun.of("validate").exitCode());
        assertEquals(2, CommandLineRun.of("no-such-command").exitCode());
        assertEquals(2, CommandLineRun.of().exitCode());
    }

    @Test
    void helpIsGeneratedForEverySubcommand() {
        CommandLineRun run = CommandLineRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("broker"), run.out());
        assertTrue(run.out().contains("validate"), run.out());
        assertTrue(CommandLineRun.of("broker", "--help").out().contains("--data-dir"));
    }
}
