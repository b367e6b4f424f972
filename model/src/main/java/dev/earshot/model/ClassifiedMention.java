package dev.earshot.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A mention with the classification for one brand: one record of {@code mentions.classified}.
 *
 * @param clusterId the copy cluster the pair belongs to among the brand's mentions: the same for a
 *                  mention and its copies (the same or nearly the same text once links, handles,
 *                  "RT"/"via", case and spacing are set aside), its own for an original no later
 *                  mention copied. Null where the streams app did not mark it (the output of
 *                  {@code earshot classify}, and records of releases before clusters)
 * @param suspect   why the pair is suspect, as far as was known when it was published; empty when
 *                  it is not, or was not marked
 */
public record ClassifiedMention(Mention mention, Classification classification, String clusterId, Set<SuspectReason> suspect) {
    public ClassifiedMention {
        Objects.requireNonNull(mention, "mention");
        Objects.requireNonNull(classification, "classification");
        suspect = suspect == null || suspect.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(suspect));
        if (clusterId == null && !suspect.isEmpty()) {
            throw new IllegalArgumentException("suspect reasons come with the clusterId of the marking that found them");
        }
    }

    /** A pair not marked for copies and suspects. */
    public ClassifiedMention(Mention mention, Classification classification) {
        this(mention, classification, null, Set.of());
    }
}
