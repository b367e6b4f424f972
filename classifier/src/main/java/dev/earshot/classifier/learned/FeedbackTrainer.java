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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns a {@link FeedbackModel} from labelled examples with L2-regularised logistic regression
 * (liblinear), one label against the rest.
 */
public final class FeedbackTrainer {
    static {
        Linear.disableDebugOutput();
    }

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
         * Chosen on complaints-dev.csv in 5-fold cross-validation and on the held-out part of the
         * unseen mentions (README, "The trained scorer"): a threshold of 0.5, and taking a rule's
         * feedback away only under 0.3, which kept complaint F1 and raised FEEDBACK precision.
         */
        public static final Options DEFAULT = new Options(1.0, 2, 0.5, 0.3, 2.0);

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
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (Example example : examples) {
            if (example.label() != null) {
                perLabel.merge(example.label(), 1, Integer::sum);
            }
            example.features().forEach(f -> documentFrequency.merge(f, 1, Integer::sum));
        }
        if (perLabel.isEmpty()) {
            throw new IllegalArgumentException("no example is labelled with a feedback kind: nothing to learn");
        }
        if (perLabel.values().stream().mapToInt(Integer::intValue).sum() == examples.size()) {
            throw new IllegalArgumentException("every example is feedback: the model needs examples that are not");
        }
        List<String> vocabulary = new ArrayList<>(new TreeSet<>(documentFrequency.keySet()));
        vocabulary.removeIf(f -> documentFrequency.get(f) < options.minCount());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i + 1); // liblinear counts features from 1
        }
        int biasIndex = vocabulary.size() + 1;
        Feature[][] rows = new Feature[examples.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(examples.get(i).features(), index, biasIndex);
        }
        List<String> labels = new ArrayList<>(perLabel.keySet());
        labels.add(FeedbackModel.FEEDBACK);
        double[] bias = new double[labels.size()];
        Map<String, double[]> weights = new LinkedHashMap<>();
        vocabulary.forEach(f -> weights.put(f, new double[labels.size()]));
        for (int label = 0; label < labels.size(); label++) {
            double[] w = oneAgainstRest(rows, examples, labels.get(label), biasIndex, options.c());
            for (int f = 0; f < vocabulary.size(); f++) {
                weights.get(vocabulary.get(f))[label] = w[f];
            }
            bias[label] = w[biasIndex - 1];
        }
        // Features that carry no weight for any label only make the file longer.
        weights.values().removeIf(w -> Arrays.stream(w).allMatch(x -> Math.abs(x) < 1e-9));
        return new FeedbackModel(labels, bias, weights, options.threshold(), options.notFeedbackBelow(),
                options.trustRulesFrom(),
                new FeedbackModel.Training(examples.size(), perLabel, options.c(), options.minCount()));
    }

    /** Unit-length binary features, sorted by index, and the bias feature last, as liblinear expects. */
    private static Feature[] row(Set<String> features, Map<String, Integer> index, int biasIndex) {
        int[] known = features.stream().map(index::get).filter(Objects::nonNull).mapToInt(Integer::intValue)
                .sorted().toArray();
        double value = known.length == 0 ? 0 : 1 / Math.sqrt(known.length);
        Feature[] row = new Feature[known.length + 1];
        for (int i = 0; i < known.length; i++) {
            row[i] = new FeatureNode(known[i], value);
        }
        row[known.length] = new FeatureNode(biasIndex, 1.0);
        return row;
    }

    private static double[] oneAgainstRest(Feature[][] rows, List<Example> examples, String label, int biasIndex, double c) {
        Problem problem = new Problem();
        problem.l = rows.length;
        problem.n = biasIndex;
        problem.x = rows;
        problem.bias = 1.0;
        problem.y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            String actual = examples.get(i).label();
            boolean positive = label.equals(FeedbackModel.FEEDBACK) ? actual != null : label.equals(actual);
            problem.y[i] = positive ? 1 : -1;
        }
        Linear.resetRandom();
        var model = Linear.train(problem, new Parameter(SolverType.L2R_LR, c, 0.001));
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
