package dev.earshot.streams;

import dev.earshot.model.Mention;

/**
 * What {@link BatchClassifier} forwards for a batch, keyed by brand: per brand and minute the pairs'
 * figures summed, with each pair encoded for {@code mentions.classified} (which {@code mark-copies}
 * publishes after the repartition), for the windows and spike detection; per brand and hour the
 * pairs' highlights, for the hourly highlights; and, keyed by id, each mention the classifier failed on.
 */
sealed interface BatchResult {
    record Minute(MinutePartial value) implements BatchResult {
    }

    record HourHighlights(BrandHighlights value) implements BatchResult {
    }

    /**
     * A mention the classifier failed on, even alone ({@link UnclassifiableMentions}), keyed by its
     * id, for the dead-letter topic; the reason travels in the record's headers.
     */
    record Unclassifiable(Mention mention) implements BatchResult {
    }
}
