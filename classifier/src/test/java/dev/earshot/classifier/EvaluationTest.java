package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.model.Category;
import dev.earshot.model.FeedbackKind;
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
}
