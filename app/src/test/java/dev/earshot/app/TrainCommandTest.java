package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    /** "zorblat", a word no rule knows, marks the complaints. */
    private static Path labelled(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(line("z" + i, "this zorblat again, day " + i, "FEEDBACK:COMPLAINT"));
            lines.add(line("n" + i, "a walk in the park, day " + i, "OTHER"));
        }
        return Files.write(dir.resolve("labelled.jsonl"), lines);
    }

    private static String line(String id, String text, String label) {
        return "{\"id\":\"" + id + "\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"" + text
                + "\",\"label\":\"" + label + "\"}";
    }

    @Test
    void trainsReportsCrossValidationAndTheModelClassifies(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.json");
        CommandLineRun train = CommandLineRun.of("train", "--input", labelled(dir).toString(), "--output", model.toString(),
                "--folds", "3");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("Rules alone:"), train.out());
        assertTrue(train.out().contains("Rules + model, 3-fold cross-validation"), train.out());
        assertTrue(train.out().contains("for [COMPLAINT], from 60 labelled pairs {COMPLAINT=30}"), train.out());
        assertTrue(Files.readString(model).contains("\"zorblat\""));
        // The feedback model's own defaults, not train-sentiment's.
        com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(model.toFile());
        assertEquals(1, written.path("training").path("minCount").asInt(), written.toString());
        assertEquals(0.8, written.path("feedbackFrom").asDouble(), written.toString());
        assertEquals(3.0, written.path("trustRulesFrom").asDouble(), written.toString());

        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"id\":\"q\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"zorblat at breakfast\"}"));
        Path without = dir.resolve("without.jsonl");
        assertEquals(0, CommandLineRun.of("classify", "--input", input.toString(), "--output", without.toString()).exitCode());
        assertTrue(Files.readString(without).contains("\"category\":\"OTHER\""));
        assertFalse(Files.readString(without).contains("\"learned\""));

        Path with = dir.resolve("with.jsonl");
        CommandLineRun classify = CommandLineRun.of("classify", "--model", model.toString(), "--input", input.toString(),
                "--output", with.toString());
        assertEquals(0, classify.exitCode(), classify.err());
        String out = Files.readString(with);
        assertTrue(out.contains("\"category\":\"FEEDBACK\"") && out.contains("\"feedbackKind\":\"COMPLAINT\""), out);
        assertTrue(out.contains("\"learned\":{\"kind\":\"COMPLAINT\"") && out.contains("\"features\":[\"zorblat\""), out);
    }

    @Test
    void refusesAFeedbackFromNotAboveTheNotFeedbackBelowInItsOwnWords(@TempDir Path dir) throws Exception {
        CommandLineRun run = CommandLineRun.of("train", "--input", labelled(dir).toString(), "--output",
                dir.resolve("m.json").toString(), "--threshold", "0.9", "--not-feedback-below", "0.85");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("--feedback-from (0.8) must be above --not-feedback-below (0.85); above 1 turns it off"),
                run.err());
        assertFalse(Files.exists(dir.resolve("m.json")));
        run = CommandLineRun.of("train", "--input", labelled(dir).toString(), "--output", dir.resolve("m.json").toString(),
                "--threshold", "0.9", "--not-feedback-below", "0.85", "--feedback-from", "2", "--folds", "0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("m.json").toFile())
                .path("feedbackFrom").isMissingNode(), "above 1: never, and not written");
    }

    @Test
    void theLengthExponentReachesTheModelFileAndOneOutOfRangeIsRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.json");
        CommandLineRun run = CommandLineRun.of("train", "--input", labelled(dir).toString(), "--output", model.toString(),
                "--length-exponent", "0.3", "--folds", "0");
        assertEquals(0, run.exitCode(), run.err());
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(model.toFile());
        assertEquals(0.3, root.path("lengthExponent").asDouble(), root.toString());
        assertEquals("earshot-feedback-model/2", root.path("format").asText());
        run = CommandLineRun.of("train", "--input", labelled(dir).toString(), "--output", dir.resolve("n.json").toString(),
                "--length-exponent", "2");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("--length-exponent must lie between 0 and 1, was 2.0"), run.err());
        assertFalse(Files.exists(dir.resolve("n.json")));
    }

    @Test
    void refusesBadLinesAModelToStartFromAndAFileThatIsNoModel(@TempDir Path dir) throws Exception {
        Path bad = Files.write(dir.resolve("bad.jsonl"), List.of(line("a", "fine", "OTHER"),
                "{\"id\":\"b\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"no label\"}"));
        CommandLineRun run = CommandLineRun.of("train", "--input", bad.toString(), "--output", dir.resolve("m.json").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("line 2: label: required in labelled data"), run.err());
        assertFalse(Files.exists(dir.resolve("m.json")));

        Path notAModel = Files.writeString(dir.resolve("brands.json"), "{\"brands\": []}");
        run = CommandLineRun.of("train", "--model", notAModel.toString(), "--input", labelled(dir).toString(),
                "--output", dir.resolve("m.json").toString());
        assertEquals(2, run.exitCode());

        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"id\":\"q\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"hello\"}"));
        run = CommandLineRun.of("classify", "--model", notAModel.toString(), "--input", input.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("brands.json") && run.err().contains("not an Earshot feedback model"), run.err());
    }

    /** With --tuning-part-only the model learns from the tuning part alone, which evaluate's held-out figure then does not flatter. */
    @Test
    void theTuningPartOnlyLeavesTheHeldOutThirdUnseen(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.json");
        CommandLineRun train = CommandLineRun.of("train", "--input", labelled(dir).toString(), "--output", model.toString(),
                "--tuning-part-only");
        assertEquals(0, train.exitCode(), train.err());
        long tuning = 0;
        for (int i = 0; i < 30; i++) {
            for (String id : List.of("z" + i, "n" + i)) {
                tuning += dev.earshot.classifier.Evaluation.heldOut(id) ? 0 : 1;
            }
        }
        assertTrue(tuning > 0 && tuning < 60, "the split leaves out some: " + tuning);
        assertTrue(train.out().contains("from " + tuning + " labelled pairs"), tuning + " pairs: " + train.out());
        assertTrue(train.out().strip().endsWith("(the tuning part)."), train.out());
    }

    /** Usage mistakes are exit 2 with what to give, before any reading: one fold, a negative count, a C of 0. */
    @Test
    void foldsOfOneOrFewerThanNoneAndACOfZeroAreUsageErrors(@TempDir Path dir) throws Exception {
        for (String folds : List.of("1", "-2")) {
            CommandLineRun run = CommandLineRun.of("train", "--input", labelled(dir).toString(), "--output",
                    dir.resolve("m.json").toString(), "--folds", folds);
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("--folds is 0 (no cross-validation) or at least 2, not " + folds), run.err());
        }
        Path csv = Files.writeString(dir.resolve("s.csv"), "text,emotion\nlove it,Positive emotion\n");
        CommandLineRun sentiment = CommandLineRun.of("train-sentiment", "--input", csv.toString(), "--output",
                dir.resolve("s.json").toString(), "--c", "0");
        assertEquals(2, sentiment.exitCode(), sentiment.err());
        assertTrue(sentiment.err().contains("--c must be above 0"), sentiment.err());
    }
}
