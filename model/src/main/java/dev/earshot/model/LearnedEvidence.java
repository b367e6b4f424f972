package dev.earshot.model;

import java.util.List;
import java.util.Objects;

/**
 * What a trained feedback model said about one (mention, brand) pair, beside the rules.
 *
 * @param kind        the feedback kind it scored highest
 * @param probability that kind's probability, 0..1; the model names the kind from its threshold up
 * @param feedback    the probability that the pair is feedback of any kind, 0..1, which decides where
 *                    the model takes the rules' feedback away or makes a pair feedback no kind reached
 *                    the threshold for; null in records written before it was given
 * @param features    the features that weighed most towards the kind, strongest first: words and
 *                    word pairs of the text, hashtags, {@code shape:…}, {@code link:…}, {@code rule:…}
 */
public record LearnedEvidence(FeedbackKind kind, double probability, Double feedback, List<String> features) {
    public LearnedEvidence {
        Objects.requireNonNull(kind, "kind");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must lie in 0..1, was " + probability);
        }
        if (feedback != null && !(feedback >= 0 && feedback <= 1)) {
            throw new IllegalArgumentException("feedback must lie in 0..1, was " + feedback);
        }
        features = features == null ? List.of() : List.copyOf(features);
    }
}
