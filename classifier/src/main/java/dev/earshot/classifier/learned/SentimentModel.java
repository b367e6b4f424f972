package dev.earshot.classifier.learned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.model.Sentiment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A trained linear scorer of sentiment toward a brand: for POSITIVE, NEUTRAL and NEGATIVE a weight
 * per named feature and a bias, read as one-vs-rest logistic regression over the features the
 * sentiment rules read (words with their negation, word pairs, emoji, the rules' own label and
 * score). The label with the highest probability wins; the score is the positive probability less
 * the negative one, the three probabilities taken to add up to one.
 */
public final class SentimentModel {
    /** The file format written and accepted; a model of another format is refused, not guessed at. */
    public static final String FORMAT = "earshot-sentiment-model/1";
    private static final List<Sentiment.Label> LABELS = List.of(Sentiment.Label.values());

    private final double[] bias;
    private final Map<String, double[]> weights;
    private final Training training;

    /**
     * What a model was trained on, kept in its file for whoever loads it later.
     *
     * @param examples labelled (mention, brand) pairs
     * @param perLabel how many carried each label
     * @param c        the inverse regularisation strength
     * @param minCount features seen in fewer examples were left out
     */
    public record Training(int examples, Map<Sentiment.Label, Integer> perLabel, double c, int minCount) {
        public Training {
            perLabel = Map.copyOf(perLabel);
        }
    }

    SentimentModel(double[] bias, Map<String, double[]> weights, Training training) {
        ModelFile.checkShape(LABELS.stream().map(Enum::name).toList(), bias, weights);
        this.bias = bias.clone();
        this.weights = Map.copyOf(weights);
        this.training = Objects.requireNonNull(training, "training");
    }

    public Training training() {
        return training;
    }

    public int featureCount() {
        return weights.size();
    }

    /** The sentiment these features say. Features the model never saw are ignored. */
    public Sentiment score(Collection<String> features) {
        Evidence evidence = new Evidence(weights, features, LinearLearner.UNIT_LENGTH_EXPONENT);
        double[] p = new double[LABELS.size()];
        double sum = 0;
        int best = 0;
        for (int label = 0; label < p.length; label++) {
            p[label] = Evidence.sigmoid(evidence.margin(label, bias[label]));
            sum += p[label];
            if (p[label] > p[best]) {
                best = label;
            }
        }
        if (!(sum > 0)) {
            // Every label's margin so low its probability is 0 (a hand-edited bias of -800): no side
            // leans, where dividing by the sum would give a score that is not a number.
            return new Sentiment(LABELS.get(best), 0.0);
        }
        double positive = p[LABELS.indexOf(Sentiment.Label.POSITIVE)] / sum;
        double negative = p[LABELS.indexOf(Sentiment.Label.NEGATIVE)] / sum;
        return new Sentiment(LABELS.get(best), Sentiment.onTheWire(positive - negative));
    }

    /** Writes the model as JSON, features sorted, so two trainings on the same data diff cleanly. */
    public void write(Path file) throws IOException {
        ObjectNode root = ModelFile.root(FORMAT, LABELS.stream().map(Enum::name).toList());
        Map<String, Integer> perLabel = new java.util.LinkedHashMap<>();
        new TreeMap<>(training.perLabel()).forEach((label, n) -> perLabel.put(label.name(), n));
        ModelFile.addTraining(root, training.examples(), perLabel, training.c(), training.minCount());
        ModelFile.addWeights(root, bias, weights);
        ModelFile.write(file, root);
    }

    /**
     * Reads a model written by {@link #write}.
     *
     * @throws IOException when the file cannot be read or is not such a model; the message says
     *                     which part, and the caller names the file
     */
    public static SentimentModel read(Path file) throws IOException {
        JsonNode root = ModelFile.read(file, List.of(FORMAT), "sentiment model");
        try {
            List<String> labels = ModelFile.labels(root);
            if (!labels.equals(LABELS.stream().map(Enum::name).toList())) {
                throw new IllegalArgumentException("labels must be " + LABELS + ", were " + labels);
            }
            double[] bias = ModelFile.doubles(root.path("bias"), labels.size(), "bias");
            Map<String, double[]> weights = ModelFile.weights(root, labels.size());
            JsonNode t = root.path("training");
            Map<Sentiment.Label, Integer> perLabel = new EnumMap<>(Sentiment.Label.class);
            t.path("perLabel").fields().forEachRemaining(e -> perLabel.put(Sentiment.Label.valueOf(e.getKey()),
                    e.getValue().asInt()));
            return new SentimentModel(bias, weights, new Training(t.path("examples").asInt(), perLabel,
                    t.path("c").asDouble(), t.path("minCount").asInt()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Learns a model from labelled examples, each label weighing as much in all as the others
     * (NEGATIVE is the rarest and its F1 matters as much).
     *
     * @param examples each labelled pair's features, as {@code SentimentScorer#features} names them
     * @param labels   each pair's label, in the same order
     */
    public static SentimentModel train(List<? extends Collection<String>> examples, List<Sentiment.Label> labels,
                                       double c, int minCount) {
        if (examples.size() != labels.size()) {
            throw new IllegalArgumentException("one label per example");
        }
        if (!(c > 0)) {
            throw new IllegalArgumentException("c must be > 0");
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1");
        }
        Map<Sentiment.Label, Integer> perLabel = new EnumMap<>(Sentiment.Label.class);
        labels.forEach(l -> perLabel.merge(Objects.requireNonNull(l, "label"), 1, Integer::sum));
        if (perLabel.size() < 2) {
            throw new IllegalArgumentException("the examples carry " + perLabel.keySet()
                    + " only: a model needs at least two labels to tell apart");
        }
        List<java.util.Set<String>> features = examples.stream().map(f -> (java.util.Set<String>) new java.util.HashSet<>(f)).toList();
        List<java.util.function.Predicate<Integer>> isLabel = LABELS.stream()
                .map(label -> (java.util.function.Predicate<Integer>) i -> labels.get(i) == label).toList();
        LinearLearner.Fit fit = LinearLearner.fit(features, features.size(), LABELS.stream().map(Enum::name).toList(), isLabel,
                c, minCount, LinearLearner.UNIT_LENGTH_EXPONENT, true);
        return new SentimentModel(fit.bias(), fit.weights(), new Training(examples.size(), perLabel, c, minCount));
    }
}
