package dev.earshot.streams;

/**
 * When a (mention, brand) pair is suspect: spam, a bot or a flood rather than a person speaking. A
 * limit of 0 turns its rule off. Suspect pairs are counted in the windows' figures and apart in their
 * {@code suspect}; nothing is dropped.
 *
 * @param authorPerHour   {@code suspect.author-per-hour}, default 30: an author's mentions of a brand
 *                        beyond this many in one hour of event time are suspect (AUTHOR_RATE). A person
 *                        in a heated exchange with a brand's support writes a dozen an hour; a bot
 *                        posting every minute is past 30 within the hour. Counted per brand and hour
 *                        for the 1,000 authors posting most ({@link AuthorRates}), never over the true count
 * @param links           {@code suspect.links}, default 3: a mention with this many links or more (LINKS)
 * @param hashtags        {@code suspect.hashtags}, default 5: with {@code hashtagShare}, a mention with this
 *                        many hashtags or more (HASHTAGS)...
 * @param hashtagShare    {@code suspect.hashtag-share}, default 0.5: ...making up at least this share of its
 *                        words (links and handles not counted as words)
 * @param copiesPerMinute {@code suspect.copies-per-minute}, default 60: copies of one wording (one
 *                        {@link CopyClusters copy cluster}) beyond this many in one minute of event time
 *                        are a flood (FLOOD). A retweet wave of a brand's post runs at a few a minute; a
 *                        flood of bots posting one text, at one a second or more
 * @param exclude         {@code suspect.exclude}, default true: suspect pairs are left out of spike
 *                        baselines and windows and out of share of voice. With false they count there as
 *                        any other, and an alert reports how many of its count are suspect and grades its
 *                        severity without them
 */
public record SuspectSettings(int authorPerHour, int links, int hashtags, double hashtagShare, int copiesPerMinute,
                              boolean exclude) {
    public static final SuspectSettings DEFAULT = new SuspectSettings(30, 3, 5, 0.5, 60, true);

    public SuspectSettings {
        if (authorPerHour < 0 || links < 0 || hashtags < 0 || copiesPerMinute < 0 || !(hashtagShare >= 0 && hashtagShare <= 1)) {
            throw new IllegalArgumentException("invalid suspect settings: suspect.author-per-hour " + authorPerHour
                    + ", suspect.links " + links + ", suspect.hashtags " + hashtags + ", suspect.copies-per-minute "
                    + copiesPerMinute + " (each 0 to turn its rule off, or more), suspect.hashtag-share " + hashtagShare
                    + " (0 to 1)");
        }
    }

    /** Whether a text has so many links that it is suspect. */
    boolean tooManyLinks(SuspectContent content) {
        return links > 0 && content.links() >= links;
    }

    /** Whether a text is so much hashtags that it is suspect. */
    boolean tooManyHashtags(SuspectContent content) {
        return hashtags > 0 && content.hashtags() >= hashtags && content.hashtags() >= hashtagShare * content.words();
    }
}
