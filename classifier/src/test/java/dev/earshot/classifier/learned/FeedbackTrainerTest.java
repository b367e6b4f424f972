package dev.earshot.classifier.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackTrainerTest {
    private static final List<String> FILLER = List.of("blue", "train", "today", "coffee", "phone", "city", "late",
            "morning", "friend", "music");

    /** "refund" marks complaints, "when" questions; everything else is filler shared by all. */
    static List<FeedbackTrainer.Example> examples() {
        Random random = new Random(7);
        List<FeedbackTrainer.Example> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            out.add(example(random, "refund", "COMPLAINT"));
            out.add(example(random, "when", "QUESTION"));
            out.add(example(random, null, null));
            out.add(example(random, null, null));
        }
        return out;
    }

    private static FeedbackTrainer.Example example(Random random, String marker, String label) {
        List<String> features = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            features.add(FILLER.get(random.nextInt(FILLER.size())));
        }
        if (marker != null) {
            features.add(marker);
        }
        return new FeedbackTrainer.Example(Set.copyOf(features), label);
    }

    @Test
    void learnsTheFeatureThatMarksEachKindAndExplainsWithIt() {
        FeedbackModel model = FeedbackTrainer.train(examples(), FeedbackTrainer.Options.DEFAULT);
        assertEquals(List.of("COMPLAINT", "QUESTION"), model.kinds());

        FeedbackModel.Score complaint = model.score(List.of("refund", "blue", "city"));
        assertEquals("COMPLAINT", complaint.label());
        assertTrue(model.predicts(complaint), "probability " + complaint.probability());
        assertEquals("refund", complaint.features().get(0));
        assertFalse(model.refusesFeedback(complaint));

        FeedbackModel.Score question = model.score(List.of("when", "late"));
        assertEquals("QUESTION", question.label());
        assertTrue(model.predicts(question));

        FeedbackModel.Score neither = model.score(List.of("blue", "city", "music"));
        assertFalse(model.predicts(neither), "probability " + neither.probability());
        assertTrue(model.refusesFeedback(neither), "feedback probability " + neither.feedback());
        assertFalse(neither.features().contains("refund"));
    }

    @Test
    void featuresSeenFewerThanMinCountTimesAreLeftOut() {
        List<FeedbackTrainer.Example> examples = new ArrayList<>(examples());
        examples.add(new FeedbackTrainer.Example(Set.of("refund", "onceonly"), "COMPLAINT"));
        // Counted in labelled pairs: the copy of each pair without its rules (train) does not make a
        // feature of one pair a feature of two.
        FeedbackModel model = FeedbackTrainer.train(examples, new FeedbackTrainer.Options(1.0, 2, 0.5, 0.5, 0.3, 0.8, 2.0));
        FeedbackModel kept = FeedbackTrainer.train(examples, new FeedbackTrainer.Options(1.0, 1, 0.5, 0.5, 0.3, 0.8, 2.0));
        assertEquals(kept.featureCount() - 1, model.featureCount());
        assertTrue(kept.score(List.of("onceonly")).probability() > model.score(List.of("onceonly")).probability());
    }

    /**
     * The rules were written from the labelled mentions, so in training a rule fires on nearly every
     * complaint; where they meet a complaint they were not written from, the words must carry it.
     */
    @Test
    void aWordThatCameWithARuleStillTeachesWhenTheRuleDoesNotFire() {
        Random random = new Random(11);
        List<FeedbackTrainer.Example> examples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            List<String> complaint = new ArrayList<>(List.of(FeedbackModel.RULE_FEATURE + "feedback.complaint.broken",
                    FILLER.get(random.nextInt(FILLER.size())), FILLER.get(random.nextInt(FILLER.size()))));
            if (i % 3 == 0) {
                complaint.add("smashed");
            }
            examples.add(new FeedbackTrainer.Example(Set.copyOf(complaint), "COMPLAINT"));
            examples.add(example(random, null, null));
            examples.add(example(random, null, null));
        }
        FeedbackModel model = FeedbackTrainer.train(examples, FeedbackTrainer.Options.DEFAULT);
        FeedbackModel.Score wordsAlone = model.score(List.of("smashed", "blue", "city"));
        assertEquals("COMPLAINT", wordsAlone.label());
        assertTrue(model.predicts(wordsAlone), "probability " + wordsAlone.probability());
        assertEquals("smashed", wordsAlone.features().get(0));
        assertFalse(model.refusesFeedback(wordsAlone), "feedback probability " + wordsAlone.feedback());
    }

    @Test
    void aWrittenModelReadsBackToTheSameScores(@TempDir Path dir) throws IOException {
        FeedbackModel model = FeedbackTrainer.train(examples(), FeedbackTrainer.Options.DEFAULT);
        Path file = dir.resolve("model.json");
        model.write(file);
        FeedbackModel read = FeedbackModel.read(file);
        assertEquals(model.kinds(), read.kinds());
        assertEquals(model.featureCount(), read.featureCount());
        assertEquals(model.training(), read.training());
        assertEquals(List.of(model.lengthExponent(), model.threshold(), model.notFeedbackBelow(), model.feedbackFrom(),
                model.trustRulesFrom()), List.of(read.lengthExponent(), read.threshold(), read.notFeedbackBelow(),
                read.feedbackFrom(), read.trustRulesFrom()));
        assertEquals(FeedbackTrainer.Options.DEFAULT.feedbackFrom(), read.feedbackFrom());
        // Never calling feedback on its own is no number JSON holds: left out, and read back as never.
        FeedbackModel never = FeedbackTrainer.train(examples(), new FeedbackTrainer.Options(1.0, 1, 0.5, 0.5, 0.3,
                Double.POSITIVE_INFINITY, 2.0));
        Path neverFile = dir.resolve("never.json");
        never.write(neverFile);
        assertFalse(Files.readString(neverFile).contains("feedbackFrom"));
        assertEquals(Double.POSITIVE_INFINITY, FeedbackModel.read(neverFile).feedbackFrom());
        for (List<String> features : List.of(List.of("refund", "blue"), List.of("when"), List.of("music", "city"))) {
            assertEquals(model.score(features), read.score(features));
        }
    }

    @Test
    void aModelFileOfAnEarlierReleaseScoresAndDecidesAsItDid(@TempDir Path dir) throws IOException {
        // Four known features of weight 1 and no bias: at unit length each weighs 4^-0.5, a margin of 2
        // (0.881); counted in full, 4 (0.982).
        String file = """
                {"format": "earshot-feedback-model/1", "labels": ["FEEDBACK", "COMPLAINT"], %s
                 "training": {"examples": 3, "perLabel": {"COMPLAINT": 1}, "c": 1.0, "minCount": 1},
                 "bias": [0.0, 0.0], "weights": {"a": [1, 1], "b": [1, 1], "c": [1, 1], "d": [1, 1]}}
                """;
        Path earlier = Files.writeString(dir.resolve("earlier.json"), file.formatted(""));
        FeedbackModel model = FeedbackModel.read(earlier);
        assertEquals(List.of(0.5, 0.5, 0.3, Double.POSITIVE_INFINITY, 2.0), List.of(model.lengthExponent(),
                model.threshold(), model.notFeedbackBelow(), model.feedbackFrom(), model.trustRulesFrom()),
                "what every release before these fields read");
        List<String> features = List.of("a", "b", "c", "d", "unknown");
        assertEquals(0.881, model.score(features).feedback(), 0.001);
        String inFull = file.replace(FeedbackModel.FORMAT_AT_UNIT_LENGTH, FeedbackModel.FORMAT);
        Path counted = Files.writeString(dir.resolve("in-full.json"), inFull.formatted("\"lengthExponent\": 0,"));
        assertEquals(0.982, FeedbackModel.read(counted).score(features).feedback(), 0.001);

        // An earlier release reads format /1 and would score such a model at unit length: refused there.
        Path mislabelled = Files.writeString(dir.resolve("mislabelled.json"), file.formatted("\"lengthExponent\": 0,"));
        IOException e = assertThrows(IOException.class, () -> FeedbackModel.read(mislabelled));
        assertTrue(e.getMessage().contains(FeedbackModel.FORMAT), e.getMessage());
        for (String bad : List.of("\"lengthExponent\": 1.5,", "\"lengthExponent\": \"0.4\",", "\"threshold\": null,")) {
            Path file2 = Files.writeString(dir.resolve("bad.json"), inFull.formatted(bad));
            e = assertThrows(IOException.class, () -> FeedbackModel.read(file2), bad);
            assertTrue(e.getMessage().contains(bad.substring(1, bad.indexOf('"', 1))), e.getMessage());
        }
    }

    @Test
    void aModelIsWrittenInTheFormatOfItsLengthExponent(@TempDir Path dir) throws IOException {
        FeedbackModel unit = FeedbackTrainer.train(examples(), new FeedbackTrainer.Options(1.0, 1, 0.5, 0.5, 0.3, 0.8, 2.0));
        unit.write(dir.resolve("unit.json"));
        String written = Files.readString(dir.resolve("unit.json"));
        assertTrue(written.contains(FeedbackModel.FORMAT_AT_UNIT_LENGTH) && !written.contains("lengthExponent"), written);
        FeedbackTrainer.train(examples(), FeedbackTrainer.Options.DEFAULT).write(dir.resolve("default.json"));
        written = Files.readString(dir.resolve("default.json"));
        assertTrue(written.contains(FeedbackModel.FORMAT) && written.contains("\"lengthExponent\" : 0.4"), written);
    }

    @Test
    void aFileThatIsNotAModelIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\": \"something-else\"}");
        IOException e = assertThrows(IOException.class, () -> FeedbackModel.read(other));
        assertTrue(e.getMessage().startsWith("not an Earshot feedback model"), e.getMessage());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"" + FeedbackModel.FORMAT + "\", \"labels\": [\"COMPLAINT\", \"FEEDBACK\"],"
                + " \"bias\": [0.1, 0.2], \"weights\": {\"refund\": [1.0]}}");
        e = assertThrows(IOException.class, () -> FeedbackModel.read(broken));
        assertTrue(e.getMessage().contains("weights.refund"), e.getMessage());

        // A label twice (an edit gone wrong) would score no kind, and every mention would fail on it.
        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, "{\"format\": \"" + FeedbackModel.FORMAT + "\", \"labels\": [\"FEEDBACK\", \"FEEDBACK\"],"
                + " \"bias\": [0.1, 0.2], \"weights\": {\"refund\": [1.0, 2.0]}}");
        e = assertThrows(IOException.class, () -> FeedbackModel.read(twice));
        assertTrue(e.getMessage().contains("labels must differ"), e.getMessage());

        Path notJson = dir.resolve("model.json");
        Files.writeString(notJson, "{ not json");
        e = assertThrows(IOException.class, () -> FeedbackModel.read(notJson));
        assertTrue(e.getMessage().contains("not a JSON model file"), e.getMessage());
    }

    @Test
    void dataWithNothingToLearnIsRefused() {
        List<FeedbackTrainer.Example> none = List.of(new FeedbackTrainer.Example(Set.of("a"), null),
                new FeedbackTrainer.Example(Set.of("b"), null));
        assertThrows(IllegalArgumentException.class, () -> FeedbackTrainer.train(none, FeedbackTrainer.Options.DEFAULT));
        List<FeedbackTrainer.Example> all = List.of(new FeedbackTrainer.Example(Set.of("a"), "COMPLAINT"),
                new FeedbackTrainer.Example(Set.of("b"), "PRAISE"));
        assertThrows(IllegalArgumentException.class, () -> FeedbackTrainer.train(all, FeedbackTrainer.Options.DEFAULT));
    }
}
