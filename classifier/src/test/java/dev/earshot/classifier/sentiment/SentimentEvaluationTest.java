package dev.earshot.classifier.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Sentiment.Label;
import org.junit.jupiter.api.Test;

class SentimentEvaluationTest {
    @Test
    void macroF1AveragesTheThreeClassesF1() {
        SentimentEvaluation e = new SentimentEvaluation();
        e.add(Label.POSITIVE, Label.POSITIVE);
        e.add(Label.POSITIVE, Label.NEUTRAL);
        e.add(Label.NEUTRAL, Label.NEUTRAL);
        e.add(Label.NEGATIVE, Label.NEGATIVE);
        e.add(Label.NEGATIVE, Label.POSITIVE);
        // POSITIVE: P 1/2 R 1/2 → 0.5; NEUTRAL: P 1/2 R 1 → 2/3; NEGATIVE: P 1 R 1/2 → 2/3.
        assertEquals(0.5, e.f1(Label.POSITIVE), 1e-9);
        assertEquals(2 / 3.0, e.f1(Label.NEUTRAL), 1e-9);
        assertEquals((0.5 + 2 / 3.0 + 2 / 3.0) / 3, e.macroF1(), 1e-9);
        assertEquals(0.6, e.accuracy(), 1e-9);
        assertTrue(e.report().contains("NEGATIVE                   1         0         1"), e.report());
    }
}
