package dev.earshot.model;

/**
 * Why a (mention, brand) pair is suspect: likely spam, a bot or a flood rather than a person
 * speaking. Suspect pairs are counted apart in the windows and, by default, left out of spike
 * baselines and share of voice; they are never dropped.
 */
public enum SuspectReason {
    /** Its author had already posted the brand's per-author limit of mentions in that hour. */
    AUTHOR_RATE,
    /** It carries many links. */
    LINKS,
    /** Most of its words are hashtags. */
    HASHTAGS,
    /** It copies a wording the brand received more than its per-minute limit of copies of in that minute. */
    FLOOD
}
