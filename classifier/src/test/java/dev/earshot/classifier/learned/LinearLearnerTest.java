package dev.earshot.classifier.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class LinearLearnerTest {
    @Test
    void aLongRowsFeaturesWeighMoreBelowUnitLength() {
        // "refund" marks the positives, each in a row of twelve features: at unit length a feature of
        // such a row is worth 12^-0.5, counted in full 1, so the learner needs a smaller weight for it.
        List<Set<String>> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Set<String> row = new java.util.HashSet<>(Set.of("refund"));
            for (int w = 0; w < 11; w++) {
                row.add("w" + ((i + w) % 17));
            }
            rows.add(row);
            rows.add(Set.of("park", "w" + (i % 17)));
        }
        Predicate<Integer> positive = i -> i % 2 == 0;
        double atUnitLength = LinearLearner.fit(rows, rows.size(), List.of("X"), List.of(positive), 1.0, 1,
                LinearLearner.UNIT_LENGTH_EXPONENT, false).weights().get("refund")[0];
        double inFull = LinearLearner.fit(rows, rows.size(), List.of("X"), List.of(positive), 1.0, 1, 0.0, false)
                .weights().get("refund")[0];
        assertTrue(atUnitLength > 0 && inFull > 0, atUnitLength + " " + inFull);
        assertTrue(inFull < atUnitLength, "in full " + inFull + ", at unit length " + atUnitLength);
    }

    @Test
    void theSquareRootAtUnitLengthToTheLastBit() {
        for (int n = 1; n < 2000; n++) {
            assertEquals(1 / Math.sqrt(n), LinearLearner.featureValue(n, LinearLearner.UNIT_LENGTH_EXPONENT));
        }
        assertEquals(0.25, LinearLearner.featureValue(16, 0.5));
        assertEquals(1.0, LinearLearner.featureValue(16, 0.0));
        assertEquals(0.0, LinearLearner.featureValue(0, 0.4));
    }
}
