package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.earshot.classifier.learned.FeedbackTrainer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scores the default rule pack on 600 labelled mentions of eighteen invented brands of six trades
 * other than coffee and phones (dev-set-new/), written apart from the rules and in varied voices:
 * terse, rambling, sarcastic, misspelt, emoji-heavy, in five other languages, with tracked, shortened
 * and share-intent links. No rule was written to them, so their figure is what the pack does on
 * mentions it has not seen. The floors are a little under the figures measured when the set was
 * added, to catch regressions; they are not the project's target (README, "How well").
 */
class UnseenMentionsTest {
    static final List<String> FILES = List.of("finance-telecom.jsonl", "sport-beauty.jsonl", "streaming-delivery.jsonl");

    static List<LabelledMention> unseen(String file) throws Exception {
        return DevelopmentSetTest.labelled("/dev-set-new/" + file);
    }

    /** All 600 mentions, file after file. */
    static List<LabelledMention> unseenAll() throws Exception {
        List<LabelledMention> all = new ArrayList<>();
        for (String file : FILES) {
            all.addAll(unseen(file));
        }
        return all;
    }

    static BrandCatalog unseenBrands() throws Exception {
        return DevelopmentSetTest.brands("/dev-set-new/brands.yaml");
    }

    @Test
    void defaultRulesOnMentionsNoRuleWasWrittenTo() throws Exception {
        // Split as the development set is, so rules written from now on are tuned to two thirds only.
        DevelopmentSetTest.defaultRulesReachFloor("unseen mentions", unseenBrands(), "/dev-set-new/", FILES, 624, FLOOR);
    }

    @Test
    void aModelTrainedOnTheTuningPartScoredOnTheHeldOutPart() throws Exception {
        List<LabelledMention> all = unseenAll();
        List<LabelledMention> tuning = DevelopmentSetTest.tuningPart(all);
        List<LabelledMention> heldOut = DevelopmentSetTest.heldOutPart(all);
        try (Classifier rules = Classifier.create(unseenBrands(), RulePack.defaults(), ClassifierSettings.DEFAULT);
                Classifier withModel = Classifier.create(rules.brands(), rules.rules(), rules.settings(),
                        FeedbackTraining.train(rules, tuning, FeedbackTrainer.Options.DEFAULT))) {
            Evaluation alone = Evaluation.of(rules, heldOut);
            Evaluation learned = Evaluation.of(withModel, heldOut);
            System.out.printf("[earshot-eval] unseen mentions, held-out part: rules alone macro-F1 %.4f (FEEDBACK F1 %.3f),"
                            + " rules + a model trained on the tuning part %.4f (FEEDBACK F1 %.3f)%n",
                    alone.macroF1(), alone.f1(dev.earshot.model.Category.FEEDBACK), learned.macroF1(),
                    learned.f1(dev.earshot.model.Category.FEEDBACK));
            // Tuning part and held-out part are as for the rules: nothing of the held-out part is trained on.
            // A model trained on this one set's tuning part (404 labels) gained on its held-out part (220)
            // until 2026-12-06 (0.883 against 0.866 on 2026-12-03), and is no better than the rules since
            // that day's eighth session: 0.8912 against 0.8944, where 0.895 with unit length and
            // notFeedbackBelow 0.3. The defaults of that session were chosen on the tuning parts of all sets
            // (FeedbackTrainer.Options); to choose them so that this held-out figure passes would be tuning
            // on it. On the held-out parts of all sets together the model still gains over the rules
            // (theWholeDevelopmentSetTuningAndHeldOutParts, strictly asserted); here it must not lose more
            // than about a label (0.005).
            assertTrue(learned.macroF1() >= alone.macroF1() - 0.005, "with a model " + learned.macroF1() + ", alone " + alone.macroF1());
        }
    }

    /**
     * The development set as issue 15 counts it, the first 300 mentions, these 600 and the six sets
     * of 300 fresh ones together, split by the same hash. Its held-out part is flattered: the first 300 were tuned
     * on in full before the split, so their held-out third (109 labels) is not unseen. The held-out
     * parts of the seven later sets, split before any rule was written from them, are the honest
     * figure; the README gives both.
     */
    @Test
    void theWholeDevelopmentSetTuningAndHeldOutParts() throws Exception {
        List<DevelopmentSetTest.LabelledSet> sets = DevelopmentSetTest.labelledSets();
        Evaluation tuning = new Evaluation();
        Evaluation heldOut = new Evaluation();
        Evaluation neverTuned = new Evaluation(); // the held-out parts of the sets added after the split
        for (DevelopmentSetTest.LabelledSet set : sets) {
            try (Classifier rules = Classifier.create(set.brands(), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
                score(rules, set, tuning, heldOut, neverTuned);
            }
        }
        var model = FeedbackTrainer.train(DevelopmentSetTest.tuningExamplesOf(sets), FeedbackTrainer.Options.DEFAULT);
        Evaluation learned = new Evaluation();
        Evaluation neverTunedLearned = new Evaluation();
        for (DevelopmentSetTest.LabelledSet set : sets) {
            try (Classifier withModel = Classifier.create(set.brands(), RulePack.defaults(), ClassifierSettings.DEFAULT, model)) {
                score(withModel, set, new Evaluation(), learned, neverTunedLearned);
            }
        }
        System.out.printf("[earshot-eval] development set, all 3,600 mentions: tuning part macro-F1 %.4f over %d labels,"
                        + " held-out part %.4f over %d (109 of them tuned on before the split); held-out part with a model"
                        + " trained on the tuning part %.4f%n",
                tuning.macroF1(), tuning.total(), heldOut.macroF1(), heldOut.total(), learned.macroF1());
        System.out.printf("[earshot-eval] development set, held-out part: feedback kinds macro-F1 %.3f with the rules alone,"
                + " %.3f with the model; tuning part, rules alone %.3f%n", heldOut.kindMacroF1(), learned.kindMacroF1(),
                tuning.kindMacroF1());
        System.out.printf("[earshot-eval] development set, held-out parts of the sets split before tuning (unseen, fresh,"
                        + " second, third, fourth, fifth, sixth, seventh, eighth and ninth fresh): macro-F1 %.3f over %d labels, %.3f with the model%n",
                neverTuned.macroF1(), neverTuned.total(), neverTunedLearned.macroF1());
        assertEquals(3933, tuning.total() + heldOut.total(), "every label of the eleven sets, each in one part");
        // Floors a little under the figures of 2026-12-05 (README, "How well"; every earlier figure is in
        // docs/eval/classifier-history.md), to catch a fall without failing on a label's worth of change.
        assertTrue(tuning.macroF1() >= 0.95, "tuning part " + tuning.macroF1());
        assertTrue(heldOut.macroF1() >= 0.88, "held-out part " + heldOut.macroF1());
        assertTrue(neverTuned.macroF1() >= 0.865, "held-out parts never tuned on " + neverTuned.macroF1());
        assertTrue(learned.macroF1() >= heldOut.macroF1(), "with a model " + learned.macroF1() + ", alone " + heldOut.macroF1());
        // The model names the kind where the rules are not sure of theirs (0.708 against 0.630 alone, 2026-12-05).
        assertTrue(learned.kindMacroF1() >= heldOut.kindMacroF1() + 0.03,
                "feedback kinds with a model " + learned.kindMacroF1() + ", alone " + heldOut.kindMacroF1());
    }

    /**
     * One of the figures model features are chosen on: 5-fold cross-validation over the tuning parts of
     * all sets pooled, each mention scored with a model trained on the other folds (its own set's
     * included), so no choice looks at the held-out parts. It leans toward the rules, which were
     * written from these mentions; the decision settings are chosen where the rules first met the
     * mentions ({@link #theTuningPartsAsTheRulesFirstMetThem}), and this figure only says what they cost here.
     */
    @Test
    void theTuningPartsInCrossValidation() throws Exception {
        List<DevelopmentSetTest.LabelledSet> sets = DevelopmentSetTest.labelledSets();
        List<List<LabelledMention>> tuning = new ArrayList<>();
        List<int[]> folds = new ArrayList<>();
        List<List<List<FeedbackTrainer.Example>>> examples = new ArrayList<>(); // per set, per mention
        int total = 0;
        for (DevelopmentSetTest.LabelledSet set : sets) {
            List<LabelledMention> part = DevelopmentSetTest.tuningPart(set.mentions());
            tuning.add(part);
            total += part.size();
            List<List<FeedbackTrainer.Example>> perMention = new ArrayList<>();
            try (Classifier rules = Classifier.create(set.brands(), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
                for (LabelledMention lm : part) {
                    perMention.add(FeedbackTraining.examples(rules, List.of(lm)));
                }
            }
            examples.add(perMention);
        }
        int[] pooled = Folds.draw(total, 5, 2019);
        for (int s = 0, at = 0; s < sets.size(); at += tuning.get(s).size(), s++) {
            folds.add(java.util.Arrays.copyOfRange(pooled, at, at + tuning.get(s).size()));
        }
        Evaluation alone = new Evaluation();
        Evaluation learned = new Evaluation();
        for (int k = 0; k < 5; k++) {
            List<FeedbackTrainer.Example> training = new ArrayList<>();
            for (int s = 0; s < sets.size(); s++) {
                for (int i = 0; i < tuning.get(s).size(); i++) {
                    if (folds.get(s)[i] != k) {
                        training.addAll(examples.get(s).get(i));
                    }
                }
            }
            var model = FeedbackTrainer.train(training, FeedbackTrainer.Options.DEFAULT);
            for (int s = 0; s < sets.size(); s++) {
                try (Classifier rules = Classifier.create(sets.get(s).brands(), RulePack.defaults(), ClassifierSettings.DEFAULT);
                        Classifier withModel = Classifier.create(rules.brands(), rules.rules(), rules.settings(), model)) {
                    for (int i = 0; i < tuning.get(s).size(); i++) {
                        if (folds.get(s)[i] == k) {
                            LabelledMention lm = tuning.get(s).get(i);
                            alone.add(lm, rules.classify(lm.mention()));
                            learned.add(lm, withModel.classify(lm.mention()));
                        }
                    }
                }
            }
        }
        System.out.printf("[earshot-eval] development set, tuning parts, 5-fold cross-validation: macro-F1 %.4f with the"
                        + " model (%.4f with the rules alone), feedback kinds %.4f (%.4f) over %d labels%n", learned.macroF1(),
                alone.macroF1(), learned.kindMacroF1(), alone.kindMacroF1(), learned.total());
        assertEquals(2598, learned.total(), "every tuning label scored once");
        // Measured 0.9685 with the model and 0.965 alone, kinds 0.839 against 0.790 (2026-12-06, an eighth
        // session; 0.9695 and kinds 0.840 in the seventh, 0.969 and 0.823 before it): the model must name kinds
        // better than the rules where it did not see the mention, and cost no category.
        assertTrue(learned.macroF1() >= alone.macroF1() - 0.005, "with a model " + learned.macroF1() + ", alone " + alone.macroF1());
        assertTrue(learned.kindMacroF1() >= alone.kindMacroF1() + 0.02,
                "feedback kinds with a model " + learned.kindMacroF1() + ", alone " + alone.kindMacroF1());
    }

    /**
     * The same tuning parts, each set's scored with a model trained on the other sets' alone: writers,
     * brands and trades the model never saw, as a user's model meets them. Random folds mix each set
     * into every fold, so a feature that learns one writer's habits (how they give follower counts, say)
     * gains there and loses on a new set; a feature is kept when it gains in both.
     */
    @Test
    void theTuningPartsSetBySet() throws Exception {
        List<DevelopmentSetTest.LabelledSet> sets = DevelopmentSetTest.labelledSets();
        List<List<FeedbackTrainer.Example>> examples = new ArrayList<>();
        for (DevelopmentSetTest.LabelledSet set : sets) {
            examples.add(set.tuningExamples());
        }
        Evaluation alone = new Evaluation();
        Evaluation learned = new Evaluation();
        for (int s = 0; s < sets.size(); s++) {
            List<FeedbackTrainer.Example> training = new ArrayList<>();
            for (int other = 0; other < sets.size(); other++) {
                if (other != s) {
                    training.addAll(examples.get(other));
                }
            }
            var model = FeedbackTrainer.train(training, FeedbackTrainer.Options.DEFAULT);
            try (Classifier rules = Classifier.create(sets.get(s).brands(), RulePack.defaults(), ClassifierSettings.DEFAULT);
                    Classifier withModel = Classifier.create(rules.brands(), rules.rules(), rules.settings(), model)) {
                for (LabelledMention lm : DevelopmentSetTest.tuningPart(sets.get(s).mentions())) {
                    alone.add(lm, rules.classify(lm.mention()));
                    learned.add(lm, withModel.classify(lm.mention()));
                }
            }
        }
        System.out.printf("[earshot-eval] development set, tuning parts, each set with a model trained on the others:"
                        + " macro-F1 %.4f with the model (%.4f with the rules alone), feedback kinds %.4f (%.4f) over %d labels%n",
                learned.macroF1(), alone.macroF1(), learned.kindMacroF1(), alone.kindMacroF1(), learned.total());
        assertEquals(2598, learned.total(), "every tuning label scored once");
        // Measured 0.9670 with the model and 0.9648 alone, kinds 0.848 against 0.790 (2026-12-06, an eighth
        // session; 0.9662 and 0.845 in the seventh, 0.9673 and 0.827 before it); without the followers and
        // links features the model fell under the rules here (0.962), which this catches.
        assertTrue(learned.macroF1() >= alone.macroF1() - 0.001, "with a model " + learned.macroF1() + ", alone " + alone.macroF1());
        assertTrue(learned.kindMacroF1() >= alone.kindMacroF1() + 0.02,
                "feedback kinds with a model " + learned.kindMacroF1() + ", alone " + alone.kindMacroF1());
    }

    /**
     * The tuning parts as the rules first met them: each set split before tuning scored by the default
     * rules it met when it arrived (rules-each-set-first-met.yaml) and by those rules with a model
     * trained on the other sets' tuning parts, each read by the rules it first met. The rules miss
     * there as they miss on mentions they were not written from, and as they will on a user's, where
     * both cross-validations above flatter them. The trained scorer's options were chosen on the packs
     * of those commits themselves, read by a probe (FeedbackTrainer.Options.DEFAULT_C,
     * docs/eval/classifier-history.md); this is the build's approximation of that figure, which ranked
     * them the same way. The held-out parts are not read.
     */
    @Test
    void theTuningPartsAsTheRulesFirstMetThem() throws Exception {
        Map<String, List<String>> firstMet;
        try (InputStream in = UnseenMentionsTest.class.getResourceAsStream("/rules-each-set-first-met.yaml")) {
            firstMet = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<Map<String, List<String>>>() { });
        }
        List<DevelopmentSetTest.LabelledSet> sets = DevelopmentSetTest.labelledSets();
        List<RulePack> packs = new ArrayList<>();
        List<List<FeedbackTrainer.Example>> examples = new ArrayList<>();
        for (DevelopmentSetTest.LabelledSet set : sets) {
            List<String> met = firstMet.get(set.name());
            assertEquals(set.splitBeforeTuning(), met != null, set.name() + ": every set split before tuning, and no other");
            RulePack pack = met == null ? RulePack.defaults() : asFirstMet(met);
            packs.add(pack);
            examples.add(set.tuningExamples(pack));
        }
        Evaluation alone = new Evaluation();
        Evaluation learned = new Evaluation();
        for (int s = 0; s < sets.size(); s++) {
            if (!sets.get(s).splitBeforeTuning()) {
                continue;
            }
            List<FeedbackTrainer.Example> training = new ArrayList<>();
            for (int other = 0; other < sets.size(); other++) {
                if (other != s) {
                    training.addAll(examples.get(other));
                }
            }
            var model = FeedbackTrainer.train(training, FeedbackTrainer.Options.DEFAULT);
            try (Classifier rules = Classifier.create(sets.get(s).brands(), packs.get(s), ClassifierSettings.DEFAULT);
                    Classifier withModel = Classifier.create(rules.brands(), rules.rules(), rules.settings(), model)) {
                for (LabelledMention lm : DevelopmentSetTest.tuningPart(sets.get(s).mentions())) {
                    alone.add(lm, rules.classify(lm.mention()));
                    learned.add(lm, withModel.classify(lm.mention()));
                }
            }
        }
        System.out.printf("[earshot-eval] development set, tuning parts as the rules first met them (each set split before"
                        + " tuning, by the rules it met when it arrived; a model trained on the other sets): macro-F1 %.4f"
                        + " with the model (%.4f with the rules alone), feedback kinds %.4f (%.4f) over %d labels%n",
                learned.macroF1(), alone.macroF1(), learned.kindMacroF1(), alone.kindMacroF1(), learned.total());
        assertEquals(2402, learned.total(), "every tuning label of the sets split before tuning, scored once");
        // Measured 0.9400 with the model and 0.9014 alone, kinds 0.804 against 0.636 (2026-12-06, an eighth
        // session; 0.9388 and kinds 0.797 at unit length, 0.9275 and 0.738 with the scorer's options before
        // the seventh: c 2, minCount 2, rules trusted from 2.0, no copies without the rules, no
        // feedbackFrom): where the rules miss, the model must find what they miss.
        assertTrue(learned.macroF1() >= alone.macroF1() + 0.03, "with a model " + learned.macroF1() + ", alone " + alone.macroF1());
        assertTrue(learned.kindMacroF1() >= alone.kindMacroF1() + 0.1,
                "feedback kinds with a model " + learned.kindMacroF1() + ", alone " + alone.kindMacroF1());
    }

    /** The default pack with every rule but {@code met} disabled. */
    private static RulePack asFirstMet(List<String> met) throws ConfigException {
        List<String> ids = RulePack.defaults().rules().stream().map(Rule::id).toList();
        // A misspelt id would leave out the rule it meant without a word.
        assertEquals(List.of(), met.stream().filter(id -> !ids.contains(id)).toList(), "ids the default pack does not have");
        List<String> later = ids.stream().filter(id -> !met.contains(id)).toList();
        return RulePack.parse("disable: [" + String.join(", ", later) + "]\n", "rules-each-set-first-met.yaml",
                RulePack.defaults());
    }

    /**
     * Scores a labelled set into the tuning or the held-out part by the hash of each id, and the
     * held-out part also into {@code neverTuned} when the set was split before any rule was written.
     */
    private static void score(Classifier classifier, DevelopmentSetTest.LabelledSet set, Evaluation tuning, Evaluation heldOut,
                              Evaluation neverTuned) {
        for (LabelledMention lm : set.mentions()) {
            List<dev.earshot.model.Classification> results = classifier.classify(lm.mention());
            if (Evaluation.heldOut(lm.mention().id())) {
                heldOut.add(lm, results);
                if (set.splitBeforeTuning()) {
                    neverTuned.add(lm, results);
                }
            } else {
                tuning.add(lm, results);
            }
        }
    }

    /** Measured 0.718 when the set was added, 0.827 later, 0.833 in 2026-12, 0.886 on 2026-12-03, 0.899 with feedback.addressed, 0.902 with a brand spoken to by name (README); the floor guards against falling back. */
    private static final double FLOOR = 0.85;
}
