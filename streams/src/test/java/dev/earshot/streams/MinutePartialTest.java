package dev.earshot.streams;

import dev.earshot.model.output.Counts;
import dev.earshot.model.output.Suspects;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.Sentiment;
import dev.earshot.model.output.BrandWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.Mention;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinutePartialTest {
    /** Adds a pair to a tally with its mention's traits, as classify-in-batches does. */
    private static void add(MinutePartial.Tally tally, ClassifiedMention pair) {
        tally.add(pair, MinutePartial.Traits.of(pair.mention(), 0));
    }

    static ClassifiedMention classified(String brand, Category category, long likes, long shares, long comments, long followers) {
        Mention m = new Mention("m:" + System.nanoTime(), "x", Instant.parse("2026-11-20T10:00:00Z"),
                new Mention.Author("@a", followers, false), "t", "", List.of(), "", new Mention.Engagement(likes, shares, comments, 0), false);
        return new ClassifiedMention(m, new Classification(brand, category, Set.of(category), null, null, List.of()));
    }

    static ClassifiedMention withSentiment(ClassifiedMention c, Sentiment.Label label) {
        return new ClassifiedMention(c.mention(), c.classification().withPerception(
                label == null ? null : new Sentiment(label, 0), label == null ? "de" : "en"));
    }

    @Test
    void sumsMinutePartialsIntoTotalsAndPerCategoryFigures() {
        MinutePartial.Tally first = new MinutePartial.Tally();
        add(first, withSentiment(classified("lumora", Category.PAID, 10, 2, 1, 1000), Sentiment.Label.POSITIVE));
        add(first, withSentiment(classified("lumora", Category.FEEDBACK, 1, 1, 1, 7), Sentiment.Label.NEGATIVE));
        add(first, withSentiment(classified("lumora", Category.OTHER, 0, 0, 0, 0), null));
        MinutePartial second = MinutePartial.of(withSentiment(classified("lumora", Category.PAID, 5, 0, 0, 500),
                Sentiment.Label.POSITIVE));
        BrandWindow w = BrandWindow.empty("lumora", Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T10:01:00Z"))
                .plus(first.partial().totals(), first.partial().byCategory(), first.partial().sentiment(), 1, Suspects.NONE)
                .plus(second.totals(), second.byCategory(), second.sentiment(), 0, Suspects.NONE);
        // A pair in a language the scorer does not read counts in the totals but in no sentiment.
        assertEquals(new SentimentCounts(2, 0, 1), w.sentiment());
        assertEquals(1 / 3.0, w.netSentiment(), 1e-9);
        assertEquals(null, BrandWindow.empty("x", Instant.EPOCH, Instant.EPOCH).netSentiment());
        assertEquals(new Counts(4, 16, 3, 2, 1507), w.totals());
        assertEquals(Map.of(Category.PAID, new Counts(2, 15, 2, 1, 1500), Category.FEEDBACK, new Counts(1, 1, 1, 1, 7),
                Category.OTHER, new Counts(1, 0, 0, 0, 0)), w.byCategory());
        assertEquals("lumora@2026-11-20T10:00:00Z", w.key());
        assertEquals(1, w.amplified());
        assertEquals(3, w.originals());
        assertEquals(List.of(false, true, false), first.partial().fingerprints().stream()
                        .map(f -> f.has(MinutePartial.PairFingerprint.FEEDBACK)).toList(),
                "a fingerprint per pair, in arrival order, each saying whether its pair is FEEDBACK");
        assertEquals(List.of(false, true, false), first.partial().fingerprints().stream()
                .map(f -> f.has(MinutePartial.PairFingerprint.NEGATIVE)).toList(), "and whether it is NEGATIVE");
        assertEquals(new Counts(1, 1, 1, 1, 7), first.partial().fingerprints().get(1).counts(), "with its own figures");
        assertEquals(AuthorRates.key("@A"), first.partial().fingerprints().get(0).author(), "and its author, whatever the case");
        assertEquals(1, second.fingerprints().size());
    }

    @Test
    void aPartialKeepsTheFirstFiveFeedbackMentionsAsSamples() {
        MinutePartial.Tally tally = new MinutePartial.Tally();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ClassifiedMention c = classified("lumora", i == 2 ? Category.PAID : Category.FEEDBACK, 0, 0, 0, 0);
            add(tally, c);
            if (i != 2) {
                ids.add(c.mention().id());
            }
        }
        MinutePartial p = tally.partial();
        assertEquals(7, p.pairs());
        assertEquals(6, p.feedback());
        assertEquals(ids.subList(0, MinutePartial.SAMPLES), p.feedbackSamples());
    }
}
