package dev.earshot.model.output;

import dev.earshot.model.Sentiment;

/**
 * How many (mention, brand) pairs of a window spoke of the brand positively, neutrally and negatively.
 * Pairs without a sentiment (a language the scorer does not read) are in none of the three.
 */
public record SentimentCounts(long positive, long neutral, long negative) {
    public static final SentimentCounts ZERO = new SentimentCounts(0, 0, 0);

    /** These counts with one more pair of the given sentiment; the same counts for a null one. */
    public SentimentCounts plus(Sentiment sentiment) {
        if (sentiment == null) {
            return this;
        }
        return switch (sentiment.label()) {
            case POSITIVE -> new SentimentCounts(positive + 1, neutral, negative);
            case NEUTRAL -> new SentimentCounts(positive, neutral + 1, negative);
            case NEGATIVE -> new SentimentCounts(positive, neutral, negative + 1);
        };
    }

    public SentimentCounts plus(SentimentCounts other) {
        return new SentimentCounts(positive + other.positive, neutral + other.neutral, negative + other.negative);
    }

    /** (positive − negative) / (positive + negative), as Talkwalker defines it; null when both are 0. */
    public Double netSentiment() {
        long opinionated = positive + negative;
        return opinionated == 0 ? null : (positive - negative) / (double) opinionated;
    }
}
