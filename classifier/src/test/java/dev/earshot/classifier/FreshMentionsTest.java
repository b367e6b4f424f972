package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.learned.FeedbackTrainer;
import dev.earshot.model.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores the default rule pack on 300 labelled mentions of nine invented brands of six more trades
 * (dev-set-fresh/), each file written by a separate session from the design brief's category policy
 * alone, without sight of the rule pack, after every rule of this release, and scored before any
 * rule was written from them: what the pack does on posts nobody tuned it to (0.919). They are split
 * by the same hash as the other sets: rules written since read the tuning part's misses only (two
 * were, README), so the held-out part stays unseen. The floors are a little under the figures measured
 * when the set was added, to catch regressions; they are not the project's target (README, "How well").
 */
class FreshMentionsTest {
    static final List<String> FILES = List.of("travel-games.jsonl", "cars-home.jsonl", "fashion-fitness.jsonl");

    static List<LabelledMention> fresh() throws Exception {
        return DevelopmentSetTest.labelled("/dev-set-fresh/", FILES);
    }

    static BrandCatalog freshBrands() throws Exception {
        return DevelopmentSetTest.brands("/dev-set-fresh/brands.yaml");
    }

    @Test
    void defaultRulesOnMentionsWrittenApartFromThem() throws Exception {
        assertEquals(300, fresh().size());
        DevelopmentSetTest.defaultRulesReachFloor("fresh mentions", freshBrands(), "/dev-set-fresh/", FILES, 339, FLOOR);
    }

    /**
     * A model trained on the other sets' tuning parts (the unseen mentions' and the first development
     * set's), as a user would train one on their own labels and then meet brands and writers it never
     * saw: whether what it learned carries over to other trades.
     */
    @Test
    void aModelTrainedOnTheOtherSetsScoredHere() throws Exception {
        double learned = aloneAndWithModel("fresh mentions", freshBrands(), fresh(), DevelopmentSetTest.tuningExamplesOfTheFirst(2),
                "the other sets' tuning parts");
        assertTrue(learned >= MODEL_FLOOR, "with a model " + learned);
    }

    /**
     * Scores a labelled set with the default rules alone and with a model trained on {@code examples},
     * prints both, and returns the macro-F1 with the model.
     */
    static double aloneAndWithModel(String name, BrandCatalog brands, List<LabelledMention> set,
                                    List<FeedbackTrainer.Example> examples, String trainedOn) {
        try (Classifier rules = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT);
                Classifier withModel = Classifier.create(brands, rules.rules(), rules.settings(),
                        FeedbackTrainer.train(examples, FeedbackTrainer.Options.DEFAULT))) {
            Evaluation alone = Evaluation.of(rules, set);
            Evaluation learned = Evaluation.of(withModel, set);
            System.out.printf("[earshot-eval] %s: rules alone macro-F1 %.3f (FEEDBACK F1 %.3f), rules + a model trained on %s"
                            + " %.3f (FEEDBACK F1 %.3f)%n", name, alone.macroF1(), alone.f1(Category.FEEDBACK), trainedOn,
                    learned.macroF1(), learned.f1(Category.FEEDBACK));
            return learned.macroF1();
        }
    }

    /**
     * Measured when the set was added (2026-12-03, README): 0.919 with the rules, 0.922 with the model;
     * 0.922 and 0.924 once a brand's domains were also its handles, 0.925 and 0.927 with greetings
     * before its name, 0.927 and 0.930 before its handle.
     * The floors guard against falling back.
     */
    private static final double FLOOR = 0.90;
    private static final double MODEL_FLOOR = 0.90;
}
