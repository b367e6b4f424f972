package dev.earshot.model;

/**
 * How a mention speaks of one brand: a label and a score in [-1, 1] (negative below zero).
 *
 * @param label POSITIVE, NEUTRAL or NEGATIVE, from the score and the scorer's thresholds
 * @param score the strength, -1 to 1; rounded to three decimals on the wire
 */
public record Sentiment(Label label, double score) {
    public enum Label { POSITIVE, NEUTRAL, NEGATIVE }

    public Sentiment {
        java.util.Objects.requireNonNull(label, "label");
        if (!(score >= -1 && score <= 1)) {
            throw new IllegalArgumentException("a sentiment score lies in [-1, 1], not " + score);
        }
    }
}
