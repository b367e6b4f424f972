package dev.earshot.app;

import dev.earshot.model.Mention;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The small fixture of the process tests that count hourly windows: two brands in one competitor
 * set, and numbered mentions five seconds apart, each about exactly one of them.
 */
final class TwoBrands {
    static final String BRAND_FILE = """
            brands:
              - {id: lumora, keywords: [lumora]}
              - {id: vantor, keywords: [vantor]}
            competitorSets:
              - {id: phones, brands: [lumora, vantor]}
            """;
    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

    private TwoBrands() {
    }

    /** Mention number {@code i}: every third about vantor, the rest about lumora. */
    static Mention mention(String idPrefix, int i) {
        return new Mention(idPrefix + i, "mastodon", START.plusSeconds(i * 5L), new Mention.Author("@u" + i, 10, false),
                "a word about " + brand(i), "", List.of(), "en", new Mention.Engagement(0, 0, 0, 0), false);
    }

    /** The key of the hourly window mention {@code i} counts in: {@code brand@hour}. */
    static String hourKey(int i) {
        return brand(i) + "@" + START.plusSeconds(i * 5L).truncatedTo(ChronoUnit.HOURS);
    }

    private static String brand(int i) {
        return i % 3 == 0 ? "vantor" : "lumora";
    }
}
