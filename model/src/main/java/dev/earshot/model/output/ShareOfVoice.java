package dev.earshot.model.output;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Each brand's share of a competitor set's mentions and engagement in one window: the value of
 * {@code brand.share-of-voice.1h}. Built from the latest window of every brand in the set, so a
 * brand's update replaces its earlier contribution instead of adding to it.
 */
public record ShareOfVoice(String competitorSet, Instant windowStart, Instant windowEnd, Map<String, BrandShare> brands) {

    /**
     * One brand's part, and the net sentiment of its own mentions in the window ((positive − negative)
     * / (positive + negative); null when it has neither).
     */
    public record BrandShare(long mentions, double shareOfMentions, long engagement, double shareOfEngagement,
                             Double netSentiment) {
    }

    public ShareOfVoice {
        Objects.requireNonNull(competitorSet, "competitorSet");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        brands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(brands == null ? Map.of() : brands));
    }

    /**
     * Shares from the latest totals of each brand; brands of the set with no mentions in the window
     * are listed with zero.
     */
    public static ShareOfVoice of(String set, java.util.List<String> members, Instant start, Instant end,
                                  Map<String, Counts> latest, Map<String, SentimentCounts> sentiment) {
        long allMentions = 0;
        long allEngagement = 0;
        for (String brand : members) {
            Counts c = latest.getOrDefault(brand, Counts.ZERO);
            allMentions = Counts.sum(allMentions, c.mentions());
            allEngagement = Counts.sum(allEngagement, c.engagement());
        }
        Map<String, BrandShare> shares = new LinkedHashMap<>();
        for (String brand : members) {
            Counts c = latest.getOrDefault(brand, Counts.ZERO);
            Double net = sentiment.getOrDefault(brand, SentimentCounts.ZERO).netSentiment();
            shares.put(brand, new BrandShare(c.mentions(), allMentions == 0 ? 0 : (double) c.mentions() / allMentions,
                    c.engagement(), allEngagement == 0 ? 0 : (double) c.engagement() / allEngagement,
                    net == null ? null : Math.round(net * 1000) / 1000.0));
        }
        return new ShareOfVoice(set, start, end, shares);
    }

    /** The Kafka key: {@code set@windowStart}. */
    public String key() {
        return KeyFormat.SET_AT_WINDOW_START.key(competitorSet, windowStart);
    }
}
