package dev.earshot.model.output;

import dev.earshot.model.Mention;

/**
 * Engagement totals of some set of mentions: how many, their likes, shares and comments, and their
 * reach (the sum of their authors' followers).
 */
public record Counts(long mentions, long likes, long shares, long comments, long reach) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    /**
     * {@code a + b} for counts (never negative), or {@link Long#MAX_VALUE} where the sum would not fit.
     * The codec takes any count a 64-bit integer holds, so one mention claiming 2^63 - 1 likes beside
     * another's like would otherwise wrap its window's engagement, and its set's shares, negative.
     */
    public static long sum(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** These totals with one more mention. */
    public Counts plus(Mention m) {
        return new Counts(sum(mentions, 1), sum(likes, m.engagement().likes()), sum(shares, m.engagement().shares()),
                sum(comments, m.engagement().comments()), sum(reach, m.author().followers()));
    }

    /** These totals and {@code other} together. */
    public Counts plus(Counts other) {
        return new Counts(sum(mentions, other.mentions), sum(likes, other.likes), sum(shares, other.shares),
                sum(comments, other.comments), sum(reach, other.reach));
    }

    /** These totals without {@code part}, which they include. */
    public Counts minus(Counts part) {
        return new Counts(mentions - part.mentions, likes - part.likes, shares - part.shares, comments - part.comments,
                reach - part.reach);
    }

    /** Likes, shares and comments together: what share of engagement is measured in. */
    public long engagement() {
        return engagement(likes, shares, comments);
    }

    /** Likes, shares and comments together, as {@link #engagement()} counts them for one mention or many. */
    public static long engagement(long likes, long shares, long comments) {
        return sum(sum(likes, shares), comments);
    }
}
