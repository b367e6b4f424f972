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

class TrainSentimentCommandTest {
    /** "zorblat" and "flimbo", words no lexicon knows, mark the negative and the positive texts. */
    private static Path labelled(Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("n,text,emotion"));
        for (int i = 1; i <= 30; i++) {
            lines.add(i * 3 + ",\"my phone did the zorblat thing again today, day " + i + "\",negative");
            lines.add((i * 3 + 1) + ",\"my phone did the flimbo thing at last today, day " + i + "\",positive");
            lines.add((i * 3 + 2) + ",\"we took a walk in the park with the phone today, day " + i + "\",none");
        }
        lines.add("999,\"cannot say, day 0\",I can't tell");
        return Files.write(dir.resolve("labelled.csv"), lines);
    }

    @Test
    void trainsReportsCrossValidationAndTheModelDecidesSentiment(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("sentiment.json");
        CommandLineRun train = CommandLineRun.of("train-sentiment", "--input", labelled(dir).toString(), "--output",
                model.toString(), "--folds", "3");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("90 labelled texts, 1 left out as unlabelled or unclear"), train.out());
        assertTrue(train.out().contains("Rules alone:") && train.out().contains("Model, 3-fold cross-validation"), train.out());
        assertTrue(Files.readString(model).contains("\"w:zorblat\""));
        assertEquals(2, new com.fasterxml.jackson.databind.ObjectMapper().readTree(model.toFile()).path("training")
                .path("minCount").asInt(), "the sentiment model's own min-count, not train's");

        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"id\":\"q\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"zorblat at breakfast\"}"));
        Path without = dir.resolve("without.jsonl");
        assertEquals(0, CommandLineRun.of("classify", "--input", input.toString(), "--output", without.toString()).exitCode());
        assertTrue(Files.readString(without).contains("\"label\":\"NEUTRAL\""), Files.readString(without));
        Path with = dir.resolve("with.jsonl");
        CommandLineRun classify = CommandLineRun.of("classify", "--sentiment-model", model.toString(), "--input",
                input.toString(), "--output", with.toString());
        assertEquals(0, classify.exitCode(), classify.err());
        assertTrue(Files.readString(with).contains("\"label\":\"NEGATIVE\""), Files.readString(with));

        // Trained on the tuning part only, the held-out rows (n a multiple of 3: the negatives here) are unseen.
        Path tuningOnly = dir.resolve("tuning.json");
        train = CommandLineRun.of("train-sentiment", "--input", labelled(dir).toString(), "--output", tuningOnly.toString(),
                "--folds", "0", "--tuning-part-only");
        assertEquals(0, train.exitCode(), train.err());
        assertFalse(Files.readString(tuningOnly).contains("\"w:zorblat\""), "the held-out rows were learned from");

        CommandLineRun evaluate = CommandLineRun.of("evaluate", "--sentiment", labelled(dir).toString(),
                "--sentiment-model", model.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains("Earshot, rules + sentiment model") && evaluate.out().contains("Earshot, rules alone:")
                && evaluate.out().contains("VADER lexicon alone (baseline):"), evaluate.out());
    }

    @Test
    void refusesAModelToStartFromAndAFileThatIsNoSentimentModel(@TempDir Path dir) throws Exception {
        Path notAModel = Files.writeString(dir.resolve("brands.json"), "{\"brands\": []}");
        CommandLineRun run = CommandLineRun.of("train-sentiment", "--sentiment-model", notAModel.toString(), "--input",
                labelled(dir).toString(), "--output", dir.resolve("m.json").toString());
        assertEquals(2, run.exitCode());
        assertFalse(Files.exists(dir.resolve("m.json")));

        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"id\":\"q\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"hello\"}"));
        run = CommandLineRun.of("classify", "--sentiment-model", notAModel.toString(), "--input", input.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("brands.json") && run.err().contains("not an Earshot sentiment model"), run.err());
    }
}
