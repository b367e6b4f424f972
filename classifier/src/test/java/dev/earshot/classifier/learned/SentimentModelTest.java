package dev.earshot.classifier.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Sentiment;
import dev.earshot.model.Sentiment.Label;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentModelTest {
    /** "w:zorblat" marks the negatives, "w:flimbo" the positives; "w:day" is everywhere and says nothing. */
    private static SentimentModel trained() {
        List<Set<String>> examples = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            examples.add(Set.of("w:zorblat", "w:day", "w:n" + i));
            labels.add(Label.NEGATIVE);
            examples.add(Set.of("w:flimbo", "w:day", "w:p" + i));
            labels.add(Label.POSITIVE);
            examples.add(Set.of("w:walk", "w:day", "w:q" + i));
            labels.add(Label.NEUTRAL);
        }
        return SentimentModel.train(examples, labels, 4.0, 2);
    }

    @Test
    void learnsEachLabelsWordsAndScoresBetweenMinusOneAndOne() {
        SentimentModel model = trained();
        Sentiment negative = model.score(Set.of("w:zorblat", "w:day"));
        Sentiment positive = model.score(Set.of("w:flimbo", "w:day"));
        assertEquals(Label.NEGATIVE, negative.label());
        assertEquals(Label.POSITIVE, positive.label());
        assertEquals(Label.NEUTRAL, model.score(Set.of("w:walk", "w:day")).label());
        assertTrue(negative.score() < -0.3 && positive.score() > 0.3, negative + " " + positive);
        // Features seen once ("w:n0") fall under the minimum count and are not kept.
        assertEquals(4, model.featureCount());
        assertEquals(60, model.training().examples());
    }

    @Test
    void readsBackWhatItWroteAndRefusesAFeedbackModel(@TempDir Path dir) throws Exception {
        SentimentModel model = trained();
        Path file = dir.resolve("sentiment.json");
        model.write(file);
        SentimentModel read = SentimentModel.read(file);
        Set<String> features = Set.of("w:zorblat", "w:flimbo", "w:day");
        assertEquals(model.score(features), read.score(features));
        assertEquals(model.training(), read.training());

        Path feedback = dir.resolve("feedback.json");
        FeedbackTrainer.train(List.of(new FeedbackTrainer.Example(Set.of("a"), "COMPLAINT"),
                new FeedbackTrainer.Example(Set.of("a"), "COMPLAINT"), new FeedbackTrainer.Example(Set.of("b"), null)),
                FeedbackTrainer.Options.DEFAULT).write(feedback);
        IOException e = assertThrows(IOException.class, () -> SentimentModel.read(feedback));
        assertTrue(e.getMessage().contains("not an Earshot sentiment model"), e.getMessage());
        Files.writeString(file, Files.readString(file).replace("\"NEUTRAL\", \"NEGATIVE\"", "\"NEGATIVE\", \"NEUTRAL\""));
        assertTrue(Files.readString(file).contains("NEGATIVE\", \"NEUTRAL"), "the labels were swapped");
        e = assertThrows(IOException.class, () -> SentimentModel.read(file));
        assertTrue(e.getMessage().contains("labels must be"), e.getMessage());
    }

    /** Biases so low every label's probability is 0: a score of 0, not one that is not a number. */
    @Test
    void aModelSureOfNoLabelScoresZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sentiment.json");
        trained().write(file);
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(file.toFile());
        var bias = root.putArray("bias");
        for (int i = 0; i < 3; i++) {
            bias.add(-800.0);
        }
        Files.writeString(file, root.toString());
        Sentiment s = SentimentModel.read(file).score(Set.of("w:day"));
        assertEquals(0.0, s.score());
    }

    @Test
    void needsTwoLabelsToTellApart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SentimentModel.train(List.of(Set.of("w:a"), Set.of("w:b")), List.of(Label.POSITIVE, Label.POSITIVE), 1, 1));
        assertTrue(e.getMessage().contains("at least two labels"), e.getMessage());
    }
}
