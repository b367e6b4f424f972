package dev.earshot.streams;

import dev.earshot.model.ClassifiedMention;

/**
 * What {@link BatchClassifier} forwards for a batch: each classified (mention, brand) pair, then per
 * brand and hour the highlights of the batch's pairs in that hour, which the hourly highlights store
 * merges once instead of once per pair. Exactly one of the two is set.
 */
record BatchResult(ClassifiedMention pair, BrandHighlights highlights) {
    static BatchResult of(ClassifiedMention pair) {
        return new BatchResult(pair, null);
    }

    static BatchResult of(BrandHighlights highlights) {
        return new BatchResult(null, highlights);
    }

    boolean isPair() {
        return pair != null;
    }
}
