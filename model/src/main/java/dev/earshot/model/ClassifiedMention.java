package dev.earshot.model;

import java.util.Objects;

/** A mention with the classification for one brand: one record of {@code mentions.classified}. */
public record ClassifiedMention(Mention mention, Classification classification) {
    public ClassifiedMention {
        Objects.requireNonNull(mention, "mention");
        Objects.requireNonNull(classification, "classification");
    }
}
