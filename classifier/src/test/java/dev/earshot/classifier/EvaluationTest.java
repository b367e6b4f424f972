package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Sentiment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /**
     * The kinds' figure is the mean over the kinds that were labelled; a FEEDBACK pair of the wrong
     * kind counts against both kinds, one missed as OTHER against its own; the categories' figure
     * does not see the kind.
     */
    @Test
    void feedbackKindsAreScoredApartFromTheCategories() {
        Evaluation e = new Evaluation();
        e.add(Category.FEEDBACK, FeedbackKind.QUESTION, Category.FEEDBACK, FeedbackKind.QUESTION);
        e.add(Category.FEEDBACK, FeedbackKind.QUESTION, Category.FEEDBACK, FeedbackKind.COMPLAINT);
        e.add(Category.FEEDBACK, FeedbackKind.COMPLAINT, Category.FEEDBACK, FeedbackKind.COMPLAINT);
        e.add(Category.FEEDBACK, FeedbackKind.COMPLAINT, Category.OTHER, null);
        e.add(Category.OTHER, null, Category.OTHER, null);

        // QUESTION: 1 found of 2, none wrongly: F1 2/3. COMPLAINT: 1 of 2 found, 1 wrongly: F1 1/2.
        assertEquals((2.0 / 3 + 0.5) / 2, e.kindMacroF1(), 1e-9);
        assertEquals(0.0, new Evaluation().kindMacroF1());
        // FEEDBACK: 3 of 4 found, none wrongly (F1 6/7); OTHER: 1 found, 1 wrongly (F1 2/3).
        assertEquals((6.0 / 7 + 2.0 / 3) / 2, e.macroF1(), 1e-9);
    }

    /**
     * Sentiment toward each brand is scored on the pairs labelled with one: a brand the classifier
     * did not find counts as NEUTRAL, a pair without a sentiment label counts nowhere.
     */
    @Test
    void sentimentTowardEachBrandIsScoredWhereLabelled() throws Exception {
        MentionCodec codec = MentionCodec.strict();
        LabelledMention both = LabelledMention.decode(line("Lumora", "\"lumora\": \"OTHER\", \"vantor\": \"OTHER\"",
                "\"lumora\": \"positive\", \"vantor\": \"NEGATIVE\""), codec);
        assertEquals(Map.of("lumora", Sentiment.Label.POSITIVE, "vantor", Sentiment.Label.NEGATIVE), both.sentiments());
        LabelledMention none = LabelledMention.decode(line("Lumora", "\"lumora\": \"OTHER\"", null), codec);
        assertEquals(Map.of(), none.sentiments());

        Evaluation e = new Evaluation();
        e.add(both, List.of(pair("lumora", Sentiment.Label.POSITIVE))); // vantor not found: NEUTRAL, wrong
        e.add(none, List.of(pair("lumora", Sentiment.Label.NEGATIVE)));
        assertEquals(2, e.sentiment().count());
        assertEquals(0.5, e.sentiment().accuracy(), 1e-9);
        // POSITIVE: F1 1; NEGATIVE: expected once, never predicted, F1 0; NEUTRAL: predicted once wrongly, F1 0.
        assertEquals(1.0 / 3, e.sentiment().macroF1(), 1e-9);
        assertTrue(e.report().contains("sentiment toward each brand:%n  2 labelled; accuracy 0.500".formatted()), e.report());
        assertFalse(new Evaluation().report().contains("sentiment toward"));
    }

    @Test
    void aSentimentLabelNeedsAKnownLabelAndValue() {
        MentionCodec codec = MentionCodec.strict();
        InvalidMentionException typo = assertThrows(InvalidMentionException.class, () -> LabelledMention.decode(
                line("Lumora", "\"lumora\": \"OTHER\"", "\"lumra\": \"POSITIVE\""), codec));
        assertTrue(typo.getMessage().contains("lumra has a sentiment but no label"), typo.getMessage());
        InvalidMentionException value = assertThrows(InvalidMentionException.class, () -> LabelledMention.decode(
                line("Lumora", "\"lumora\": \"OTHER\"", "\"lumora\": \"happy\""), codec));
        assertTrue(value.getMessage().contains("POSITIVE, NEUTRAL or NEGATIVE for lumora"), value.getMessage());
    }

    private static byte[] line(String text, String labels, String sentiments) {
        return ("{\"id\": \"t:1\", \"platform\": \"x\", \"createdAt\": \"2026-11-10T12:00:00Z\", "
                + "\"author\": {\"handle\": \"@a\", \"followers\": 1, \"verified\": false}, \"text\": \"" + text + "\", "
                + "\"label\": {" + labels + "}" + (sentiments == null ? "" : ", \"sentiment\": {" + sentiments + "}") + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Classification pair(String brand, Sentiment.Label label) {
        return new Classification(brand, Category.OTHER, java.util.Set.of(Category.OTHER), null, null, List.of())
                .withPerception(new Sentiment(label, 0), "en");
    }
}
