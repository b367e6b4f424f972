package dev.earshot.streams;

/**
 * What {@link BatchClassifier} forwards for a batch, keyed by brand: per brand and minute the pairs'
 * figures summed, with each pair encoded for {@code mentions.classified} (which {@code mark-copies}
 * publishes after the repartition), for the windows and spike detection; per brand and hour the
 * pairs' highlights, for the hourly highlights.
 */
sealed interface BatchResult {
    record Minute(MinutePartial value) implements BatchResult {
    }

    record HourHighlights(BrandHighlights value) implements BatchResult {
    }
}
