package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.learned.FeedbackTrainer;
import dev.earshot.model.Category;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Scores the default rule pack on the fresh sets: 300 labelled mentions each, of nine invented brands
 * of other trades, each file written by a separate session from the design brief's category policy
 * alone, without sight of the project, and scored before any rule was written from them. They are
 * split by the same hash as the other sets: rules written since read the tuning parts' misses only,
 * so the held-out parts stay unseen. The floors are a little under the figures measured, to catch
 * regressions; they are not the project's target (README, "How well").
 */
class FreshMentionsTest {
    /**
     * One fresh set: its folder and files, its labels, and the floors of its macro-F1 with the rules
     * alone and with a model trained on the tuning parts of the sets written before it.
     */
    record FreshSet(String name, String folder, List<String> files, int labels, double floor, double modelFloor) {
        List<LabelledMention> mentions() throws Exception {
            return DevelopmentSetTest.labelled(folder, files);
        }

        BrandCatalog brands() throws Exception {
            return DevelopmentSetTest.brands(folder + "brands.yaml");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Written 2026-12-03 (airlines and rail, video games, cars, home appliances, fashion, fitness). */
    static final FreshSet FRESH = new FreshSet("fresh mentions", "/dev-set-fresh/",
            List.of("travel-games.jsonl", "cars-home.jsonl", "fashion-fitness.jsonl"), 339,
            // Measured when added: 0.919 with the rules, 0.922 with the model; 0.927 and 0.930 after the
            // rules on brands' domains, greetings and handles (README).
            0.90, 0.90);
    /** Written 2026-12-04 in deliberately hard voices (hotels, pets, energy, insurance, food, learning). */
    static final FreshSet SECOND = new FreshSet("second fresh mentions", "/dev-set-fresh-2/",
            List.of("hotels-pets.jsonl", "energy-insurance.jsonl", "food-learning.jsonl"), 345,
            // Measured when added: 0.820 with the rules (tuning part 0.804, held-out part 0.851), 0.841 with
            // the model; 0.844 and 0.863 after the star ratings, disclosures and quoted ads of its tuning part.
            0.82, 0.84);
    /** Written 2026-12-04 (supermarket, rail, dating, pharmacy, bicycles, beer, accounting, cinema, kitchens). */
    static final FreshSet THIRD = new FreshSet("third fresh mentions", "/dev-set-fresh-3/",
            List.of("grocery-rail-dating.jsonl", "pharmacy-bikes-beer.jsonl", "software-cinema-kitchen.jsonl"), 323,
            // Measured when added: 0.919 with the rules (tuning part 0.930, held-out part 0.898), 0.924 with
            // the model.
            0.90, 0.90);
    /** Written 2026-12-05 (outdoor gear, ride-hailing, mattresses, parcels, hosting, salons, tickets, a park, garden centres). */
    static final FreshSet FOURTH = new FreshSet("fourth fresh mentions", "/dev-set-fresh-4/",
            List.of("outdoor-ride-sleep.jsonl", "parcel-hosting-salon.jsonl", "tickets-park-garden.jsonl"), 329,
            // Measured when added: 0.870 with the rules (tuning part 0.894, held-out part 0.813), 0.895 with
            // the model; 0.912 and 0.920 after the rules written from its tuning part.
            0.90, 0.905);
    /** Written 2026-12-05 (opticians, EV charging, oat milk, DIY, laundry, skiing, podcasts, bakeries, home cameras). */
    static final FreshSet FIFTH = new FreshSet("fifth fresh mentions", "/dev-set-fresh-5/",
            List.of("eyes-charge-oat.jsonl", "diy-laundry-ski.jsonl", "podcast-bakery-camera.jsonl"), 336,
            // Measured when added: 0.897 with the rules (tuning part 0.914, held-out part 0.856), 0.902 with
            // the model; 0.918 and 0.923 after the rules written from its tuning part, 0.927 and 0.926 after
            // questions to other readers were read as OTHER.
            0.90, 0.905);
    /** Written 2026-12-05 (furniture, burgers, passwords, toys, car rental, flowers, e-scooters, wine, job search). */
    static final FreshSet SIXTH = new FreshSet("sixth fresh mentions", "/dev-set-fresh-6/",
            List.of("furniture-burgers-passwords.jsonl", "toys-cars-flowers.jsonl", "scooters-wine-jobs.jsonl"), 336,
            // Measured when added: 0.922 with the rules (tuning part 0.904, held-out part 0.963), 0.908 with
            // the model.
            0.90, 0.89);
    /** Written 2026-12-06 (meal kits, a VPN, bookshops, dentists, solar panels, headphones, coworking, removals, a festival). */
    static final FreshSet SEVENTH = new FreshSet("seventh fresh mentions", "/dev-set-fresh-7/",
            List.of("mealkit-vpn-books.jsonl", "dental-solar-audio.jsonl", "cowork-moving-festival.jsonl"), 333,
            // Measured when added: 0.886 with the rules (tuning part 0.892, held-out part 0.876), 0.892 with
            // the model; 0.919 and 0.922 after the rules written from its tuning part.
            0.90, 0.90);
    /** Written 2026-12-06 (laptops, plant-based meat, car washes, thermostats, luggage, dog walking, pizza, football, phone repair). */
    static final FreshSet EIGHTH = new FreshSet("eighth fresh mentions", "/dev-set-fresh-8/",
            List.of("laptop-plantmeat-carwash.jsonl", "thermostat-luggage-dogs.jsonl", "pizza-football-repair.jsonl"), 331,
            // Measured when added: 0.898 with the rules (tuning part 0.894, held-out part 0.895), 0.905 with
            // the model; 0.919 and 0.929 after the rules written from its tuning part.
            0.90, 0.91);
    /** Written 2026-12-06 (a budget airline, a student mobile network, vegan cosmetics, home insurance, e-bikes, climbing gyms, grocery delivery, anime streaming, contact lenses). */
    static final FreshSet NINTH = new FreshSet("ninth fresh mentions", "/dev-set-fresh-9/",
            List.of("airline-mobile-cosmetics.jsonl", "insurance-ebike-climbing.jsonl", "grocery-anime-lenses.jsonl"), 332,
            // Measured when added: 0.890 with the rules (tuning part 0.878, held-out part 0.910), 0.906 with
            // the model.
            0.87, 0.89);
    /** In the order written; {@link DevelopmentSetTest#labelledSets} puts them after the unseen and first sets. */
    static final List<FreshSet> SETS = List.of(FRESH, SECOND, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH);

    @ParameterizedTest
    @FieldSource("SETS")
    void defaultRulesOnMentionsWrittenApartFromThem(FreshSet set) throws Exception {
        assertEquals(300, set.mentions().size());
        DevelopmentSetTest.defaultRulesReachFloor(set.name(), set.brands(), set.folder(), set.files(), set.labels(), set.floor());
    }

    /**
     * A model trained on the tuning parts of the sets written before this one (the unseen mentions, the
     * first development set, the earlier fresh sets), as a user would train one on their own labels and
     * then meet brands and writers it never saw: whether what it learned carries over to other trades.
     */
    @ParameterizedTest
    @FieldSource("SETS")
    void aModelTrainedOnTheEarlierSetsScoredHere(FreshSet set) throws Exception {
        double learned = aloneAndWithModel(set.name(), set.brands(), set.mentions(),
                DevelopmentSetTest.tuningExamplesOfTheFirst(2 + SETS.indexOf(set)), "the earlier sets' tuning parts");
        assertTrue(learned >= set.modelFloor(), "with a model " + learned);
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
}
