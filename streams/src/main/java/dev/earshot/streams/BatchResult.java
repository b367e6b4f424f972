package dev.earshot.streams;

import dev.earshot.model.ClassifiedMention;

/**
 * What {@link BatchClassifier} forwards for a batch, keyed by brand: each classified (mention, brand)
 * pair for {@code mentions.classified}; per brand and minute the pairs' figures summed, for the
 * windows and spike detection; per brand and hour the pairs' highlights, for the hourly highlights.
 */
sealed interface BatchResult {
    record Pair(ClassifiedMention value) implements BatchResult {
    }

    record Minute(MinutePartial value) implements BatchResult {
    }

    record HourHighlights(BrandHighlights value) implements BatchResult {
    }
}
