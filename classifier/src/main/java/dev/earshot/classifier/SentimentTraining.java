package dev.earshot.classifier;

import dev.earshot.classifier.learned.SentimentModel;
import dev.earshot.model.Mention;
import dev.earshot.model.Sentiment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a {@link SentimentModel} on texts labelled with their sentiment, as a classifier reads
 * them, and measures it by k-fold cross-validation. A text's label is taken to be toward the first
 * tracked brand it names (the whole text when it names none), as {@code earshot evaluate --sentiment}
 * scores it.
 */
public final class SentimentTraining {
    /** A text and the sentiment people read in it. */
    public record LabelledText(Mention mention, Sentiment.Label label) {
    }

    /**
     * How to train: {@code c} the inverse regularisation strength, features seen in fewer than
     * {@code minCount} texts left out.
     */
    public record Options(double c, int minCount) {
        /** Refused here, before any reading or training, in the command line's words. */
        public Options {
            if (!(c > 0)) {
                throw new IllegalArgumentException("--c must be above 0, not " + c);
            }
            if (minCount < 1) {
                throw new IllegalArgumentException("--min-count must be at least 1, not " + minCount);
            }
        }

        /**
         * Chosen by 5-fold cross-validation on the tuning part of the SXSW tweets (README, "Sentiment
         * and language"): C 4 against 0.5, 1 and 2; a minimum count of 2 against 1 and 3.
         */
        public static final double DEFAULT_C = 4.0;
        /** Checked where a model is trained ({@link SentimentModel#train}). */
        public static final int DEFAULT_MIN_COUNT = 2;
        public static final Options DEFAULT = new Options(DEFAULT_C, DEFAULT_MIN_COUNT);
    }

    private SentimentTraining() {
    }

    /** The features of each text toward its first brand, or null when the scorer does not read its language. */
    private static List<Set<String>> features(Classifier classifier, List<LabelledText> labelled) {
        List<Set<String>> out = new ArrayList<>(labelled.size());
        for (LabelledText text : labelled) {
            Map<String, Set<String>> pairs = classifier.sentimentFeatures(text.mention());
            out.add(pairs.isEmpty() ? null : pairs.values().iterator().next());
        }
        return out;
    }

    /** A model trained on every labelled text in a language the scorer reads. */
    public static SentimentModel train(Classifier classifier, List<LabelledText> labelled, Options options) {
        return train(features(classifier, labelled), labelled, options);
    }

    private static SentimentModel train(List<Set<String>> features, List<LabelledText> labelled, Options options) {
        List<Set<String>> examples = new ArrayList<>();
        List<Sentiment.Label> labels = new ArrayList<>();
        for (int i = 0; i < labelled.size(); i++) {
            if (features.get(i) != null) {
                examples.add(features.get(i));
                labels.add(labelled.get(i).label());
            }
        }
        return SentimentModel.train(examples, labels, options.c(), options.minCount());
    }

    /**
     * Each text's sentiment from a model trained on the other folds, in the order given (null in a
     * language the scorer does not read). Folds are drawn by a seeded shuffle, so the same data and
     * seed give the same figures.
     */
    public static List<Sentiment> crossValidate(Classifier classifier, List<LabelledText> labelled, int folds, long seed,
                                                Options options) {
        List<Set<String>> features = features(classifier, labelled);
        int[] fold = Folds.draw(labelled.size(), folds, seed);
        List<Sentiment> results = new ArrayList<>(Collections.nCopies(labelled.size(), null));
        for (int k = 0; k < folds; k++) {
            List<Set<String>> trainFeatures = new ArrayList<>();
            List<LabelledText> training = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] != k) {
                    trainFeatures.add(features.get(i));
                    training.add(labelled.get(i));
                }
            }
            SentimentModel model = train(trainFeatures, training, options);
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] == k && features.get(i) != null) {
                    results.set(i, model.score(features.get(i)));
                }
            }
        }
        return results;
    }
}
