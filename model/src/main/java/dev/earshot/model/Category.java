package dev.earshot.model;

/**
 * The marketing strategy a mention shows for one brand. Declared in the default precedence order:
 * when several fit, the first wins (a disclosed ad is an ad even from an influencer; a complaint
 * from an influencer must still reach alerting).
 */
public enum Category {
    /** Paid SMM: ads, promoted posts, sponsored content, paid partnerships. */
    PAID,
    /** Customer feedback addressed to or about the brand; carries a {@link FeedbackKind}. */
    FEEDBACK,
    /** A high-reach author talking about the brand without a paid disclosure. */
    INFLUENCER,
    /** Organic SMO share: a person sharing the brand's own web content. */
    ORGANIC_SHARE,
    /** None of the above: news, incidental chatter. */
    OTHER
}
