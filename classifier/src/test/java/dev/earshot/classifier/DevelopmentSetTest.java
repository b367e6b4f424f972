package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.learned.FeedbackTrainer;
import dev.earshot.model.Classification;
import dev.earshot.model.JsonLines;
import dev.earshot.model.MentionCodec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores the default rule pack on the hand-labelled development set (300 mentions of six invented
 * brands, every category and feedback kind, hard cases) and holds it to the project's bar.
 */
class DevelopmentSetTest {

    static List<LabelledMention> developmentSet() throws Exception {
        return labelled("/dev-set.jsonl");
    }

    /** Labelled mentions from a JSONL resource of the test classpath. */
    static List<LabelledMention> labelled(String resource) throws Exception {
        MentionCodec codec = MentionCodec.strict();
        List<LabelledMention> labelled = new ArrayList<>();
        try (InputStream in = DevelopmentSetTest.class.getResourceAsStream(resource);
                JsonLines lines = new JsonLines(in, 1 << 20)) {
            for (JsonLines.Line line : lines) {
                labelled.add(LabelledMention.decode(line.bytes(), codec));
            }
        }
        return labelled;
    }

    /** The labelled mentions of several files of one folder of the test classpath, in order. */
    static List<LabelledMention> labelled(String folder, List<String> files) throws Exception {
        List<LabelledMention> all = new ArrayList<>();
        for (String file : files) {
            all.addAll(labelled(folder + file));
        }
        return all;
    }

    /** For rule work: each labelled brand not found and each label missed, with the rules that fired. */
    static void printMisses(Classifier classifier, List<LabelledMention> labelled) {
        for (LabelledMention lm : labelled) {
            List<Classification> results = classifier.classify(lm.mention());
            lm.labels().keySet().stream().filter(b -> results.stream().noneMatch(c -> b.equals(c.brand())))
                    .forEach(b -> System.out.println("BRAND NOT FOUND " + b + " | " + lm.mention().text()));
            lm.labels().forEach((brand, expected) -> results.stream().filter(c -> brand.equals(c.brand()))
                    .filter(c -> c.category() != expected.category()
                            || (expected.kind() != null && c.feedbackKind() != expected.kind()))
                    .forEach(c -> System.out.println("MISS " + expected + " got " + c.category() + ":"
                            + c.feedbackKind() + " " + c.rules() + " f=" + lm.mention().author().followers() + " | "
                            + lm.mention().text().replace('\n', ' ') + " " + lm.mention().links())));
        }
    }

    /** The tuning part of a labelled set: the two thirds not held out by {@link Evaluation#heldOut}. */
    static List<LabelledMention> tuningPart(List<LabelledMention> labelled) {
        return labelled.stream().filter(lm -> !Evaluation.heldOut(lm.mention().id())).toList();
    }

    /** The held-out third of a labelled set. */
    static List<LabelledMention> heldOutPart(List<LabelledMention> labelled) {
        return labelled.stream().filter(lm -> Evaluation.heldOut(lm.mention().id())).toList();
    }

    /**
     * Scores a set kept in one folder with the default rules and its brand file ({@link #scoreSet}), and
     * checks that every one of its labels was counted and that its macro-F1 is at least the floor.
     */
    static void defaultRulesReachFloor(String name, BrandCatalog brands, String folder, List<String> files, int labels,
                                       double floor) throws Exception {
        try (Classifier classifier = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            Evaluation evaluation = scoreSet(name, classifier, folder, files);
            assertEquals(labels, evaluation.total(), "every label of the " + name);
            assertTrue(evaluation.macroF1() >= floor, "macro-F1 " + evaluation.macroF1());
        }
    }

    /**
     * Scores a classifier on a labelled set kept as several files of one folder: prints each file's
     * macro-F1, the whole set's report, and its tuning and held-out parts; with {@code
     * EARSHOT_EVAL_ERRORS} set, the tuning part's misses, for rule work (the held-out part is not
     * looked at). Returns the whole set's evaluation.
     */
    static Evaluation scoreSet(String name, Classifier classifier, String folder, List<String> files) throws Exception {
        List<LabelledMention> all = new ArrayList<>();
        for (String file : files) {
            List<LabelledMention> part = labelled(folder + file);
            all.addAll(part);
            Evaluation e = Evaluation.of(classifier, part);
            System.out.printf("[earshot-eval] %s, %s: macro-F1 %.3f over %d labels%n", name, file, e.macroF1(), e.total());
        }
        Evaluation evaluation = Evaluation.of(classifier, all);
        System.out.printf("[earshot-eval] %s (%d mentions), default rules%n%s%n", name, all.size(), evaluation.report());
        Evaluation tuning = Evaluation.of(classifier, tuningPart(all));
        Evaluation heldOut = Evaluation.of(classifier, heldOutPart(all));
        System.out.printf("[earshot-eval] %s: tuning part macro-F1 %.3f over %d labels, held-out part %.3f over %d;"
                        + " feedback kinds macro-F1 %.3f (tuning) and %.3f (held-out)%n",
                name, tuning.macroF1(), tuning.total(), heldOut.macroF1(), heldOut.total(), tuning.kindMacroF1(),
                heldOut.kindMacroF1());
        if (System.getenv("EARSHOT_EVAL_ERRORS") != null) {
            printMisses(classifier, tuningPart(all));
        }
        return evaluation;
    }

    static BrandCatalog developmentBrands() throws Exception {
        return brands("/dev-brands.yaml");
    }

    /**
     * One labelled set: its folder's name ({@code dev-set-fresh-2}; {@code dev-set} for this first set),
     * its brands, its mentions, and whether it was split into its tuning and held-out parts before any
     * rule was written from it (all but this first set).
     */
    record LabelledSet(String name, BrandCatalog brands, List<LabelledMention> mentions, boolean splitBeforeTuning) {
        /** What a model learns from the set's tuning part: its pairs as the default rules classify them. */
        List<FeedbackTrainer.Example> tuningExamples() {
            return tuningExamples(RulePack.defaults());
        }

        /** The same pairs as another rule pack classifies them. */
        List<FeedbackTrainer.Example> tuningExamples(RulePack pack) {
            try (Classifier rules = Classifier.create(brands, pack, ClassifierSettings.DEFAULT)) {
                return FeedbackTraining.examples(rules, tuningPart(mentions));
            }
        }
    }

    /**
     * Every labelled set of the development set: the unseen mentions, this first set, then the fresh
     * sets in the order they were written. A set's test trains its model on the sets before it.
     */
    static List<LabelledSet> labelledSets() throws Exception {
        List<LabelledSet> sets = new ArrayList<>(List.of(
                new LabelledSet("dev-set-new", UnseenMentionsTest.unseenBrands(), UnseenMentionsTest.unseenAll(), true),
                new LabelledSet("dev-set", developmentBrands(), developmentSet(), false)));
        for (FreshMentionsTest.FreshSet fresh : FreshMentionsTest.SETS) {
            sets.add(new LabelledSet(fresh.folder().replace("/", ""), fresh.brands(), fresh.mentions(), true));
        }
        return sets;
    }

    /** The training examples of the tuning parts of the first {@code count} labelled sets. */
    static List<FeedbackTrainer.Example> tuningExamplesOfTheFirst(int count) throws Exception {
        return tuningExamplesOf(labelledSets().subList(0, count));
    }

    /** The training examples of the tuning parts of these labelled sets, already read. */
    static List<FeedbackTrainer.Example> tuningExamplesOf(List<LabelledSet> sets) {
        List<FeedbackTrainer.Example> examples = new ArrayList<>();
        for (LabelledSet set : sets) {
            examples.addAll(set.tuningExamples());
        }
        return examples;
    }

    /** A brand file from the test classpath. */
    static BrandCatalog brands(String resource) throws Exception {
        try (InputStream in = DevelopmentSetTest.class.getResourceAsStream(resource)) {
            return BrandCatalog.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource.substring(1));
        }
    }

    @Test
    void batchClassificationGivesTheSameResultsAsOneByOne() throws Exception {
        List<LabelledMention> set = developmentSet();
        List<dev.earshot.model.Mention> mentions = set.stream().map(LabelledMention::mention).toList();
        try (Classifier classifier = Classifier.create(developmentBrands(), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            List<List<Classification>> batched = classifier.classifyAll(mentions);
            assertEquals(mentions.size(), batched.size());
            for (int i = 0; i < mentions.size(); i++) {
                assertEquals(classifier.classify(mentions.get(i)), batched.get(i), mentions.get(i).text());
            }
        }
    }

    @Test
    void defaultRulesReachMacroF1OfAtLeast090OnTheDevelopmentSet() throws Exception {
        List<LabelledMention> set = developmentSet();
        assertTrue(set.size() >= 300, "development set has " + set.size() + " mentions");
        try (Classifier classifier = Classifier.create(developmentBrands(), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            Evaluation evaluation = Evaluation.of(classifier, set);
            System.out.println("[earshot-eval] development set, default rules\n" + evaluation.report());
            if (System.getenv("EARSHOT_EVAL_ERRORS") != null) {
                printMisses(classifier, set);
            }
            assertEquals(0, evaluation.missedBrands(), "every labelled brand is found");
            assertTrue(evaluation.macroF1() >= 0.90, "macro-F1 " + evaluation.macroF1());
            Evaluation tuning = Evaluation.of(classifier, tuningPart(set));
            Evaluation heldOut = Evaluation.of(classifier, heldOutPart(set));
            System.out.println("[earshot-eval] tuning part (two thirds by hash of id)\n" + tuning.report());
            System.out.println("[earshot-eval] held-out part (one third by hash of id)\n" + heldOut.report());
            assertTrue(heldOut.total() >= 80, "held-out part has " + heldOut.total() + " labels");
            assertTrue(tuning.total() >= 160, "tuning part has " + tuning.total() + " labels");
        }
    }
}
