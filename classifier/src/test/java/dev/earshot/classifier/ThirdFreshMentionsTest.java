package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores the default rule pack on 300 labelled mentions of nine invented brands of nine more trades
 * (dev-set-fresh-3/), each file written by a separate session from the design brief's category policy
 * alone, without sight of the project, after every rule of 2026-12-04, and scored before any rule was
 * written from them. Split by the same hash as the other sets: rules written from now on may read the
 * tuning part's misses only, so the held-out part stays unseen. The floors are a little under the
 * figures measured when the set was added, to catch regressions; they are not the project's target.
 */
class ThirdFreshMentionsTest {
    static final List<String> FILES = List.of("grocery-rail-dating.jsonl", "pharmacy-bikes-beer.jsonl",
            "software-cinema-kitchen.jsonl");

    static List<LabelledMention> thirdFresh() throws Exception {
        return DevelopmentSetTest.labelled("/dev-set-fresh-3/", FILES);
    }

    static BrandCatalog thirdFreshBrands() throws Exception {
        return DevelopmentSetTest.brands("/dev-set-fresh-3/brands.yaml");
    }

    @Test
    void defaultRulesOnMentionsWrittenApartFromThem() throws Exception {
        assertEquals(300, thirdFresh().size());
        DevelopmentSetTest.defaultRulesReachFloor("third fresh mentions", thirdFreshBrands(), "/dev-set-fresh-3/", FILES,
                323, FLOOR);
    }

    /** A model trained on the four earlier sets' tuning parts, as {@link FreshMentionsTest} trains one on two. */
    @Test
    void aModelTrainedOnTheEarlierSetsScoredHere() throws Exception {
        double learned = FreshMentionsTest.aloneAndWithModel("third fresh mentions", thirdFreshBrands(), thirdFresh(),
                DevelopmentSetTest.tuningExamplesOfTheFirst(4), "the earlier sets' tuning parts");
        assertTrue(learned >= MODEL_FLOOR, "with a model " + learned);
    }

    /**
     * Measured when the set was added (2026-12-04, before any rule was written from it): 0.919 with the
     * rules (tuning part 0.930, held-out part 0.898), 0.924 with the model. The floors guard against
     * falling back.
     */
    private static final double FLOOR = 0.90;
    private static final double MODEL_FLOOR = 0.90;
}
