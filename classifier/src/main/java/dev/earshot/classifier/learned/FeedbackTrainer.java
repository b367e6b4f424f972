package dev.earshot.classifier.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Learns a {@link FeedbackModel} from labelled examples with L2-regularised logistic regression
 * (liblinear), one label against the rest.
 */
public final class FeedbackTrainer {
    /**
     * One labelled (mention, brand) pair.
     *
     * @param features its named features
     * @param label    its feedback kind, or null when it is not feedback
     */
    public record Example(Set<String> features, String label) {
        public Example {
            features = Set.copyOf(features);
        }
    }

    /**
     * How to train.
     *
     * @param c         inverse regularisation strength: smaller keeps weights smaller
     * @param minCount  features seen in fewer examples are left out; rare words only memorise
     * @param threshold the probability from which the model names a label
     * @param notFeedbackBelow under this feedback probability the model calls a pair not feedback
     * @param trustRulesFrom rules whose weights for a kind reach this keep their decision whatever the
     *                  model says (see {@link FeedbackModel#trustRulesFrom})
     */
    public record Options(double c, int minCount, double threshold, double notFeedbackBelow, double trustRulesFrom) {
        /**
         * The inverse regularisation strength {@code earshot train} uses unless told: 2.0 gave complaint
         * F1 0.787 against 0.781 for 1.0 in 5-fold cross-validation on the tuning part of
         * complaints-dev.csv (three seeds), with the {@code lexicon:} feature.
         */
        public static final double DEFAULT_C = 2.0;
        /**
         * Chosen on complaints-dev.csv in 5-fold cross-validation and on the held-out part of the
         * unseen mentions (README, "The trained scorer"): a threshold of 0.5, and taking a rule's
         * feedback away only under 0.3, which kept complaint F1 and raised FEEDBACK precision.
         */
        public static final Options DEFAULT = new Options(DEFAULT_C, 2, 0.5, 0.3, 2.0);

        public Options {
            if (!(c > 0)) {
                throw new IllegalArgumentException("c must be > 0");
            }
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount must be >= 1");
            }
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold must lie between 0 and 1");
            }
            if (!(notFeedbackBelow >= 0 && notFeedbackBelow <= threshold)) {
                throw new IllegalArgumentException("notFeedbackBelow must lie between 0 and the threshold");
            }
            if (!(trustRulesFrom > 0)) {
                throw new IllegalArgumentException("trustRulesFrom must be > 0");
            }
        }
    }

    private FeedbackTrainer() {
    }

    /** Trains on every example. */
    public static FeedbackModel train(List<Example> examples, Options options) {
        Objects.requireNonNull(options, "options");
        Map<String, Integer> perLabel = new TreeMap<>();
        for (Example example : examples) {
            if (example.label() != null) {
                perLabel.merge(example.label(), 1, Integer::sum);
            }
        }
        if (perLabel.isEmpty()) {
            throw new IllegalArgumentException("no example is labelled with a feedback kind: nothing to learn");
        }
        if (perLabel.values().stream().mapToInt(Integer::intValue).sum() == examples.size()) {
            throw new IllegalArgumentException("every example is feedback: the model needs examples that are not");
        }
        List<String> labels = new ArrayList<>(perLabel.keySet());
        labels.add(FeedbackModel.FEEDBACK);
        List<Predicate<Integer>> isLabel = new ArrayList<>();
        for (String label : labels) {
            isLabel.add(label.equals(FeedbackModel.FEEDBACK) ? i -> examples.get(i).label() != null
                    : i -> label.equals(examples.get(i).label()));
        }
        LinearLearner.Fit fit = LinearLearner.fit(examples.stream().map(Example::features).toList(), labels, isLabel,
                options.c(), options.minCount(), false);
        return new FeedbackModel(labels, fit.bias(), fit.weights(), options.threshold(), options.notFeedbackBelow(),
                options.trustRulesFrom(),
                new FeedbackModel.Training(examples.size(), perLabel, options.c(), options.minCount()));
    }
}
