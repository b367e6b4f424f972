package dev.earshot.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One social post about one or more brands, as it travels on {@code mentions.raw}.
 *
 * <p>Instances are built by {@link MentionCodec} from untrusted JSON, which has already checked every
 * field, or by producers in this project. Optional parts are never null: an absent author is
 * {@link Author#UNKNOWN}, absent engagement is {@link Engagement#NONE}, absent strings are empty.
 *
 * @param id        platform-unique id, conventionally prefixed with the platform ({@code bluesky:3kq2})
 * @param platform  where the post was made ({@code bluesky}, {@code mastodon}, …)
 * @param createdAt when it was posted; the event time of every window downstream
 * @param author    who posted it
 * @param text      the post's text, possibly empty
 * @param url       the post's own address, or empty
 * @param links     links the post carries, in order
 * @param lang      BCP-47 language tag, or empty when unknown
 * @param engagement counts at the time of capture
 * @param promoted  the platform itself marks the post as paid promotion
 */
public record Mention(
        String id,
        String platform,
        Instant createdAt,
        Author author,
        String text,
        String url,
        List<String> links,
        String lang,
        Engagement engagement,
        boolean promoted) {

    public Mention {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(text, "text");
        author = author == null ? Author.UNKNOWN : author;
        url = url == null ? "" : url;
        links = links == null ? List.of() : List.copyOf(links);
        lang = lang == null ? "" : lang;
        engagement = engagement == null ? Engagement.NONE : engagement;
    }

    /** A mention with only the required fields set; the rest take their defaults. */
    public static Mention of(String id, String platform, Instant createdAt, String text) {
        return new Mention(id, platform, createdAt, Author.UNKNOWN, text, "", List.of(), "", Engagement.NONE, false);
    }

    /**
     * Who posted a mention.
     *
     * @param handle    the author's handle as the platform shows it, or empty
     * @param followers audience size, the basis of {@code reach} and influencer tiers
     * @param verified  the platform vouches for the account
     */
    public record Author(String handle, long followers, boolean verified) {
        public static final Author UNKNOWN = new Author("", 0, false);

        public Author {
            handle = handle == null ? "" : handle;
            if (followers < 0) {
                throw new IllegalArgumentException("followers must be >= 0, was " + followers);
            }
        }
    }

    /** Engagement counts of a mention; all zero or positive. */
    public record Engagement(long likes, long shares, long comments, long views) {
        public static final Engagement NONE = new Engagement(0, 0, 0, 0);

        public Engagement {
            if (likes < 0 || shares < 0 || comments < 0 || views < 0) {
                throw new IllegalArgumentException("engagement counts must be >= 0");
            }
        }
    }
}
