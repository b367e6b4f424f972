package dev.earshot.classifier.learned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A trained linear scorer of feedback: for each label (a feedback kind), a weight per named feature
 * and a bias, read as one-vs-rest logistic regression. A mention's features are binary and scaled
 * by their count as in training ({@link #lengthExponent()}).
 *
 * <p>Scoring is a sum over the features a mention has, done here rather than through the learner's
 * own model so that every decision can list the features that weighed most: a model is a JSON file
 * an analyst can open, sort and argue with.
 */
public final class FeedbackModel {
    /**
     * The label of any feedback against none, trained beside the kinds: it lets the model say a
     * pair is not feedback at all, which no kind's low probability can say on its own.
     */
    public static final String FEEDBACK = "FEEDBACK";
    /** How the features of the rules that fired for a pair are named: {@code rule:<id>}. */
    public static final String RULE_FEATURE = "rule:";
    /**
     * The file format of a model whose features are not scaled to unit length: it carries
     * {@code lengthExponent}, which a release before 2026-12-06's eighth session would ignore and so
     * score the model wrong; those releases refuse this format instead. A model of another format is
     * refused, not guessed at.
     */
    public static final String FORMAT = "earshot-feedback-model/2";
    /**
     * The format of a model at unit length, without {@code lengthExponent}: every earlier release's,
     * read as before and still written for such a model, so that those releases load it.
     */
    public static final String FORMAT_AT_UNIT_LENGTH = "earshot-feedback-model/1";
    /**
     * The trust of a hand-written model file that gives none: what every release before 2026-12-06's
     * defaults read there, so such a file decides as it did.
     */
    private static final double TRUST_RULES_FROM_WHEN_MISSING = 2.0;
    /** Likewise for a file without notFeedbackBelow: every release before 2026-12-06's eighth session read 0.3. */
    private static final double NOT_FEEDBACK_BELOW_WHEN_MISSING = 0.3;
    /** Likewise for a file without a threshold. */
    private static final double THRESHOLD_WHEN_MISSING = 0.5;
    /** How many features an explanation lists. */
    private static final int EXPLAINED = 5;

    private final List<String> labels;
    private final double[] bias;
    private final Map<String, double[]> weights;
    private final double lengthExponent;
    private final double threshold;
    private final double notFeedbackBelow;
    private final double feedbackFrom;
    private final double trustRulesFrom;
    private final Training training;

    /**
     * What a model was trained on, kept in its file for whoever loads it later.
     *
     * @param examples      labelled (mention, brand) pairs
     * @param perLabel      how many of them carried each label; the rest were not feedback
     * @param c             the inverse regularisation strength
     * @param minCount      features seen in fewer examples were left out
     */
    public record Training(int examples, Map<String, Integer> perLabel, double c, int minCount) {
        public Training {
            perLabel = Map.copyOf(perLabel);
        }
    }

    /**
     * What the model says of one pair.
     *
     * @param label       the feedback kind it scores highest
     * @param probability that kind's probability
     * @param feedback    the probability that the pair is feedback of any kind
     * @param features    the features that pushed the kind up most, strongest first
     */
    public record Score(String label, double probability, double feedback, List<String> features) {
        public Score {
            features = List.copyOf(features);
        }
    }

    FeedbackModel(List<String> labels, double[] bias, Map<String, double[]> weights, double lengthExponent,
                  double threshold, double notFeedbackBelow, double feedbackFrom, double trustRulesFrom, Training training) {
        if (!labels.contains(FEEDBACK) || labels.size() < 2) {
            throw new IllegalArgumentException("a model needs the label " + FEEDBACK + " and at least one feedback kind");
        }
        ModelFile.checkShape(labels, bias, weights);
        checkSettings(lengthExponent, threshold, notFeedbackBelow, feedbackFrom, trustRulesFrom);
        this.labels = List.copyOf(labels);
        this.bias = bias.clone();
        this.weights = Map.copyOf(weights);
        this.lengthExponent = lengthExponent;
        this.threshold = threshold;
        this.notFeedbackBelow = notFeedbackBelow;
        this.feedbackFrom = feedbackFrom;
        this.trustRulesFrom = trustRulesFrom;
        this.training = Objects.requireNonNull(training, "training");
    }

    /**
     * Refuses decision settings a model cannot work with, for a model read from a file as for options
     * given to train one, in the settings' own names (the train command gives them as its options').
     */
    static void checkSettings(double lengthExponent, double threshold, double notFeedbackBelow, double feedbackFrom,
                              double trustRulesFrom) {
        if (!(lengthExponent >= 0 && lengthExponent <= 1)) {
            throw new IllegalArgumentException("lengthExponent must lie between 0 and 1, was " + lengthExponent);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must lie between 0 and 1, was " + threshold);
        }
        if (!(notFeedbackBelow >= 0 && notFeedbackBelow <= threshold)) {
            throw new IllegalArgumentException("notFeedbackBelow must lie between 0 and threshold (" + threshold
                    + "), was " + notFeedbackBelow);
        }
        if (!(feedbackFrom > notFeedbackBelow)) {
            throw new IllegalArgumentException("feedbackFrom (" + feedbackFrom + ") must be above notFeedbackBelow ("
                    + notFeedbackBelow + "); above 1 turns it off");
        }
        if (!(trustRulesFrom > 0)) {
            throw new IllegalArgumentException("trustRulesFrom must be > 0, was " + trustRulesFrom);
        }
    }

    /** The feedback kinds the model scores, without {@link #FEEDBACK}. */
    public List<String> kinds() {
        return labels.stream().filter(l -> !l.equals(FEEDBACK)).toList();
    }

    /**
     * How a pair's features are scaled, as in training: each of its n known features weighs n to the
     * minus this (0.5: unit length, every model written before 2026-12-06's eighth session).
     */
    public double lengthExponent() {
        return lengthExponent;
    }

    /** A label is predicted when its probability reaches this. */
    public double threshold() {
        return threshold;
    }

    /** Under this feedback probability the model calls a pair not feedback (see {@link #refusesFeedback}). */
    public double notFeedbackBelow() {
        return notFeedbackBelow;
    }

    /** From this feedback probability the model calls a pair feedback (see {@link #callsFeedback}). */
    public double feedbackFrom() {
        return feedbackFrom;
    }

    /**
     * Rules whose weights for a kind add up to this much keep their decision whatever the model
     * says; below it, the model may find that a pair the rules call feedback is not, or is feedback
     * of another kind.
     */
    public double trustRulesFrom() {
        return trustRulesFrom;
    }

    public Training training() {
        return training;
    }

    public int featureCount() {
        return weights.size();
    }

    /**
     * The label with the highest probability for these features, whether or not it reaches the
     * threshold (see {@link #predicts}). Features the model never saw are ignored.
     */
    public Score score(Collection<String> features) {
        Evidence evidence = new Evidence(weights, features, lengthExponent);
        int best = -1;
        double bestMargin = Double.NEGATIVE_INFINITY;
        double feedbackMargin = 0;
        for (int label = 0; label < labels.size(); label++) {
            double margin = evidence.margin(label, bias[label]);
            if (labels.get(label).equals(FEEDBACK)) {
                feedbackMargin = margin;
            } else if (best < 0 || margin > bestMargin) {
                bestMargin = margin;
                best = label;
            }
        }
        return new Score(labels.get(best), Evidence.sigmoid(bestMargin), Evidence.sigmoid(feedbackMargin),
                evidence.strongest(best, EXPLAINED));
    }

    /** Whether a score is strong enough to name its kind. */
    public boolean predicts(Score score) {
        return score.probability() >= threshold;
    }

    /**
     * Whether a score says the pair is not feedback of any kind: its feedback probability is under
     * {@link #notFeedbackBelow}. Lower than the threshold of naming a kind, because taking a rule's
     * decision away should need more certainty than adding to it.
     */
    public boolean refusesFeedback(Score score) {
        return score.feedback() < notFeedbackBelow;
    }

    /**
     * Whether the score's feedback probability reaches {@link #feedbackFrom}. The classifier asks only
     * where the rules found no feedback and no kind reaches the threshold: the model is sure the pair
     * is feedback and unsure which kind, as when a complaint and a question share one post.
     */
    public boolean callsFeedback(Score score) {
        return score.feedback() >= feedbackFrom;
    }

    /** Writes the model as JSON, features sorted, so two trainings on the same data diff cleanly. */
    public void write(Path file) throws IOException {
        boolean unitLength = lengthExponent == LinearLearner.UNIT_LENGTH_EXPONENT;
        ObjectNode root = ModelFile.root(unitLength ? FORMAT_AT_UNIT_LENGTH : FORMAT, labels);
        if (!unitLength) {
            root.put("lengthExponent", lengthExponent);
        }
        root.put("threshold", threshold);
        root.put("notFeedbackBelow", notFeedbackBelow);
        // JSON has no infinity: a model that never calls feedback on its own (above 1) leaves the field
        // out, and read takes a missing field as never.
        if (feedbackFrom <= 1) {
            root.put("feedbackFrom", feedbackFrom);
        }
        root.put("trustRulesFrom", trustRulesFrom);
        ModelFile.addTraining(root, training.examples(), new TreeMap<>(training.perLabel()), training.c(), training.minCount());
        ModelFile.addWeights(root, bias, weights);
        ModelFile.write(file, root);
    }

    /**
     * Reads a model written by {@link #write}.
     *
     * @throws IOException when the file cannot be read or is not such a model; the message says
     *                     which part, and the caller names the file
     */
    public static FeedbackModel read(Path file) throws IOException {
        JsonNode root = ModelFile.read(file, List.of(FORMAT, FORMAT_AT_UNIT_LENGTH), "feedback model");
        try {
            List<String> labels = ModelFile.labels(root);
            double[] bias = ModelFile.doubles(root.path("bias"), labels.size(), "bias");
            Map<String, double[]> weights = ModelFile.weights(root, labels.size());
            JsonNode t = root.path("training");
            Map<String, Integer> perLabel = new LinkedHashMap<>();
            t.path("perLabel").fields().forEachRemaining(e -> perLabel.put(e.getKey(), e.getValue().asInt()));
            Training training = new Training(t.path("examples").asInt(), perLabel, t.path("c").asDouble(),
                    t.path("minCount").asInt());
            // Without lengthExponent, a model at unit length (every model of an earlier release). Without
            // feedbackFrom (a model of an earlier release, or one that never calls feedback on its own),
            // never: the model decides as it was trained to.
            double lengthExponent = ModelFile.number(root, "lengthExponent", LinearLearner.UNIT_LENGTH_EXPONENT);
            if (lengthExponent != LinearLearner.UNIT_LENGTH_EXPONENT
                    && FORMAT_AT_UNIT_LENGTH.equals(root.path("format").asText())) {
                throw new IllegalArgumentException("a model with lengthExponent other than 0.5 is of format " + FORMAT
                        + ": releases that read " + FORMAT_AT_UNIT_LENGTH + " would score it at unit length");
            }
            return new FeedbackModel(labels, bias, weights, lengthExponent,
                    ModelFile.number(root, "threshold", THRESHOLD_WHEN_MISSING),
                    ModelFile.number(root, "notFeedbackBelow", NOT_FEEDBACK_BELOW_WHEN_MISSING),
                    ModelFile.number(root, "feedbackFrom", Double.POSITIVE_INFINITY),
                    ModelFile.number(root, "trustRulesFrom", TRUST_RULES_FROM_WHEN_MISSING), training);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
