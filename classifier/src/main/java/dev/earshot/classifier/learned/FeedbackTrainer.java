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
     * @param lengthExponent each of a pair's n features weighs n to the minus this (see
     *                  {@link #DEFAULT_LENGTH_EXPONENT}); 0.5 scales the pair to unit length
     * @param threshold the probability from which the model names a label
     * @param notFeedbackBelow under this feedback probability the model calls a pair not feedback
     * @param feedbackFrom from this feedback probability the model calls a pair feedback though no kind
     *                  reaches the threshold (see {@link FeedbackModel#callsFeedback}); above 1, never
     * @param trustRulesFrom rules whose weights for a kind reach this keep their decision whatever the
     *                  model says (see {@link FeedbackModel#trustRulesFrom})
     */
    public record Options(double c, int minCount, double lengthExponent, double threshold, double notFeedbackBelow,
                          double feedbackFrom, double trustRulesFrom) {
        /**
         * The inverse regularisation strength {@code earshot train} uses unless told; with
         * {@link #DEFAULT_MIN_COUNT} and {@link #DEFAULT_TRUST_RULES_FROM}, chosen where the rules meet
         * mentions they were not written from, as they meet a user's: each labelled set's tuning part
         * scored by the rule pack as it was before that set arrived, with a model trained on the other
         * sets' tuning parts read the same way (docs/eval/classifier-history.md, 2026-12-06, a seventh
         * session). There c 4, minCount 1 and rules trusted from 3.0 gave macro-F1 0.913 against 0.903
         * for the options before (c 2, minCount 2, 2.0, and no copies without the rules, see
         * {@link #train}); with each set's tuning part scored by the current rules and a model trained
         * on the other sets, 0.967 either way; complaint F1 on complaints-dev.csv in 5-fold
         * cross-validation 0.787 against 0.792.
         */
        public static final double DEFAULT_C = 4.0;
        /** See {@link #DEFAULT_C}: with the copies without the rules, a word of one pair still teaches. */
        public static final int DEFAULT_MIN_COUNT = 1;
        /** See {@link #DEFAULT_C}: three agreeing rules of weight 1, or one given weight 3. */
        public static final double DEFAULT_TRUST_RULES_FROM = 3.0;
        /**
         * Chosen as {@link #DEFAULT_C} was, with each set's tuning part scored by the current rules not to
         * fall under the rules alone (0.965): there 0.966 at 0.8, against 0.967 without it, 0.964 at
         * 0.7 and 0.956 at 0.5; as the rules first met the tuning parts, 0.9185 against 0.913, and 0.921
         * at 0.5. The rules written from a set's mentions miss little feedback in them, and a model that
         * overrules them there loses; on mentions they were not written from they miss one in seven.
         */
        public static final double DEFAULT_FEEDBACK_FROM = 0.8;
        /**
         * How much a long post's many words count against a short post's few: each of a pair's n known
         * features weighs n<sup>-0.4</sup>, where every release before 2026-12-06's eighth session scaled
         * a pair to unit length (0.5). At unit length a long story of a complaint that names no complaint
         * word spreads its evidence so thin that the bias wins, and the model cannot find the feedback
         * the rules missed. Chosen with {@link #DEFAULT_NOT_FEEDBACK_BELOW} as {@link #DEFAULT_C} was
         * (docs/eval/classifier-history.md, that session): as the rules first met the tuning parts, 0.921
         * against 0.9185 (0.940 against 0.939 in the build's approximation); set by set with the current
         * rules 0.967 against 0.966 (the rules alone 0.965); complaint F1 on complaints-dev.csv 0.788
         * against 0.787.
         */
        public static final double DEFAULT_LENGTH_EXPONENT = 0.4;
        /**
         * Taking a rule's feedback away only under 0.25 (0.3 before the {@link #DEFAULT_LENGTH_EXPONENT}).
         * At an exponent of 0.4 the two tie where the rules first met the tuning parts (0.9211 against
         * 0.9213); set by set 0.25 gave 0.9670 against 0.9653, and complaint F1 0.788 against 0.783.
         */
        public static final double DEFAULT_NOT_FEEDBACK_BELOW = 0.25;
        /**
         * A threshold of 0.5, chosen on complaints-dev.csv in 5-fold cross-validation and on the held-out
         * part of the unseen mentions (README, "The trained scorer"): it kept complaint F1 and raised
         * FEEDBACK precision.
         */
        public static final double DEFAULT_THRESHOLD = 0.5;
        public static final Options DEFAULT = new Options(DEFAULT_C, DEFAULT_MIN_COUNT, DEFAULT_LENGTH_EXPONENT,
                DEFAULT_THRESHOLD, DEFAULT_NOT_FEEDBACK_BELOW, DEFAULT_FEEDBACK_FROM, DEFAULT_TRUST_RULES_FROM);

        public Options {
            if (!(c > 0)) {
                throw new IllegalArgumentException("c must be > 0, was " + c);
            }
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount must be >= 1, was " + minCount);
            }
            FeedbackModel.checkSettings(lengthExponent, threshold, notFeedbackBelow, feedbackFrom, trustRulesFrom);
        }
    }

    private FeedbackTrainer() {
    }

    /**
     * Trains on every example, and on every example again without its {@code rule:} features.
     *
     * <p>Rules are nearly always right on the mentions they were written from, so a model that sees
     * only them learns to lean on the rules and little on the words, and where the rules miss, on
     * mentions they were not written from, it misses with them. The copy without the rules teaches
     * the words as well, as if no rule had fired. On the labelled sets' tuning parts scored by the
     * rule pack as it was before each set arrived (see {@link Options#DEFAULT_C}) it raised macro-F1
     * from 0.903 to 0.908 at the options of before.
     */
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
        // Row i and row pairs + i are the same labelled pair: as the rules read it, then without its rules.
        int pairs = examples.size();
        List<Set<String>> rows = new ArrayList<>(2 * pairs);
        examples.forEach(example -> rows.add(example.features()));
        for (Example example : examples) {
            Set<String> words = new java.util.LinkedHashSet<>(example.features());
            words.removeIf(feature -> feature.startsWith(FeedbackModel.RULE_FEATURE));
            rows.add(words);
        }
        List<Predicate<Integer>> isLabel = new ArrayList<>();
        for (String label : labels) {
            isLabel.add(label.equals(FeedbackModel.FEEDBACK) ? i -> examples.get(i % pairs).label() != null
                    : i -> label.equals(examples.get(i % pairs).label()));
        }
        // minCount counts the labelled pairs, not their copies: a word of one pair is still a word of one pair.
        LinearLearner.Fit fit = LinearLearner.fit(rows, pairs, labels, isLabel, options.c(), options.minCount(),
                options.lengthExponent(), false);
        return new FeedbackModel(labels, fit.bias(), fit.weights(), options.lengthExponent(), options.threshold(),
                options.notFeedbackBelow(), options.feedbackFrom(), options.trustRulesFrom(),
                new FeedbackModel.Training(examples.size(), perLabel, options.c(), options.minCount()));
    }
}
