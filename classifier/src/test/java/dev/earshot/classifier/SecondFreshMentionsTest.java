package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores the default rule pack on 300 labelled mentions of nine invented brands of six more trades
 * (dev-set-fresh-2/), each file written by a separate session from the design brief's category policy
 * alone, without sight of the project, after every rule of 2026-12-04, and scored before any rule was
 * written from them. Split by the same hash as the other sets: rules written from now on may read the
 * tuning part's misses only, so the held-out part stays unseen. The floors are a little under the
 * figures measured when the set was added, to catch regressions; they are not the project's target.
 */
class SecondFreshMentionsTest {
    static final List<String> FILES = List.of("hotels-pets.jsonl", "energy-insurance.jsonl", "food-learning.jsonl");

    static List<LabelledMention> secondFresh() throws Exception {
        return DevelopmentSetTest.labelled("/dev-set-fresh-2/", FILES);
    }

    static BrandCatalog secondFreshBrands() throws Exception {
        return DevelopmentSetTest.brands("/dev-set-fresh-2/brands.yaml");
    }

    @Test
    void defaultRulesOnMentionsWrittenApartFromThem() throws Exception {
        assertEquals(300, secondFresh().size());
        DevelopmentSetTest.defaultRulesReachFloor("second fresh mentions", secondFreshBrands(), "/dev-set-fresh-2/", FILES,
                345, FLOOR);
    }

    /** A model trained on the three earlier sets' tuning parts, as {@link FreshMentionsTest} trains one on two. */
    @Test
    void aModelTrainedOnTheEarlierSetsScoredHere() throws Exception {
        double learned = FreshMentionsTest.aloneAndWithModel("second fresh mentions", secondFreshBrands(), secondFresh(),
                DevelopmentSetTest.tuningExamplesOfTheFirst(3), "the earlier sets' tuning parts");
        assertTrue(learned >= MODEL_FLOOR, "with a model " + learned);
    }

    /**
     * Measured when the set was added (2026-12-04, README): 0.820 with the rules (tuning part 0.804,
     * held-out part 0.851), 0.841 with the model; 0.844 (0.836 and 0.858) and 0.863 after the star
     * ratings, disclosures and quoted ads written from its tuning part. The floors guard against falling back.
     */
    private static final double FLOOR = 0.82;
    private static final double MODEL_FLOOR = 0.84;
}
