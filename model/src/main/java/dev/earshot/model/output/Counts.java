package dev.earshot.model.output;

import dev.earshot.model.Mention;

/**
 * Engagement totals of some set of mentions: how many, their likes, shares and comments, and their
 * reach (the sum of their authors' followers).
 */
public record Counts(long mentions, long likes, long shares, long comments, long reach) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    /** These totals with one more mention. */
    public Counts plus(Mention m) {
        return new Counts(mentions + 1, likes + m.engagement().likes(), shares + m.engagement().shares(),
                comments + m.engagement().comments(), reach + m.author().followers());
    }

    /** These totals and {@code other} together. */
    public Counts plus(Counts other) {
        return new Counts(mentions + other.mentions, likes + other.likes, shares + other.shares, comments + other.comments,
                reach + other.reach);
    }

    /** These totals without {@code part}, which they include. */
    public Counts minus(Counts part) {
        return new Counts(mentions - part.mentions, likes - part.likes, shares - part.shares, comments - part.comments,
                reach - part.reach);
    }

    /** Likes, shares and comments together: what share of engagement is measured in. */
    public long engagement() {
        return likes + shares + comments;
    }
}
