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

    /**
     * A score as the wire holds it, to three decimals: a scorer labels from this, so that a reader
     * never sees a score at a threshold with the label of the side below it (0.3497 written as 0.35,
     * NEUTRAL, where POSITIVE starts at 0.35).
     */
    public static double onTheWire(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
