package dev.earshot.classifier.learned;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The features of one example that a linear model knows, with their weights: the margin of each
 * label and the features that pushed a label up most. Scoring is done here rather than through the
 * learner's own model so that every decision can list those features.
 */
final class Evidence {
    private final List<String> names;
    private final List<double[]> weights;
    private final double value;

    /** @param lengthExponent how the features were scaled in training ({@link LinearLearner#featureValue}) */
    Evidence(Map<String, double[]> model, Collection<String> features, double lengthExponent) {
        names = new ArrayList<>(features.size());
        weights = new ArrayList<>(features.size());
        for (String feature : features) {
            double[] w = model.get(feature);
            if (w != null) {
                weights.add(w);
                names.add(feature);
            }
        }
        value = LinearLearner.featureValue(weights.size(), lengthExponent);
    }

    /** The label's margin: its bias plus the known features' weights, each feature scaled as in training. */
    double margin(int label, double bias) {
        double margin = bias;
        for (double[] w : weights) {
            margin += w[label] * value;
        }
        return margin;
    }

    /** Up to {@code count} features with a positive weight for the label, strongest first. */
    List<String> strongest(int label, int count) {
        Integer[] order = new Integer[weights.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -weights.get(i)[label]));
        List<String> top = new ArrayList<>(count);
        for (int i = 0; i < order.length && top.size() < count; i++) {
            if (weights.get(order[i])[label] > 0) {
                top.add(names.get(order[i]));
            }
        }
        return top;
    }

    static double sigmoid(double margin) {
        return 1 / (1 + Math.exp(-margin));
    }
}
