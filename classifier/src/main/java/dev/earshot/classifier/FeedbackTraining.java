package dev.earshot.classifier;

import dev.earshot.classifier.learned.FeedbackModel;
import dev.earshot.classifier.learned.FeedbackTrainer;
import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a {@link FeedbackModel} on labelled mentions as a classifier with rules sees them, and
 * measures the rules and the model together by k-fold cross-validation.
 */
public final class FeedbackTraining {
    private FeedbackTraining() {
    }

    /**
     * One example per labelled (mention, brand) pair the rules' brand queries find: its features,
     * and its feedback kind when labelled FEEDBACK (a FEEDBACK label without a kind teaches nothing
     * about kinds and is left out).
     */
    public static List<FeedbackTrainer.Example> examples(Classifier rules, List<LabelledMention> labelled) {
        List<FeedbackTrainer.Example> examples = new ArrayList<>();
        for (LabelledMention lm : labelled) {
            for (Map.Entry<String, Set<String>> pair : rules.features(lm.mention()).entrySet()) {
                LabelledMention.Expected expected = lm.labels().get(
                        pair.getKey() == null ? LabelledMention.ANY_BRAND : pair.getKey());
                if (expected == null && pair.getKey() != null) {
                    expected = lm.labels().get(LabelledMention.ANY_BRAND);
                }
                if (expected == null || (expected.category() == Category.FEEDBACK && expected.kind() == null)) {
                    continue;
                }
                String label = expected.category() == Category.FEEDBACK ? expected.kind().name() : null;
                examples.add(new FeedbackTrainer.Example(pair.getValue(), label));
            }
        }
        return examples;
    }

    /** A model trained on every labelled mention. */
    public static FeedbackModel train(Classifier rules, List<LabelledMention> labelled, FeedbackTrainer.Options options) {
        return FeedbackTrainer.train(examples(rules, labelled), options);
    }

    /**
     * Each mention's classification by the rules with a model trained on the other folds, in the
     * order given. Folds are drawn by a seeded shuffle, so the same data and seed give the same figures.
     */
    public static List<List<Classification>> crossValidate(Classifier rules, List<LabelledMention> labelled, int folds,
                                                           long seed, FeedbackTrainer.Options options) {
        int[] fold = Folds.draw(labelled.size(), folds, seed);
        List<List<Classification>> results = new ArrayList<>(Collections.nCopies(labelled.size(), null));
        for (int k = 0; k < folds; k++) {
            List<LabelledMention> training = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] == k) {
                    test.add(i);
                } else {
                    training.add(labelled.get(i));
                }
            }
            FeedbackModel model = train(rules, training, options);
            try (Classifier withModel = Classifier.create(rules.brands(), rules.rules(), rules.settings(), model)) {
                for (int i : test) {
                    results.set(i, withModel.classify(labelled.get(i).mention()));
                }
            }
        }
        return results;
    }
}
