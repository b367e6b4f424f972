package dev.earshot.streams;

import dev.earshot.model.output.Counts;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.classifier.CopySignature;
import dev.earshot.classifier.ThemeTerms;
import dev.earshot.model.Category;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.Mention;
import dev.earshot.model.Sentiment;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.Suspects;
import dev.earshot.model.output.Themes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One brand's classified pairs of one batch within one minute of event time, summed: what crosses the
 * repartition {@code mentions-by-brand}. The minute and hour windows add it to their figures in one
 * update, and spike detection counts its FEEDBACK pairs at once, so their stores see one update per
 * (brand, minute, batch) instead of one per pair. Its record timestamp is the latest event time among
 * its pairs, which lies in its minute, so it falls into the same windows; a batch sends its partials
 * in the order of those timestamps, so a partial is dropped as late only where all its pairs would
 * have been.
 *
 * @param totals          the pairs' figures together
 * @param byCategory      the pairs' figures per primary category
 * @param feedbackSamples ids of up to {@link #SAMPLES} of its FEEDBACK mentions, in arrival order: the
 *                        examples an alert shows
 * @param sentiment       how many of the pairs spoke of the brand positively, neutrally, negatively
 * @param negativeSamples ids of up to {@link #SAMPLES} of its NEGATIVE pairs' mentions: the examples a
 *                        negative-sentiment alert shows
 * @param feedbackTerms   how many of its FEEDBACK pairs use each {@link ThemeTerms theme term}, for the
 *                        {@link #TERMS} terms used most (most first, then by term): what explains a
 *                        feedback spike. A term outside them in one partial still counts in the
 *                        partials where it is among them, and a spike's terms are the frequent ones.
 * @param feedbackTop     its {@link #SAMPLES} FEEDBACK pairs' mentions whose authors reach most people
 *                        ({@link LoudestSamples})
 * @param negativeTop     the same of its NEGATIVE pairs
 * @param fingerprints    what {@code mark-copies} needs of each of its pairs, in arrival order: the
 *                        {@link CopySignature} of its text, its author, whether it is FEEDBACK or NEGATIVE,
 *                        what its text alone makes it suspect of, and its figures; empty once marked, and
 *                        in partials written before copies were counted
 * @param marks           what {@code mark-copies} found: how many of its pairs copy an earlier mention of
 *                        the brand, and which are suspect
 */
record MinutePartial(Counts totals, Map<Category, Counts> byCategory, List<String> feedbackSamples,
                     SentimentCounts sentiment, List<String> negativeSamples, Map<String, Integer> feedbackTerms,
                     List<FeedbackSpike.Sample> feedbackTop, List<FeedbackSpike.Sample> negativeTop,
                     List<PairFingerprint> fingerprints, Marks marks) {
    static final int SAMPLES = SpikeDetector.SAMPLES;
    static final int TERMS = 32;

    MinutePartial {
        EnumMap<Category, Counts> copy = new EnumMap<>(Category.class);
        copy.putAll(byCategory);
        byCategory = Collections.unmodifiableMap(copy);
        feedbackSamples = List.copyOf(feedbackSamples);
        sentiment = sentiment == null ? SentimentCounts.ZERO : sentiment;
        negativeSamples = negativeSamples == null ? List.of() : List.copyOf(negativeSamples);
        feedbackTerms = feedbackTerms == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(feedbackTerms));
        feedbackTop = feedbackTop == null ? List.of() : List.copyOf(feedbackTop);
        negativeTop = negativeTop == null ? List.of() : List.copyOf(negativeTop);
        fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
        marks = marks == null ? Marks.NONE : marks;
        // The internal format writes these sizes in one byte each.
        if (feedbackSamples.size() > 255 || negativeSamples.size() > 255 || feedbackTerms.size() > 255
                || feedbackTop.size() > 255 || negativeTop.size() > 255) {
            throw new IllegalArgumentException("a partial keeps at most 255 samples and terms of each kind");
        }
    }

    /** A partial without negative samples or terms, as one written before them reads. */
    MinutePartial(Counts totals, Map<Category, Counts> byCategory, List<String> feedbackSamples, SentimentCounts sentiment) {
        this(totals, byCategory, feedbackSamples, sentiment, List.of(), Map.of(), List.of(), List.of());
    }

    /** A partial without signatures, as one written before copies were counted reads: all its pairs originals. */
    MinutePartial(Counts totals, Map<Category, Counts> byCategory, List<String> feedbackSamples,
                  SentimentCounts sentiment, List<String> negativeSamples, Map<String, Integer> feedbackTerms,
                  List<FeedbackSpike.Sample> feedbackTop, List<FeedbackSpike.Sample> negativeTop) {
        this(totals, byCategory, feedbackSamples, sentiment, negativeSamples, feedbackTerms, feedbackTop, negativeTop,
                List.of(), Marks.NONE);
    }

    /**
     * What {@code mark-copies} needs of one pair: the {@link CopySignature} of its text, its author
     * ({@link AuthorRates#key}), its {@code flags} ({@link #FEEDBACK}, {@link #NEGATIVE}, and the
     * reasons its text alone makes it suspect: {@link #LINKS}, {@link #HASHTAGS}), and its figures;
     * and the pair as {@code mentions.classified} publishes it, encoded without its cluster and
     * suspects, which {@code mark-copies} adds before it writes the pair, stamped with the mention's
     * event time ({@code timestamp}). {@code published} is null in partials written before pairs were
     * published after the repartition: their pairs were published before it.
     */
    record PairFingerprint(short[] signature, long author, int flags, Counts counts, long timestamp, byte[] published) {
        static final int FEEDBACK = 1;
        static final int NEGATIVE = 2;
        static final int LINKS = 4;
        static final int HASHTAGS = 8;

        /** A fingerprint of a partial written before pairs were published after the repartition. */
        PairFingerprint(short[] signature, long author, int flags, Counts counts) {
            this(signature, author, flags, counts, 0, null);
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PairFingerprint other && author == other.author && flags == other.flags
                    && counts.equals(other.counts) && java.util.Arrays.equals(signature, other.signature)
                    && timestamp == other.timestamp && java.util.Arrays.equals(published, other.published);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * java.util.Arrays.hashCode(signature) + Long.hashCode(author)) + flags;
        }

        @Override
        public String toString() {
            return "flags " + flags + " author " + author + " " + java.util.Arrays.toString(signature);
        }
    }

    /**
     * What {@code mark-copies} found among a partial's pairs: how many copy an earlier mention of the
     * brand ({@code amplified}), the FEEDBACK ones among them, the suspect pairs, the FEEDBACK and the
     * NEGATIVE ones among those, the FEEDBACK pairs that are both copies and suspect, the NEGATIVE
     * copies and those of them suspect. Spike detection takes suspects out of its counts with these
     * when {@code suspect.exclude} is on. When a wording turns out a flood, its copies of the same
     * minute counted in earlier partials become suspect here too (they fall into the same windows), so
     * the suspect counts may exceed the partial's own; and its FEEDBACK and NEGATIVE copies of the
     * minute before, which lie in another minute's window, are given apart ({@code earlierFlood…}) for
     * spike detection alone to take out.
     */
    record Marks(long amplified, long amplifiedFeedback, Suspects suspect, long suspectFeedback, long suspectNegative,
                 long amplifiedSuspectFeedback, long amplifiedNegative, long amplifiedSuspectNegative,
                 long earlierFloodFeedback, long earlierFloodNegative) {
        static final Marks NONE = new Marks(0, 0, Suspects.NONE, 0, 0, 0, 0, 0, 0, 0);

        Marks {
            suspect = suspect == null ? Suspects.NONE : suspect;
        }
    }

    /**
     * This partial with what {@code mark-copies} found, and its fingerprints let go: what the windows
     * and spike detection read.
     */
    MinutePartial marked(Marks found) {
        return new MinutePartial(totals, byCategory, feedbackSamples, sentiment, negativeSamples, feedbackTerms, feedbackTop,
                negativeTop, List.of(), found);
    }

    /** How many of its pairs copy an earlier mention of the brand; the rest are originals. */
    long amplified() {
        return marks.amplified();
    }

    /**
     * What every pair of one mention shares, worked out once per mention: the {@link CopySignature} of
     * its text, its author ({@link AuthorRates#key}), the {@link PairFingerprint} flags its content
     * makes it suspect of, and its {@link ThemeTerms#withHandles theme terms and handles}, which the
     * hour's highlights count for every pair and the minute's feedback terms (without the handles)
     * for its FEEDBACK pairs.
     */
    record Traits(short[] signature, long author, int suspectContent, Set<String> terms) {
        static Traits of(Mention m, int suspectContent) {
            return new Traits(CopySignature.of(m.text()), AuthorRates.key(m.author().handle()), suspectContent,
                    Collections.unmodifiableSet(ThemeTerms.withHandles(m.text())));
        }
    }

    /** The partial of one pair. */
    static MinutePartial of(ClassifiedMention pair) {
        Tally tally = new Tally();
        tally.add(pair, Traits.of(pair.mention(), 0));
        return tally.partial();
    }

    /** A partial being summed, pair by pair. */
    static final class Tally {
        private Counts totals = Counts.ZERO;
        private final Map<Category, Counts> byCategory = new EnumMap<>(Category.class);
        private final List<String> samples = new ArrayList<>();
        private SentimentCounts sentiment = SentimentCounts.ZERO;
        private final List<String> negativeSamples = new ArrayList<>();
        private final Map<String, Integer> feedbackTerms = new HashMap<>();
        private final LoudestSamples.Tally feedbackTop = new LoudestSamples.Tally(SAMPLES);
        private final LoudestSamples.Tally negativeTop = new LoudestSamples.Tally(SAMPLES);
        private final List<PairFingerprint> fingerprints = new ArrayList<>();

        private long publishedBytes;

        /** Adds a pair, with the traits of its mention, that is not to be published from here. */
        void add(ClassifiedMention pair, Traits traits) {
            add(pair, traits, 0, null);
        }

        /**
         * Adds a pair, with the traits of its mention, and the pair encoded for {@code mentions.classified}
         * with the event time to stamp it with.
         */
        void add(ClassifiedMention pair, Traits traits, long timestamp, byte[] published) {
            Mention m = pair.mention();
            Category category = pair.classification().category();
            Sentiment s = pair.classification().sentiment();
            int flags = traits.suspectContent() | (category == Category.FEEDBACK ? PairFingerprint.FEEDBACK : 0)
                    | (s != null && s.label() == Sentiment.Label.NEGATIVE ? PairFingerprint.NEGATIVE : 0);
            fingerprints.add(new PairFingerprint(traits.signature(), traits.author(), flags, Counts.ZERO.plus(m), timestamp,
                    published));
            publishedBytes += published == null ? 0 : published.length;
            totals = totals.plus(m);
            byCategory.merge(category, Counts.ZERO.plus(m), (a, b) -> a.plus(m));
            if (category == Category.FEEDBACK) {
                if (samples.size() < SAMPLES) {
                    samples.add(m.id());
                }
                for (String term : traits.terms()) {
                    if (Themes.Kind.of(term) != Themes.Kind.HANDLE) {
                        feedbackTerms.merge(term, 1, Integer::sum);
                    }
                }
                feedbackTop.offer(m);
            }
            sentiment = sentiment.plus(s);
            if (s != null && s.label() == Sentiment.Label.NEGATIVE) {
                if (negativeSamples.size() < SAMPLES) {
                    negativeSamples.add(m.id());
                }
                negativeTop.offer(m);
            }
        }

        /** The bytes of the encoded pairs added so far, which the partial carries across the repartition. */
        long publishedBytes() {
            return publishedBytes;
        }

        /** Whether no pair was added. */
        boolean isEmpty() {
            return fingerprints.isEmpty();
        }

        MinutePartial partial() {
            return new MinutePartial(totals, byCategory, samples, sentiment, negativeSamples, mostUsed(feedbackTerms, TERMS),
                    feedbackTop.samples(), negativeTop.samples(), fingerprints, Marks.NONE);
        }
    }

    /** The {@code n} terms of highest count, highest first and by term among equals: the same for the same counts. */
    static <N extends Number & Comparable<N>> Map<String, N> mostUsed(Map<String, N> counts, int n) {
        Map<String, N> top = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, N>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /** How many (mention, brand) pairs it sums. */
    long pairs() {
        return totals.mentions();
    }

    /** How many of them are FEEDBACK. */
    long feedback() {
        Counts c = byCategory.get(Category.FEEDBACK);
        return c == null ? 0 : c.mentions();
    }
}
