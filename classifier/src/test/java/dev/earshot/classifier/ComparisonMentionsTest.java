package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Scores the default rules on posts that name two or three competing brands, most of them comparing
 * them, labelled with each brand's category and the sentiment toward it: the food-delivery set is
 * the one the comparison rules ({@link dev.earshot.classifier.sentiment.Comparison}) were written
 * from, the coffee set was written apart and only scored. The floors are a little under the figures
 * measured, to catch regressions; docs/eval/classifier-history.md has the figures before and after.
 */
class ComparisonMentionsTest {
    /** One set: its folder, its labels, and the floors of its categories' and sentiment's macro-F1. */
    record ComparisonSet(String name, String folder, int labels, double floor, double sentimentFloor) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<ComparisonSet> SETS = List.of(
            // Measured when added: categories 0.809, sentiment 0.435 before the comparison rules; 0.831 and 0.567 after.
            new ComparisonSet("comparisons, tuning set (food delivery)", "/comparisons/food-delivery/", 121, 0.825, 0.56),
            // Measured when added: categories 0.836, sentiment 0.398 before the comparison rules; 0.841 and 0.475 after.
            new ComparisonSet("comparisons, held-out set (coffee)", "/comparisons/coffee/", 124, 0.835, 0.465));

    @ParameterizedTest
    @FieldSource("SETS")
    void eachBrandOfAComparisonIsJudgedOnWhatItSaysOfIt(ComparisonSet set) throws Exception {
        List<LabelledMention> mentions = DevelopmentSetTest.labelled(set.folder() + "mentions.jsonl");
        Evaluation evaluation;
        try (Classifier classifier = Classifier.create(DevelopmentSetTest.brands(set.folder() + "brands.yaml"),
                RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            evaluation = Evaluation.of(classifier, mentions);
        }
        System.out.printf(Locale.ROOT, "[earshot-eval] %s: macro-F1 %.3f, feedback kinds %.3f, sentiment toward each brand "
                        + "macro-F1 %.3f (accuracy %.3f) over %d labels%n", set.name(), evaluation.macroF1(),
                evaluation.kindMacroF1(), evaluation.sentiment().macroF1(), evaluation.sentiment().accuracy(), evaluation.total());
        assertEquals(set.labels(), evaluation.total());
        assertEquals(set.labels(), evaluation.sentiment().count(), "every labelled brand has its sentiment");
        assertEquals(0, evaluation.missedBrands(), evaluation.report());
        assertTrue(evaluation.macroF1() >= set.floor(), evaluation.report());
        assertTrue(evaluation.sentiment().macroF1() >= set.sentimentFloor(), evaluation.report());
    }
}
