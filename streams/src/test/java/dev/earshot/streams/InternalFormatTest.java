package dev.earshot.streams;

import dev.earshot.model.output.Counts;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.Highlights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Mention;
import dev.earshot.model.Tier;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class InternalFormatTest {
    private final Mention full = new Mention("bluesky:3kq2", "bluesky", Instant.parse("2026-11-20T10:15:30.123456789Z"),
            new Mention.Author("@jane", 12_000, true), "Grüße 👋 from Lumora\nline two" + "x".repeat(70_000),
            "https://bsky.app/x", List.of("https://lumora.com/a?utm_medium=social", "https://b.example"), "de",
            new Mention.Engagement(10, 2, 1, Long.MAX_VALUE), true);

    @Test
    void aBufferedMentionComesBackEqualFieldForFieldWithWhereItWasRead() {
        SourcePosition source = new SourcePosition("mentions.raw", 2, Long.MAX_VALUE);
        assertEquals(new InternalFormat.Buffered(full, source), InternalFormat.buffered(InternalFormat.buffered(full, source)));
        Mention bare = Mention.of("x:1", "x", Instant.EPOCH, "");
        assertEquals(new InternalFormat.Buffered(bare, null), InternalFormat.buffered(InternalFormat.buffered(bare, null)));
    }

    /** What the classification buffer held before V8, the mention alone, reads with no source. */
    @Test
    void aMentionBufferedByAnEarlierReleaseReadsWithoutItsSource() {
        assertEquals(new InternalFormat.Buffered(full, null), InternalFormat.buffered(bufferedBeforeV8(full)));
    }

    /**
     * A mention as releases before V8 buffered it: the version byte 1 and the mention, which V8 writes
     * after its version and a source flag of 0.
     */
    static byte[] bufferedBeforeV8(Mention m) {
        byte[] v8 = InternalFormat.buffered(m, null);
        assertEquals(0, v8[1], "V8's flag of no source, then the mention");
        byte[] v1 = new byte[v8.length - 1];
        v1[0] = InternalFormat.V1;
        System.arraycopy(v8, 2, v1, 1, v8.length - 2);
        return v1;
    }

    @Test
    void aClassifiedPairComesBackEqualWithEveryPartOfItsClassification() {
        ClassifiedMention c = new ClassifiedMention(full, new Classification("lumora", Category.FEEDBACK,
                EnumSet.of(Category.FEEDBACK, Category.INFLUENCER, Category.PAID), FeedbackKind.COMPLAINT, Tier.values()[0],
                List.of("complaint-words", "paid-hashtag")));
        assertEquals(c, InternalFormat.classified(InternalFormat.classified(c)));
        ClassifiedMention plain = new ClassifiedMention(Mention.of("x:2", "x", Instant.EPOCH, "t"),
                new Classification(null, Category.OTHER, null, null, null, null));
        assertEquals(plain, InternalFormat.classified(InternalFormat.classified(plain)));
    }

    /** The bytes of suspects without reasons: their five counts and a count byte. */
    private static final int SUSPECTS = 40 + 1;
    /** The bytes a partial without fingerprints ends with since copies were counted: their count and the marks. */
    private static final int TAIL = 4 + 16 + SUSPECTS + 24 + 32;

    @Test
    void aMinutePartialComesBackEqualAndAPairWrittenBeforePartialsReadsAsItsOwnPartial() {
        java.util.Map<String, Integer> terms = new java.util.LinkedHashMap<>();
        terms.put("refund", 2);
        terms.put("#billing", 1);
        MinutePartial withTerms = new MinutePartial(new Counts(3, 40, 5, 6, 1_000_000), java.util.Map.of(Category.PAID,
                new Counts(1, 30, 1, 1, 999_000), Category.FEEDBACK, new Counts(2, 10, 4, 5, 1_000)), List.of("a:1", "b:2"),
                new SentimentCounts(1, 1, 1), List.of("c:3"), terms,
                List.of(new dev.earshot.model.output.FeedbackSpike.Sample("a:1", "@jane", 120_000, "charged twice", "https://x/1"),
                        new dev.earshot.model.output.FeedbackSpike.Sample("b:2", "", 0, "", "")),
                List.of(new dev.earshot.model.output.FeedbackSpike.Sample("c:3", "@bo", 7, "awful", "")));
        byte[] current = InternalFormat.minutePartial(withTerms);
        assertEquals(InternalFormat.V7, current[0]);
        MinutePartial read = InternalFormat.minutePartial(current);
        assertEquals(withTerms, read);
        assertEquals(List.of("refund", "#billing"), List.copyOf(read.feedbackTerms().keySet()), "most used first, as written");
        MinutePartial withCopies = new MinutePartial(withTerms.totals(), withTerms.byCategory(), withTerms.feedbackSamples(),
                withTerms.sentiment(), withTerms.negativeSamples(), terms, withTerms.feedbackTop(), withTerms.negativeTop(),
                List.of(new MinutePartial.PairFingerprint(dev.earshot.classifier.CopySignature.of("one"), AuthorRates.key("@a"),
                                MinutePartial.PairFingerprint.FEEDBACK | MinutePartial.PairFingerprint.LINKS, new Counts(1, 2, 3, 4, 5)),
                        new MinutePartial.PairFingerprint(dev.earshot.classifier.CopySignature.of("two"), 0, 0, new Counts(1, 0, 0, 0, 0)),
                        new MinutePartial.PairFingerprint(dev.earshot.classifier.CopySignature.of("three"), -1, 0,
                                new Counts(1, Long.MAX_VALUE, 127, 128, 50_000_000))),
                MinutePartial.Marks.NONE);
        assertEquals(withCopies, InternalFormat.minutePartial(InternalFormat.minutePartial(withCopies)));
        // Pairs to publish after the repartition travel with their fingerprints, bytes and event time.
        MinutePartial.PairFingerprint toPublish = new MinutePartial.PairFingerprint(dev.earshot.classifier.CopySignature.of("one"),
                AuthorRates.key("@a"), MinutePartial.PairFingerprint.FEEDBACK, new Counts(1, 2, 3, 4, 5), 1_763_632_800_123L,
                "{\"id\":\"a:1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MinutePartial withPairs = new MinutePartial(withTerms.totals(), withTerms.byCategory(), withTerms.feedbackSamples(),
                withTerms.sentiment(), withTerms.negativeSamples(), terms, withTerms.feedbackTop(), withTerms.negativeTop(),
                List.of(toPublish, withCopies.fingerprints().get(1)), MinutePartial.Marks.NONE);
        MinutePartial pairsRead = InternalFormat.minutePartial(InternalFormat.minutePartial(withPairs));
        assertEquals(withPairs, pairsRead);
        assertEquals(1_763_632_800_123L, pairsRead.fingerprints().get(0).timestamp());
        assertEquals(null, pairsRead.fingerprints().get(1).published(), "a pair with nothing to publish stays so");
        // A partial of V6, written when its pairs were published before the repartition: each pair's
        // fingerprint without an event time and bytes, which reads as nothing to publish.
        MinutePartial onePair = new MinutePartial(withTerms.totals(), withTerms.byCategory(), withTerms.feedbackSamples(),
                withTerms.sentiment(), withTerms.negativeSamples(), terms, withTerms.feedbackTop(), withTerms.negativeTop(),
                List.of(withCopies.fingerprints().get(0)), MinutePartial.Marks.NONE);
        byte[] v7 = InternalFormat.minutePartial(onePair);
        int marksLength = TAIL - 4;
        byte[] v6 = new byte[v7.length - 12];
        System.arraycopy(v7, 0, v6, 0, v7.length - marksLength - 12);
        System.arraycopy(v7, v7.length - marksLength, v6, v7.length - marksLength - 12, marksLength);
        v6[0] = InternalFormat.V6;
        assertEquals(onePair, InternalFormat.minutePartial(v6));
        MinutePartial.Marks marks = new MinutePartial.Marks(1, 1, new dev.earshot.model.output.Suspects(new Counts(1, 2, 3, 4, 5),
                java.util.Map.of(dev.earshot.model.SuspectReason.LINKS, 1L)), 1, 0, 1, 0, 0, 2, 3);
        MinutePartial marked = withCopies.marked(marks);
        assertNotEquals(withCopies, marked, "fingerprints are part of a partial until it is marked");
        assertEquals(marked, InternalFormat.minutePartial(InternalFormat.minutePartial(marked)));
        // A partial written before suspects (V5): its marks end with the two amplified counts.
        byte[] v5 = java.util.Arrays.copyOf(current, current.length - SUSPECTS - 24 - 32);
        v5[0] = InternalFormat.V5;
        assertEquals(withTerms, InternalFormat.minutePartial(v5));
        // A partial written before copies (V4): the same fields without the signatures' count and the amplified count.
        byte[] v4 = java.util.Arrays.copyOf(current, current.length - TAIL);
        v4[0] = InternalFormat.V4;
        assertEquals(withTerms, InternalFormat.minutePartial(v4));
        // A partial written before terms (V3): the same fields without the terms and loudest samples at the end.
        MinutePartial p = new MinutePartial(withTerms.totals(), withTerms.byCategory(), withTerms.feedbackSamples(),
                withTerms.sentiment(), withTerms.negativeSamples(), java.util.Map.of(), List.of(), List.of());
        byte[] bytes = java.util.Arrays.copyOf(InternalFormat.minutePartial(p), InternalFormat.minutePartial(p).length - TAIL - 3);
        bytes[0] = InternalFormat.V3;
        assertEquals(p, InternalFormat.minutePartial(bytes));
        // A partial written before sentiment (V2: the same fields without the three counts and the
        // negative samples) reads with them at zero and none.
        // Its tail: three longs, a count byte, and the one id as an int length and its bytes.
        byte[] v2 = java.util.Arrays.copyOf(bytes, bytes.length - 24 - 1 - 4 - "c:3".length());
        assertEquals(InternalFormat.minutePartial(new MinutePartial(p.totals(), p.byCategory(), p.feedbackSamples(),
                SentimentCounts.ZERO)).length - TAIL - 24 - 1 - 3, v2.length, "exactly the V2 layout"); // nor V4's three counts
        v2[0] = InternalFormat.V2;
        MinutePartial before = InternalFormat.minutePartial(v2);
        assertEquals(new MinutePartial(p.totals(), p.byCategory(), p.feedbackSamples(), SentimentCounts.ZERO), before);
        // What an Earshot before partials left in flight on mentions-by-brand is still counted after an upgrade.
        ClassifiedMention old = new ClassifiedMention(full, new Classification("lumora", Category.FEEDBACK,
                EnumSet.of(Category.FEEDBACK), FeedbackKind.COMPLAINT, null, List.of("complaint-words")));
        MinutePartial fromOld = InternalFormat.minutePartial(InternalFormat.classified(old));
        assertEquals(new Counts(1, 10, 2, 1, 12_000), fromOld.totals());
        assertEquals(java.util.Map.of(Category.FEEDBACK, new Counts(1, 10, 2, 1, 12_000)), fromOld.byCategory());
        assertEquals(List.of("bluesky:3kq2"), fromOld.feedbackSamples());
    }

    @Test
    void aWindowComesBackEqualWithItsFiguresPerCategory() {
        BrandWindow w = new BrandWindow("lumora", Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T11:00:00Z"),
                new Counts(3, 40, 5, 6, 1_000_000), java.util.Map.of(Category.PAID, new Counts(1, 30, 1, 1, 999_000),
                Category.FEEDBACK, new Counts(2, 10, 4, 5, 1_000)), new SentimentCounts(2, 0, 1), 2);
        byte[] bytes = InternalFormat.brandWindow(w);
        assertEquals(w, InternalFormat.brandWindow(bytes));
        BrandWindow withSuspects = new BrandWindow(w.brand(), w.windowStart(), w.windowEnd(), w.totals(), w.byCategory(),
                w.sentiment(), 2, new dev.earshot.model.output.Suspects(new Counts(2, 1, 0, 0, 10),
                java.util.Map.of(dev.earshot.model.SuspectReason.FLOOD, 2L, dev.earshot.model.SuspectReason.AUTHOR_RATE, 1L)));
        assertEquals(withSuspects, InternalFormat.brandWindow(InternalFormat.brandWindow(withSuspects)));
        // Figures a store kept before suspects were marked (V5) read with none suspect.
        byte[] v5 = java.util.Arrays.copyOf(bytes, bytes.length - SUSPECTS);
        v5[0] = InternalFormat.V5;
        assertEquals(w, InternalFormat.brandWindow(v5));
        // Figures a store kept before copies were counted (V3) read with none amplified.
        byte[] v3 = java.util.Arrays.copyOf(bytes, bytes.length - SUSPECTS - 8);
        v3[0] = InternalFormat.V3;
        assertEquals(new BrandWindow(w.brand(), w.windowStart(), w.windowEnd(), w.totals(), w.byCategory(), w.sentiment()),
                InternalFormat.brandWindow(v3));
        // Figures a store kept before sentiment (V1) read with the counts at zero.
        byte[] v1 = java.util.Arrays.copyOf(bytes, bytes.length - SUSPECTS - 8 - 24);
        v1[0] = InternalFormat.V1;
        assertEquals(new BrandWindow(w.brand(), w.windowStart(), w.windowEnd(), w.totals(), w.byCategory()),
                InternalFormat.brandWindow(v1));
        BrandWindow empty = BrandWindow.empty("", Instant.EPOCH, Instant.EPOCH);
        assertEquals(empty, InternalFormat.brandWindow(InternalFormat.brandWindow(empty)));
    }

    @Test
    void copyClustersAndAuthorRatesComeBackEqualAndClustersWrittenBeforeFloodsRead() {
        CopyClusters clusters = CopyClusters.empty();
        short[] original = dev.earshot.classifier.CopySignature.of("the same words every time");
        clusters.add(original, 0.6);
        clusters.add(original, 0.6).floods(7, 1);
        clusters.add(original, 0.6).floods(7, 1); // the second copy of minute 7: a flood
        byte[] bytes = InternalFormat.copyClusters(clusters);
        assertEquals(InternalFormat.V2, bytes[0]);
        CopyClusters.Cluster back = InternalFormat.copyClusters(bytes).clusters().get(0);
        assertEquals(3, back.members);
        assertTrue(back.floods(8 + CopyClusters.FLOOD_MINUTES - 1 - 1, 100), "still a flood an hour on");
        assertFalse(InternalFormat.copyClusters(bytes).clusters().get(0).floods(7 + CopyClusters.FLOOD_MINUTES, 100),
                "not after");
        // Before floods were told (V1), a cluster ended with when it started.
        byte[] v1 = java.util.Arrays.copyOf(bytes, bytes.length - 68);
        v1[0] = InternalFormat.V1;
        CopyClusters.Cluster old = InternalFormat.copyClusters(v1).clusters().get(0);
        assertEquals(3, old.members);
        assertFalse(old.floods(7, 1), "no copies per minute were kept: the first of minute 7 again");
        assertTrue(old.floods(7, 1));
        AuthorRates rates = AuthorRates.empty();
        rates.post(AuthorRates.key("@bot"));
        rates.post(AuthorRates.key("@BOT"));
        rates.post(AuthorRates.key("@jane"));
        AuthorRates read = InternalFormat.authorRates(InternalFormat.authorRates(rates));
        assertEquals(2, read.post(AuthorRates.key("@bot")));
        assertEquals(1, read.post(AuthorRates.key("@jane")));
        assertEquals(0, read.post(AuthorRates.key("@new")));
    }

    @Test
    void highlightsComeBackEqual() {
        BrandHighlights h = new BrandHighlights(java.util.Map.of("@jane", new Highlights.AuthorActivity("@jane", 12_000, 3, 40),
                "@bo", new Highlights.AuthorActivity("@bo", 7, 1, 0)), java.util.Map.of("https://lumora.com/a", 4L), 9,
                java.util.Map.of("battery", 5L, "#drain", 2L));
        assertEquals(h, InternalFormat.highlights(InternalFormat.highlights(h)));
        assertEquals(BrandHighlights.empty(), InternalFormat.highlights(InternalFormat.highlights(BrandHighlights.empty())));
        // Highlights a store kept before themes (V1): the same bytes without the count and the terms.
        byte[] bytes = InternalFormat.highlights(h);
        byte[] v1 = java.util.Arrays.copyOf(bytes, bytes.length - 8 - 4 - (4 + 7 + 8) - (4 + 6 + 8));
        v1[0] = InternalFormat.V1;
        assertEquals(new BrandHighlights(h.authors(), h.links(), BrandHighlights.BEFORE_THEMES, java.util.Map.of()),
                InternalFormat.highlights(v1));
    }

    /**
     * A partial held for spike detection's grace comes back with its brand and timestamp, and the
     * store's keys order partials by minute, then offset, before 1970 as after: the byte order the
     * store iterates in is the order detection sees them in.
     */
    @Test
    void aHeldPartialComesBackEqualAndHeldKeysOrderByMinuteThenOffset() {
        MinutePartial partial = new MinutePartial(new Counts(3, 40, 5, 6, 1_000_000),
                java.util.Map.of(Category.FEEDBACK, new Counts(2, 1, 0, 0, 10)), List.of("t:1", "t:2"), SentimentCounts.ZERO);
        var held = new SpikeProcessor.HeldPartial("lumora", 1_763_632_800_123L, -59_877L, partial);
        assertEquals(held, InternalFormat.heldPartial(InternalFormat.heldPartial(held)));
        long[][] order = {{-2, 5}, {-1, 0}, {-1, 7}, {0, -1}, {0, 0}, {0, 1}, {29_393_880, 3}, {29_393_880, 1L << 40},
                {29_393_881, 0}, {Long.MAX_VALUE / 60_000, 0}};
        for (int i = 0; i + 1 < order.length; i++) {
            var a = SpikeProcessor.heldKey(order[i][0], order[i][1]);
            var b = SpikeProcessor.heldKey(order[i + 1][0], order[i + 1][1]);
            assertTrue(a.compareTo(b) < 0, java.util.Arrays.toString(order[i]) + " before " + java.util.Arrays.toString(order[i + 1]));
            assertEquals(order[i][0], SpikeProcessor.minuteOf(a));
        }
    }

    @Test
    void spikeStateComesBackEqualWithOrWithoutItsOptionalTimes() {
        var st = new SpikeDetector.State(Instant.parse("2026-11-20T10:00:00Z"), 12, List.of("a:1", "b:2"), 3.5, 1.25, 7,
                Instant.parse("2026-11-20T09:45:00Z"), Instant.parse("2026-11-20T09:50:00.5Z"), Instant.parse("2026-11-20T10:07:00Z"));
        assertEquals(st, InternalFormat.spikeState(InternalFormat.spikeState(st)));
        var fresh = new SpikeDetector.State(Instant.EPOCH, 0, List.of(), 0, 0, 0, null, null, null);
        assertEquals(fresh, InternalFormat.spikeState(InternalFormat.spikeState(fresh)));
        // A state written before the latest event time was kept: the same bytes without its last field.
        byte[] bytes = InternalFormat.spikeState(st);
        // a present instant (flag, seconds, nanos) and the two empty term maps' sizes
        byte[] older = java.util.Arrays.copyOf(bytes, bytes.length - 24 - 8 - 8 - 1 - 1 - 8 - 13); // nor samples' count, incident, amplified, suspect, pending copies
        assertEquals(new SpikeDetector.State(st.windowStart(), st.count(), st.samples(), st.mean(), st.variance(),
                st.closedWindows(), st.alertedWindow(), st.lastAlert(), null, java.util.Map.of(), SpikeDetector.TERMS_NOT_YET_FOLLOWED,
                List.of(), null), InternalFormat.spikeState(older), "written before terms: marked so");
    }

    @Test
    void spikeStateKeepsItsTermsAndOneWrittenBeforeThemReadsWithNone() {
        java.util.Map<String, Long> terms = new java.util.LinkedHashMap<>();
        terms.put("refund", 9L);
        terms.put("charged", 4L);
        java.util.Map<String, Double> baseline = new java.util.LinkedHashMap<>();
        baseline.put("delivery", 2.5);
        baseline.put("refund", 0.125);
        var st = new SpikeDetector.State(Instant.parse("2026-11-20T10:00:00Z"), 12, List.of("a:1"), 3.5, 1.25, 7,
                null, null, Instant.parse("2026-11-20T10:07:00Z"), terms, baseline,
                List.of(new dev.earshot.model.output.FeedbackSpike.Sample("a:1", "@jane", 120_000, "charged twice", "")),
                new SpikeDetector.Incident(Instant.parse("2026-11-20T09:45:00Z"), 3.5, 11.2), 5, 2,
                new SpikeDetector.Pending(29_374_567L, 3, 1));
        byte[] bytes = InternalFormat.spikeState(st);
        SpikeDetector.State read = InternalFormat.spikeState(bytes);
        assertEquals(st, read);
        assertEquals(List.of("refund", "charged"), List.copyOf(read.terms().keySet()));
        // Before terms, a state ended after its latest event time: two empty maps are two zero ints, and
        // no samples one zero byte; before loudest samples, after the maps.
        var without = new SpikeDetector.State(st.windowStart(), st.count(), st.samples(), st.mean(), st.variance(),
                st.closedWindows(), null, null, st.latest());
        byte[] plain = InternalFormat.spikeState(without);
        // The layouts before terms, before loudest samples, before incidents, before copies and before
        // suspects, before pending copies: each ends one field earlier.
        int pending = 24;
        var beforeTerms = new SpikeDetector.State(without.windowStart(), without.count(), without.samples(), without.mean(),
                without.variance(), without.closedWindows(), null, null, without.latest(), java.util.Map.of(),
                SpikeDetector.TERMS_NOT_YET_FOLLOWED, List.of(), null);
        assertEquals(beforeTerms, InternalFormat.spikeState(java.util.Arrays.copyOf(plain, plain.length - pending - 8 - 8 - 1 - 1 - 8)));
        assertEquals(without, InternalFormat.spikeState(java.util.Arrays.copyOf(plain, plain.length - pending - 8 - 8 - 1 - 1)));
        assertEquals(without, InternalFormat.spikeState(java.util.Arrays.copyOf(plain, plain.length - pending - 8 - 8 - 1)));
        assertEquals(without, InternalFormat.spikeState(java.util.Arrays.copyOf(plain, plain.length - pending - 8 - 8)));
        assertEquals(without, InternalFormat.spikeState(java.util.Arrays.copyOf(plain, plain.length - pending - 8)));
        assertEquals(without, InternalFormat.spikeState(java.util.Arrays.copyOf(plain, plain.length - pending)));
        SpikeDetector.State beforePending = InternalFormat.spikeState(java.util.Arrays.copyOf(bytes, bytes.length - pending));
        assertEquals(2, beforePending.suspect());
        assertEquals(SpikeDetector.Pending.NONE, beforePending.pending());
        SpikeDetector.State beforeSuspects = InternalFormat.spikeState(java.util.Arrays.copyOf(bytes, bytes.length - pending - 8));
        assertEquals(5, beforeSuspects.amplified());
        assertEquals(0, beforeSuspects.suspect());
        assertEquals(0, InternalFormat.spikeState(java.util.Arrays.copyOf(bytes, bytes.length - pending - 16)).amplified());
    }

    @Test
    void theFirstByteIsTheVersionAndAnUnknownOneIsRefusedClearly() {
        SourcePosition source = new SourcePosition("mentions.raw", 0, 7);
        byte[] bytes = InternalFormat.buffered(full, source);
        assertEquals(InternalFormat.V8, bytes[0]);
        bytes[0] = 9;
        byte[] future = bytes;
        var e = assertThrows(IllegalStateException.class, () -> InternalFormat.buffered(future));
        assertTrue(e.getMessage().contains("unknown version 9"), e.getMessage());
        var empty = assertThrows(IllegalStateException.class, () -> InternalFormat.buffered(new byte[0]));
        assertTrue(empty.getMessage().contains("unknown version (empty)"), empty.getMessage());
        assertArrayEquals(InternalFormat.buffered(full, source),
                InternalFormat.buffered(InternalFormat.buffered(InternalFormat.buffered(full, source)).mention(), source),
                "encoding is deterministic");
    }

    /**
     * A count gone wrong is refused before anything is allocated for it: two billion authors, clusters or
     * samples were an OutOfMemoryError, which stops the stream thread with no word of the record.
     */
    @Test
    void aCorruptCountIsRefusedBeforeAnythingIsAllocated() {
        AuthorRates rates = AuthorRates.empty();
        rates.post(AuthorRates.key("@bot"));
        byte[] authors = InternalFormat.authorRates(rates);
        java.nio.ByteBuffer.wrap(authors).putInt(1, Integer.MAX_VALUE);
        assertTrue(assertThrows(IllegalStateException.class, () -> InternalFormat.authorRates(authors)).getMessage()
                .contains("Roll back"));
        CopyClusters clusters = CopyClusters.empty();
        clusters.add(dev.earshot.classifier.CopySignature.of("the same words"), 0.6);
        byte[] copies = InternalFormat.copyClusters(clusters);
        java.nio.ByteBuffer.wrap(copies).putInt(1, Integer.MAX_VALUE);
        assertTrue(assertThrows(IllegalStateException.class, () -> InternalFormat.copyClusters(copies)).getMessage()
                .contains("Roll back"), "the same advice as every other record");
        var st = new SpikeDetector.State(Instant.parse("2026-11-20T10:00:00Z"), 1, List.of("a:1"), 0, 0, 0, null, null, null);
        byte[] state = InternalFormat.spikeState(st);
        java.nio.ByteBuffer.wrap(state).putInt(1 + 13 + 8, Integer.MAX_VALUE); // after version, window start and count
        var e = assertThrows(IllegalStateException.class, () -> InternalFormat.spikeState(state));
        assertTrue(e.getMessage().contains("Roll back"), e.getMessage());
    }

    /** A length gone wrong fails as a record cut short does, with the same advice, not as a bare runtime error. */
    @Test
    void aCorruptLengthIsTheSameClearFailureAsATruncatedRecord() {
        var st = new SpikeDetector.State(Instant.parse("2026-11-20T10:00:00Z"), 1, List.of("a:1"), 0, 0, 0, null, null, null);
        byte[] bytes = InternalFormat.spikeState(st);
        // version (1), window start (1 + 8 + 4), count (8), samples (4), then the first sample's length
        java.nio.ByteBuffer.wrap(bytes).putInt(1 + 13 + 8 + 4, -1);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> InternalFormat.spikeState(bytes));
        assertTrue(e.getMessage().startsWith("internal record cannot be read") && e.getMessage().contains("Roll back"), e.getMessage());
    }
}
