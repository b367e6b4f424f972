package dev.earshot.model;

import java.util.List;
import java.util.Objects;

/**
 * What a trained feedback model said about one (mention, brand) pair, beside the rules.
 *
 * @param kind        the feedback kind it scored highest
 * @param probability that kind's probability, 0..1; the model names the kind from its threshold up
 * @param features    the features that weighed most towards the kind, strongest first: words and
 *                    word pairs of the text, hashtags, {@code shape:…}, {@code link:…}, {@code rule:…}
 */
public record LearnedEvidence(FeedbackKind kind, double probability, List<String> features) {
    public LearnedEvidence {
        Objects.requireNonNull(kind, "kind");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must lie in 0..1, was " + probability);
        }
        features = features == null ? List.of() : List.copyOf(features);
    }
}
