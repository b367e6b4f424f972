package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.util.Collection;
import java.util.LinkedHashSet;

/**
 * Fields of a live post that a feed writes into a mention within the codec's bounds rather than have
 * the whole post refused for them: a post is gone once the feed has moved past it, so one that lists
 * more links than a mention may hold, or a language tag too long to be one, keeps the rest.
 */
final class PostFields {
    /** The longest {@code lang} the codec takes (a BCP 47 tag is rarely past 12). */
    static final int MAX_LANG = 35;

    private PostFields() {
    }

    /**
     * The links, each once, in order, as many as a mention may hold, one too long to be a link left
     * out, and no more than {@link #MAX_LINK_CHARS} characters of them in all: 256 links of 8,000
     * characters would take the mention past the size of a record, and the feed could not send it.
     */
    static void putLinks(ObjectNode doc, Collection<String> links, MentionCodec codec) {
        ArrayNode array = doc.putArray("links");
        int total = 0;
        for (String link : new LinkedHashSet<>(links)) {
            if (array.size() == codec.limits().maxLinks()) {
                break;
            }
            if (link.length() <= MentionCodec.MAX_URL_CHARS && total + link.length() <= MAX_LINK_CHARS) {
                array.add(link);
                total += link.length();
            }
        }
    }

    /** The most characters of links a post keeps, most of a post's size left to its text. */
    static final int MAX_LINK_CHARS = 64 * 1024;

    /**
     * The mention as a record can hold it: whole, or else without its links, or else refused with the
     * reason. Counted in the bytes written, not characters: a character may take six ("\u0001"), and a
     * mention the producer refused would stall the feed on the post for good.
     */
    static Mention fitted(Mention mention, MentionCodec codec) throws InvalidMentionException {
        try {
            codec.encodeWithinLimits(mention);
            return mention;
        } catch (InvalidMentionException whole) {
            Mention withoutLinks = new Mention(mention.id(), mention.platform(), mention.createdAt(), mention.author(),
                    mention.text(), mention.url(), java.util.List.of(), mention.lang(), mention.engagement(), mention.promoted());
            codec.encodeWithinLimits(withoutLinks); // or refused, with its size
            return withoutLinks;
        }
    }

    /** How far ahead of this machine's clock a post's own date may be: clocks differ, not by an hour. */
    static final java.time.Duration MAX_CLOCK_AHEAD = java.time.Duration.ofMinutes(10);

    /**
     * A post's date as its source claims it, or {@code seen} (when the feed saw it) where the claim is
     * no time, before the codec's earliest (a client's 1970), or ahead of {@code now} by more than clocks
     * differ: a post dated a day ahead, by a client or a server whose clock is wrong or by a hostile one,
     * would move the streams app's event time on, and every on-time mention of its partition would then
     * count as late; one dated past the codec's bounds would be refused, and lost.
     */
    static java.time.Instant postedAt(String claimed, java.time.Instant seen, java.time.Instant now, MentionCodec codec) {
        java.time.Instant at;
        try {
            at = dev.earshot.model.IsoInstants.parse(claimed);
        } catch (java.time.DateTimeException | NullPointerException e) {
            return seen;
        }
        return at != null && !at.isBefore(codec.limits().earliest()) && !at.isAfter(now.plus(MAX_CLOCK_AHEAD)) ? at : seen;
    }

    /** The post's language tag, left out when it could be none. */
    static void putLang(ObjectNode doc, String lang) {
        if (lang != null && !lang.isBlank() && lang.length() <= MAX_LANG) {
            doc.put("lang", lang);
        }
    }
}
