package dev.earshot.classifier.learned;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * L2-regularised logistic regression over named binary features (liblinear), one label against
 * the rest: what the feedback and the sentiment models share. Each of a row's n features has the value
 * n<sup>-lengthExponent</sup>, as {@link #featureValue} gives again when a model scores: 0.5 scales the row
 * to unit length.
 */
final class LinearLearner {
    /** The exponent that scales a row to unit length: what the sentiment model and every earlier feedback model use. */
    static final double UNIT_LENGTH_EXPONENT = 0.5;

    static {
        Linear.disableDebugOutput();
    }

    /** Each label's weight per kept feature (features without weight for any label are left out), and its bias. */
    record Fit(Map<String, double[]> weights, double[] bias) {
    }

    private LinearLearner() {
    }

    /**
     * @param examples  each example's named features
     * @param counted   how many of the first examples {@code minCount} counts: those after are copies of
     *                  them (with fewer features) that teach again but are not more evidence of a feature
     * @param labels    the labels to learn, in the order of the weight arrays
     * @param isLabel   whether example {@code i} carries label {@code l}: {@code isLabel.get(l).test(i)}
     * @param c         inverse regularisation strength
     * @param minCount  features seen in fewer of the first {@code counted} examples are left out
     * @param lengthExponent each of a row's n features has the value n to the minus this (see {@link #featureValue})
     * @param balanced  whether each label's positives and negatives weigh as much in all (for a rare
     *                  label whose F1 matters as much as a common one's)
     */
    static Fit fit(List<Set<String>> examples, int counted, List<String> labels, List<Predicate<Integer>> isLabel,
                   double c, int minCount, double lengthExponent, boolean balanced) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        examples.subList(0, counted)
                .forEach(features -> features.forEach(f -> documentFrequency.merge(f, 1, Integer::sum)));
        List<String> vocabulary = new ArrayList<>(new TreeSet<>(documentFrequency.keySet()));
        vocabulary.removeIf(f -> documentFrequency.get(f) < minCount);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i + 1); // liblinear counts features from 1
        }
        int biasIndex = vocabulary.size() + 1;
        Feature[][] rows = new Feature[examples.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(examples.get(i), index, biasIndex, lengthExponent);
        }
        double[] bias = new double[labels.size()];
        Map<String, double[]> weights = new LinkedHashMap<>();
        vocabulary.forEach(f -> weights.put(f, new double[labels.size()]));
        for (int label = 0; label < labels.size(); label++) {
            double[] w = oneAgainstRest(rows, isLabel.get(label), biasIndex, c, balanced);
            for (int f = 0; f < vocabulary.size(); f++) {
                weights.get(vocabulary.get(f))[label] = w[f];
            }
            bias[label] = w[biasIndex - 1];
        }
        // Features that carry no weight for any label only make the file longer. (A model then counts
        // fewer known features for a pair than training did, which L2 regularisation all but never
        // leaves at exactly zero.)
        weights.values().removeIf(w -> Arrays.stream(w).allMatch(x -> Math.abs(x) < 1e-9));
        return new Fit(weights, bias);
    }

    /**
     * The value of each of a row's {@code count} features: binary, scaled by {@code count} to the minus
     * {@code lengthExponent}. At 0.5 the row has unit length, and a long post's many words each count for
     * little; at 0 every feature counts in full, and long posts outweigh short ones.
     */
    static double featureValue(int count, double lengthExponent) {
        if (count == 0) {
            return 0;
        }
        // The square root as before, to the last bit: a model of an earlier release scores as it was trained.
        return lengthExponent == UNIT_LENGTH_EXPONENT ? 1 / Math.sqrt(count) : Math.pow(count, -lengthExponent);
    }

    /** Binary features scaled by {@link #featureValue}, sorted by index, and the bias feature last, as liblinear expects. */
    private static Feature[] row(Set<String> features, Map<String, Integer> index, int biasIndex, double lengthExponent) {
        int[] known = features.stream().map(index::get).filter(Objects::nonNull).mapToInt(Integer::intValue)
                .sorted().toArray();
        double value = featureValue(known.length, lengthExponent);
        Feature[] row = new Feature[known.length + 1];
        for (int i = 0; i < known.length; i++) {
            row[i] = new FeatureNode(known[i], value);
        }
        row[known.length] = new FeatureNode(biasIndex, 1.0);
        return row;
    }

    private static double[] oneAgainstRest(Feature[][] rows, Predicate<Integer> isLabel, int biasIndex, double c,
                                           boolean balanced) {
        Problem problem = new Problem();
        problem.l = rows.length;
        problem.n = biasIndex;
        problem.x = rows;
        problem.bias = 1.0;
        problem.y = new double[rows.length];
        int positives = 0;
        for (int i = 0; i < rows.length; i++) {
            boolean positive = isLabel.test(i);
            problem.y[i] = positive ? 1 : -1;
            positives += positive ? 1 : 0;
        }
        Parameter parameter = new Parameter(SolverType.L2R_LR, c, 0.001);
        if (balanced && positives > 0 && positives < rows.length) {
            parameter.setWeights(new double[] {rows.length / (2.0 * positives), rows.length / (2.0 * (rows.length - positives))},
                    new int[] {1, -1});
        }
        Linear.resetRandom();
        var model = Linear.train(problem, parameter);
        double[] w = model.getFeatureWeights().clone();
        // liblinear orients the weights towards the label it met first.
        if (model.getLabels()[0] != 1) {
            for (int i = 0; i < w.length; i++) {
                w[i] = -w[i];
            }
        }
        return w;
    }
}
