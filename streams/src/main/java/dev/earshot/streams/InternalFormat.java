package dev.earshot.streams;

import dev.earshot.classifier.CopySignature;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.Suspects;
import dev.earshot.model.SuspectReason;
import dev.earshot.model.output.Highlights;
import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Mention;
import dev.earshot.model.Tier;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The compact binary form of what the streams app keeps for itself: mentions waiting in the
 * classification buffer, minute partials crossing the repartition, and the windows' figures in
 * their stores and on the way to share of voice. Earshot wrote these bytes
 * from values its strict codec had already accepted, so they are read back without validation: a
 * stricter {@code CodecLimits} in a later release never makes a buffered or repartitioned record
 * unreadable. Each value starts with a version byte; a reader knows every version written before it.
 * Enums travel by name, so reordering an enum changes nothing on the wire.
 */
final class InternalFormat {
    static final byte V1 = 1;
    /** Minute partials on mentions-by-brand, which carried a classified pair each (V1) before them. */
    static final byte V2 = 2;
    /** Minute partials and window figures with their sentiment counts (issue 17). */
    static final byte V3 = 3;
    /** Minute partials with their FEEDBACK pairs' theme terms, which explain spikes. */
    static final byte V4 = 4;
    /** Minute partials with their pairs' copy signatures and amplified count; window figures with that count. */
    static final byte V5 = 5;
    /**
     * Minute partials with each pair's fingerprint (author, flags, figures) and the suspects found;
     * window figures with their suspects; copy clusters with their copies per minute.
     */
    static final byte V6 = 6;
    /**
     * Minute partials with each pair as {@code mentions.classified} publishes it, which
     * {@code mark-copies} writes once it knows the pair's cluster and suspects.
     */
    static final byte V7 = 7;
    /**
     * Mentions in the classification buffer with where they were read on {@code mentions.raw}, which a
     * dead letter of the classifier names; the buffer held the mention alone (V1) before.
     */
    static final byte V8 = 8;

    private InternalFormat() {
    }

    /** A mention waiting in the classification buffer, and where it was read (null: not known). */
    record Buffered(Mention mention, SourcePosition source) {
    }

    static byte[] buffered(Mention m, SourcePosition source) {
        return write(out -> {
            out.writeByte(V8);
            out.writeBoolean(source != null);
            if (source != null) {
                writeString(out, source.topic());
                out.writeInt(source.partition());
                out.writeLong(source.offset());
            }
            writeMention(out, m);
        });
    }

    /** A buffered mention; one a release before V8 buffered (V1) reads without its source. */
    static Buffered buffered(byte[] bytes) {
        byte version = bytes.length == 0 ? V8 : bytes[0];
        return read(bytes, version == V1 ? V1 : V8, in -> {
            SourcePosition source = version == V8 && in.readBoolean()
                    ? new SourcePosition(readString(in), in.readInt(), in.readLong()) : null;
            return new Buffered(readMention(in), source);
        });
    }

    /** A classified pair as Earshot wrote it to mentions-by-brand before minute partials; read on upgrade. */
    static byte[] classified(ClassifiedMention c) {
        return write(out -> {
            out.writeByte(V1);
            writeMention(out, c.mention());
            Classification k = c.classification();
            writeString(out, k.brand() == null ? "" : k.brand());
            writeString(out, k.category().name());
            out.writeByte(k.tags().size());
            for (Category t : k.orderedTags()) {
                writeString(out, t.name());
            }
            writeString(out, k.feedbackKind() == null ? "" : k.feedbackKind().name());
            writeString(out, k.tier() == null ? "" : k.tier().name());
            out.writeShort(k.rules().size());
            for (String r : k.rules()) {
                writeString(out, r);
            }
        });
    }

    static ClassifiedMention classified(byte[] bytes) {
        return read(bytes, in -> {
            Mention m = readMention(in);
            String brand = readString(in);
            Category category = Category.valueOf(readString(in));
            int tagCount = in.readUnsignedByte();
            Set<Category> tags = EnumSet.noneOf(Category.class);
            for (int i = 0; i < tagCount; i++) {
                tags.add(Category.valueOf(readString(in)));
            }
            String kind = readString(in);
            String tier = readString(in);
            int ruleCount = in.readUnsignedShort();
            List<String> rules = new ArrayList<>(ruleCount);
            for (int i = 0; i < ruleCount; i++) {
                rules.add(readString(in));
            }
            return new ClassifiedMention(m, new Classification(brand.isEmpty() ? null : brand, category, tags,
                    kind.isEmpty() ? null : FeedbackKind.valueOf(kind), tier.isEmpty() ? null : Tier.valueOf(tier), rules));
        });
    }

    /** A minute's partial figures of one brand on their way to the windows and spike detection. */
    static byte[] minutePartial(MinutePartial p) {
        return write(out -> {
            out.writeByte(V7);
            writeCounts(out, p.totals());
            writeCategoryCounts(out, p.byCategory());
            out.writeByte(p.feedbackSamples().size());
            for (String id : p.feedbackSamples()) {
                writeString(out, id);
            }
            writeSentiment(out, p.sentiment());
            out.writeByte(p.negativeSamples().size());
            for (String id : p.negativeSamples()) {
                writeString(out, id);
            }
            out.writeByte(p.feedbackTerms().size());
            for (Map.Entry<String, Integer> term : p.feedbackTerms().entrySet()) {
                writeString(out, term.getKey());
                out.writeInt(term.getValue());
            }
            writeSamples(out, p.feedbackTop());
            writeSamples(out, p.negativeTop());
            out.writeInt(p.fingerprints().size());
            for (MinutePartial.PairFingerprint pair : p.fingerprints()) {
                out.write(signatureBytes(pair.signature()));
                out.writeLong(pair.author());
                out.writeByte(pair.flags());
                writeEngagement(out, pair.counts());
                out.writeLong(pair.timestamp());
                byte[] published = pair.published();
                out.writeInt(published == null ? -1 : published.length);
                if (published != null) {
                    out.write(published);
                }
            }
            MinutePartial.Marks marks = p.marks();
            out.writeLong(marks.amplified());
            out.writeLong(marks.amplifiedFeedback());
            writeSuspects(out, marks.suspect());
            out.writeLong(marks.suspectFeedback());
            out.writeLong(marks.suspectNegative());
            out.writeLong(marks.amplifiedSuspectFeedback());
            out.writeLong(marks.amplifiedNegative());
            out.writeLong(marks.amplifiedSuspectNegative());
            out.writeLong(marks.earlierFloodFeedback());
            out.writeLong(marks.earlierFloodNegative());
        });
    }

    private static final int SIGNATURE_BYTES = 2 * CopySignature.BUCKETS;

    /** A signature's places, big-endian, as both the partials and the clusters carry them. */
    private static byte[] signatureBytes(short[] signature) {
        byte[] bytes = new byte[SIGNATURE_BYTES];
        for (int i = 0; i < signature.length; i++) {
            bytes[2 * i] = (byte) (signature[i] >> 8);
            bytes[2 * i + 1] = (byte) signature[i];
        }
        return bytes;
    }

    private static short[] signature(byte[] bytes) {
        short[] signature = new short[CopySignature.BUCKETS];
        for (int i = 0; i < signature.length; i++) {
            signature[i] = (short) ((bytes[2 * i] << 8) | (bytes[2 * i + 1] & 0xFF));
        }
        return signature;
    }

    private static void writeSamples(DataOutputStream out, List<FeedbackSpike.Sample> samples) throws IOException {
        out.writeByte(samples.size());
        for (FeedbackSpike.Sample s : samples) {
            writeString(out, s.id());
            writeString(out, s.author());
            out.writeLong(s.followers());
            writeString(out, s.excerpt());
            writeString(out, s.url());
        }
    }

    private static List<FeedbackSpike.Sample> readSamples(DataInputStream in) throws IOException {
        int n = in.readUnsignedByte();
        List<FeedbackSpike.Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(new FeedbackSpike.Sample(readString(in), readString(in), in.readLong(), readString(in), readString(in)));
        }
        return samples;
    }

    /**
     * A minute partial, or the classified pair that an Earshot before partials wrote to the same
     * repartition topic (the pair's figures alone), so what an upgrade finds in flight is counted.
     */
    static MinutePartial minutePartial(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == V1) {
            return MinutePartial.of(classified(bytes));
        }
        // V2, before sentiment: the same fields without the counts at the end; V3, before terms, without
        // those; V4, before copies, without signatures (its pairs count as originals); V5, before
        // suspects, with signatures and FEEDBACK flags only (its pairs judged on their wording alone); V6,
        // before pairs were published after the repartition, without them (they were published before it).
        byte version = bytes.length == 0 ? V7 : bytes[0];
        boolean withSentiment = version != V2;
        return read(bytes, version >= V2 && version <= V6 ? version : V7, in -> {
            Counts totals = readCounts(in);
            java.util.Map<Category, Counts> byCategory = readCategoryCounts(in);
            int n = in.readUnsignedByte();
            List<String> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                samples.add(readString(in));
            }
            if (!withSentiment) {
                return new MinutePartial(totals, byCategory, samples, SentimentCounts.ZERO, List.of(), Map.of(), List.of(), List.of());
            }
            SentimentCounts sentiment = readSentiment(in);
            int negatives = in.readUnsignedByte();
            List<String> negativeSamples = new ArrayList<>(negatives);
            for (int i = 0; i < negatives; i++) {
                negativeSamples.add(readString(in));
            }
            Map<String, Integer> terms = new LinkedHashMap<>();
            if (version == V3) {
                return new MinutePartial(totals, byCategory, samples, sentiment, negativeSamples, terms, List.of(), List.of());
            }
            for (int i = in.readUnsignedByte(); i > 0; i--) {
                terms.put(readString(in), in.readInt());
            }
            List<FeedbackSpike.Sample> feedbackTop = readSamples(in);
            List<FeedbackSpike.Sample> negativeTop = readSamples(in);
            if (version == V4) {
                return new MinutePartial(totals, byCategory, samples, sentiment, negativeSamples, terms, feedbackTop, negativeTop);
            }
            int pairs = readCount(in, SIGNATURE_BYTES);
            List<MinutePartial.PairFingerprint> fingerprints = new ArrayList<>(pairs);
            byte[] signature = new byte[SIGNATURE_BYTES];
            for (int i = 0; i < pairs; i++) {
                in.readFully(signature);
                if (version == V5) {
                    int flags = in.readBoolean() ? MinutePartial.PairFingerprint.FEEDBACK : 0;
                    fingerprints.add(new MinutePartial.PairFingerprint(signature(signature), 0, flags, new Counts(1, 0, 0, 0, 0)));
                } else {
                    short[] read = signature(signature);
                    long author = in.readLong();
                    int flags = in.readUnsignedByte();
                    Counts counts = readEngagement(in);
                    long timestamp = 0;
                    byte[] published = null; // V6: nothing to publish
                    if (version == V7) {
                        timestamp = in.readLong();
                        int length = in.readInt();
                        if (length >= 0) {
                            published = readBytes(in, length);
                        }
                    }
                    fingerprints.add(new MinutePartial.PairFingerprint(read, author, flags, counts, timestamp, published));
                }
            }
            MinutePartial.Marks marks = version == V5
                    ? new MinutePartial.Marks(in.readLong(), in.readLong(), Suspects.NONE, 0, 0, 0, 0, 0, 0, 0)
                    : new MinutePartial.Marks(in.readLong(), in.readLong(), readSuspects(in), in.readLong(), in.readLong(),
                            in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
            return new MinutePartial(totals, byCategory, samples, sentiment, negativeSamples, terms, feedbackTop, negativeTop,
                    fingerprints, marks);
        });
    }

    /**
     * A brand's recent copy clusters as {@code copy-clusters} keeps them: how many of the brand's
     * mentions were seen, then per cluster in the order they started its original's signature, when it
     * was last joined, its members and when it started; the event-time minute it last counted copies
     * in, how many, and the minute its flood lasts until; the current minute's copies not yet known
     * as a flood's (how many of them FEEDBACK and NEGATIVE, and their figures); the previous minute's
     * FEEDBACK and NEGATIVE copies. Fixed width, so the most clusters a changelog record holds is
     * known at start ({@link CopySettings#MAX_CLUSTERS}). Read and rewritten per minute partial, so
     * written through a buffer rather than a stream.
     */
    static byte[] copyClusters(CopyClusters clusters) {
        List<CopyClusters.Cluster> all = clusters.clusters();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1 + 4 + 8 + all.size() * CLUSTER_BYTES);
        out.put(V2).putInt(all.size()).putLong(clusters.mentions());
        for (CopyClusters.Cluster c : all) {
            out.put(signatureBytes(c.signature)).putLong(c.lastJoined).putLong(c.members).putLong(c.started)
                    .putInt(c.minute).putInt(c.inMinute).putInt(c.floodUntil)
                    .putInt(c.leak.feedback()).putInt(c.leak.negative()).putLong(c.leak.counts().mentions())
                    .putLong(c.leak.counts().likes()).putLong(c.leak.counts().shares()).putLong(c.leak.counts().comments())
                    .putLong(c.leak.counts().reach()).putInt(c.feedbackBefore).putInt(c.negativeBefore);
        }
        return out.array();
    }

    /** The bytes of one cluster in {@code copy-clusters}. */
    static final int CLUSTER_BYTES = 2 * CopySignature.BUCKETS + 24 + 12 + 8 + 40 + 8;

    /** A brand's clusters; V1, before floods were told, without copies per minute. */
    static CopyClusters copyClusters(byte[] bytes) {
        boolean perMinute = bytes.length == 0 || bytes[0] != V1;
        checkVersion(bytes, perMinute ? V2 : V1);
        try {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int n = in.getInt();
            long mentions = in.getLong();
            checkCount(n, in.remaining(), SIGNATURE_BYTES + 24);
            List<CopyClusters.Cluster> clusters = new ArrayList<>(n);
            byte[] signature = new byte[SIGNATURE_BYTES];
            for (int i = 0; i < n; i++) {
                in.get(signature);
                long lastJoined = in.getLong();
                long members = in.getLong();
                long started = in.getLong();
                if (!perMinute) {
                    clusters.add(new CopyClusters.Cluster(signature(signature), lastJoined, members, started, Integer.MIN_VALUE,
                            0, Integer.MIN_VALUE, CopyClusters.Leak.NONE, 0, 0));
                    continue;
                }
                int minute = in.getInt();
                int inMinute = in.getInt();
                int floodUntil = in.getInt();
                int feedback = in.getInt();
                int negative = in.getInt();
                Counts leaked = new Counts(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong());
                clusters.add(new CopyClusters.Cluster(signature(signature), lastJoined, members, started, minute, inMinute,
                        floodUntil, new CopyClusters.Leak(leaked, feedback, negative), in.getInt(), in.getInt()));
            }
            return new CopyClusters(clusters, mentions);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw unreadable(e);
        }
    }

    static Serde<CopyClusters> copyClustersSerde() {
        return serde(InternalFormat::copyClusters, InternalFormat::copyClusters);
    }

    static Serde<MinutePartial> minutePartialSerde() {
        return serde(InternalFormat::minutePartial, InternalFormat::minutePartial);
    }

    /** A window's figures as its store keeps them: read and rewritten on every update, so compact. */
    static byte[] brandWindow(BrandWindow w) {
        return write(out -> {
            out.writeByte(V6);
            writeString(out, w.brand());
            out.writeLong(w.windowStart().toEpochMilli());
            out.writeLong(w.windowEnd().toEpochMilli());
            writeCounts(out, w.totals());
            writeCategoryCounts(out, w.byCategory());
            writeSentiment(out, w.sentiment());
            out.writeLong(w.amplified());
            writeSuspects(out, w.suspect());
        });
    }

    /**
     * Window figures; V1, written before sentiment, reads with its counts at zero; V3, before copies,
     * with none amplified; V5, before suspects, with none suspect.
     */
    static BrandWindow brandWindow(byte[] bytes) {
        byte version = bytes.length == 0 ? V6 : bytes[0];
        boolean withSentiment = version != V1;
        return read(bytes, version == V1 || version == V3 || version == V5 ? version : V6, in -> {
            String brand = readString(in);
            Instant start = Instant.ofEpochMilli(in.readLong());
            Instant end = Instant.ofEpochMilli(in.readLong());
            Counts totals = readCounts(in);
            java.util.Map<Category, Counts> byCategory = readCategoryCounts(in);
            SentimentCounts sentiment = withSentiment ? readSentiment(in) : SentimentCounts.ZERO;
            long amplified = version == V5 || version == V6 ? in.readLong() : 0;
            return new BrandWindow(brand, start, end, totals, byCategory, sentiment, amplified,
                    version == V6 ? readSuspects(in) : Suspects.NONE);
        });
    }

    private static void writeSentiment(DataOutputStream out, SentimentCounts c) throws IOException {
        out.writeLong(c.positive());
        out.writeLong(c.neutral());
        out.writeLong(c.negative());
    }

    private static SentimentCounts readSentiment(DataInputStream in) throws IOException {
        return new SentimentCounts(in.readLong(), in.readLong(), in.readLong());
    }

    static Serde<BrandWindow> brandWindowSerde() {
        return serde(InternalFormat::brandWindow, InternalFormat::brandWindow);
    }

    /**
     * A window's highlights as their store keeps them: up to 50 authors and 50 links, rewritten per
     * update; since V2 with the window's mention count and its terms (themes).
     */
    static byte[] highlights(BrandHighlights h) {
        return write(out -> {
            out.writeByte(V2);
            out.writeInt(h.authors().size());
            // In key order, as the tallies: the maps' own order changes from one JVM to the next, and the
            // same highlights are then the same bytes (InternalLayoutTest pins them).
            for (Highlights.AuthorActivity a : new java.util.TreeMap<>(h.authors()).values()) {
                writeString(out, a.handle());
                out.writeLong(a.followers());
                out.writeLong(a.mentions());
                out.writeLong(a.engagement());
            }
            writeTally(out, h.links());
            out.writeLong(h.mentions());
            writeTally(out, h.terms());
        });
    }

    static BrandHighlights highlights(byte[] bytes) {
        byte version = bytes.length == 0 ? V2 : bytes[0];
        return read(bytes, version == V1 ? V1 : V2, in -> {
            int authorCount = in.readInt();
            java.util.Map<String, Highlights.AuthorActivity> authors = new java.util.HashMap<>();
            for (int i = 0; i < authorCount; i++) {
                var a = new Highlights.AuthorActivity(readString(in), in.readLong(), in.readLong(), in.readLong());
                authors.put(a.handle(), a);
            }
            java.util.Map<String, Long> links = readTally(in);
            if (version == V1) {
                return new BrandHighlights(authors, links, BrandHighlights.BEFORE_THEMES, java.util.Map.of());
            }
            long mentions = in.readLong();
            return new BrandHighlights(authors, links, mentions, readTally(in));
        });
    }

    /** Counts by key, in key order. */
    private static void writeTally(DataOutputStream out, java.util.Map<String, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (var e : new java.util.TreeMap<>(counts).entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static java.util.Map<String, Long> readTally(DataInputStream in) throws IOException {
        int count = in.readInt();
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            counts.put(readString(in), in.readLong());
        }
        return counts;
    }

    static Serde<BrandHighlights> highlightsSerde() {
        return serde(InternalFormat::highlights, InternalFormat::highlights);
    }

    /** A brand's spike-detection state: read and rewritten for every FEEDBACK mention of the brand. */
    static byte[] spikeState(SpikeDetector.State st) {
        return write(out -> {
            out.writeByte(V1);
            writeInstant(out, st.windowStart());
            out.writeLong(st.count());
            out.writeInt(st.samples().size());
            for (String id : st.samples()) {
                writeString(out, id);
            }
            out.writeDouble(st.mean());
            out.writeDouble(st.variance());
            out.writeInt(st.closedWindows());
            writeInstant(out, st.alertedWindow());
            writeInstant(out, st.lastAlert());
            writeInstant(out, st.latest());
            out.writeInt(st.terms().size());
            for (Map.Entry<String, Long> term : st.terms().entrySet()) {
                writeString(out, term.getKey());
                out.writeLong(term.getValue());
            }
            out.writeInt(st.termBaseline().size());
            for (Map.Entry<String, Double> term : st.termBaseline().entrySet()) {
                writeString(out, term.getKey());
                out.writeDouble(term.getValue());
            }
            writeSamples(out, st.topSamples());
            writeInstant(out, st.incident() == null ? null : st.incident().start());
            if (st.incident() != null) {
                out.writeDouble(st.incident().baseline());
                out.writeDouble(st.incident().threshold());
            }
            out.writeLong(st.amplified());
            out.writeLong(st.suspect());
            out.writeLong(st.pending().minute());
            out.writeLong(st.pending().copies());
            out.writeLong(st.pending().before());
        });
    }

    static SpikeDetector.State spikeState(byte[] bytes) {
        return read(bytes, in -> {
            Instant windowStart = readInstant(in);
            long count = in.readLong();
            int n = readCount(in, 4);
            List<String> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                samples.add(readString(in));
            }
            double mean = in.readDouble();
            double variance = in.readDouble();
            int closed = in.readInt();
            Instant alerted = readInstant(in);
            Instant lastAlert = readInstant(in);
            // States written before the latest event time was kept end here.
            Instant latest = in.available() > 0 ? readInstant(in) : null;
            // And those written before terms were followed, here.
            Map<String, Long> terms = new LinkedHashMap<>();
            Map<String, Double> termBaseline = new LinkedHashMap<>();
            if (in.available() > 0) {
                for (int i = in.readInt(); i > 0; i--) {
                    terms.put(readString(in), in.readLong());
                }
                for (int i = in.readInt(); i > 0; i--) {
                    termBaseline.put(readString(in), in.readDouble());
                }
            } else {
                termBaseline.putAll(SpikeDetector.TERMS_NOT_YET_FOLLOWED);
            }
            List<FeedbackSpike.Sample> top = in.available() > 0 ? readSamples(in) : List.of();
            Instant incidentStart = in.available() > 0 ? readInstant(in) : null; // before incidents: none open
            SpikeDetector.Incident incident = incidentStart == null ? null
                    : new SpikeDetector.Incident(incidentStart, in.readDouble(), in.readDouble());
            long amplified = in.available() > 0 ? in.readLong() : 0; // before copies were counted: none
            long suspect = in.available() > 0 ? in.readLong() : 0; // before suspects were marked: none
            if (in.available() == 0) { // before floods were taken back: no copies pending
                return new SpikeDetector.State(windowStart, count, samples, mean, variance, closed, alerted, lastAlert, latest,
                        terms, termBaseline, top, incident, amplified, suspect);
            }
            return new SpikeDetector.State(windowStart, count, samples, mean, variance, closed, alerted, lastAlert, latest,
                    terms, termBaseline, top, incident, amplified, suspect,
                    new SpikeDetector.Pending(in.readLong(), in.readLong(), in.readLong()));
        });
    }

    static Serde<SpikeDetector.State> spikeStateSerde() {
        return serde(InternalFormat::spikeState, InternalFormat::spikeState);
    }

    /** A minute partial held for spike detection's grace, with the brand, timestamp and lateness it arrived with. */
    static byte[] heldPartial(SpikeProcessor.HeldPartial held) {
        byte[] partial = minutePartial(held.partial());
        return write(out -> {
            out.writeByte(V1);
            writeString(out, held.brand());
            out.writeLong(held.timestamp());
            out.writeLong(held.pastMinuteEnd());
            out.writeInt(partial.length);
            out.write(partial);
        });
    }

    static SpikeProcessor.HeldPartial heldPartial(byte[] bytes) {
        return read(bytes, in -> {
            String brand = readString(in);
            long timestamp = in.readLong();
            long pastMinuteEnd = in.readLong();
            byte[] partial = readBytes(in, readCount(in, 1));
            return new SpikeProcessor.HeldPartial(brand, timestamp, pastMinuteEnd, minutePartial(partial));
        });
    }

    static Serde<SpikeProcessor.HeldPartial> heldPartialSerde() {
        return serde(InternalFormat::heldPartial, InternalFormat::heldPartial);
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeCounts(DataOutputStream out, Counts c) throws IOException {
        out.writeLong(c.mentions());
        out.writeLong(c.likes());
        out.writeLong(c.shares());
        out.writeLong(c.comments());
        out.writeLong(c.reach());
    }

    private static Counts readCounts(DataInputStream in) throws IOException {
        return new Counts(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    /**
     * A pair's figures without its mention count, which is one, as variable-length numbers: every pair
     * of a partial carries them across the repartition, and most are small (8 bytes for a pair where
     * fixed longs took 32).
     */
    private static void writeEngagement(DataOutputStream out, Counts c) throws IOException {
        writeVarLong(out, c.likes());
        writeVarLong(out, c.shares());
        writeVarLong(out, c.comments());
        writeVarLong(out, c.reach());
    }

    private static Counts readEngagement(DataInputStream in) throws IOException {
        return new Counts(1, readVarLong(in), readVarLong(in), readVarLong(in), readVarLong(in));
    }

    /** A count of zero or more in seven bits a byte, the last without its high bit. */
    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("a variable-length number longer than 64 bits");
    }

    private static void writeSuspects(DataOutputStream out, Suspects suspects) throws IOException {
        writeCounts(out, suspects.totals());
        out.writeByte(suspects.byReason().size());
        for (Map.Entry<SuspectReason, Long> e : suspects.byReason().entrySet()) {
            writeString(out, e.getKey().name());
            out.writeLong(e.getValue());
        }
    }

    private static Suspects readSuspects(DataInputStream in) throws IOException {
        Counts totals = readCounts(in);
        Map<SuspectReason, Long> byReason = new java.util.EnumMap<>(SuspectReason.class);
        for (int i = in.readUnsignedByte(); i > 0; i--) {
            byReason.put(SuspectReason.valueOf(readString(in)), in.readLong());
        }
        return new Suspects(totals, byReason);
    }

    /**
     * One brand's posts per author in one hour, as {@code author-rates} keeps them: how many authors,
     * then each one's key, count and possible error.
     */
    static byte[] authorRates(AuthorRates rates) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1 + 4 + rates.size() * 16);
        out.put(V1).putInt(rates.size());
        for (int i = 0; i < rates.size(); i++) {
            out.putLong(rates.author(i)).putInt(rates.count(i)).putInt(rates.error(i));
        }
        return out.array();
    }

    static AuthorRates authorRates(byte[] bytes) {
        checkVersion(bytes, V1);
        try {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int n = in.getInt();
            checkCount(n, in.remaining(), 16);
            long[] authors = new long[n];
            int[] counts = new int[n];
            int[] errors = new int[n];
            for (int i = 0; i < n; i++) {
                authors[i] = in.getLong();
                counts[i] = in.getInt();
                errors[i] = in.getInt();
            }
            return new AuthorRates(authors, counts, errors, n);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw unreadable(e);
        }
    }

    static Serde<AuthorRates> authorRatesSerde() {
        return serde(InternalFormat::authorRates, InternalFormat::authorRates);
    }

    private static void writeCategoryCounts(DataOutputStream out, java.util.Map<Category, Counts> byCategory) throws IOException {
        out.writeByte(byCategory.size());
        for (var e : byCategory.entrySet()) {
            writeString(out, e.getKey().name());
            writeCounts(out, e.getValue());
        }
    }

    private static java.util.Map<Category, Counts> readCategoryCounts(DataInputStream in) throws IOException {
        int n = in.readUnsignedByte();
        java.util.Map<Category, Counts> byCategory = new java.util.EnumMap<>(Category.class);
        for (int i = 0; i < n; i++) {
            byCategory.put(Category.valueOf(readString(in)), readCounts(in));
        }
        return byCategory;
    }

    private static <T> Serde<T> serde(java.util.function.Function<T, byte[]> encode, java.util.function.Function<byte[], T> decode) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode.apply(value),
                (topic, bytes) -> bytes == null ? null : decode.apply(bytes));
    }

    private static void writeMention(DataOutputStream out, Mention m) throws IOException {
        writeString(out, m.id());
        writeString(out, m.platform());
        out.writeLong(m.createdAt().getEpochSecond());
        out.writeInt(m.createdAt().getNano());
        writeString(out, m.author().handle());
        out.writeLong(m.author().followers());
        out.writeBoolean(m.author().verified());
        writeString(out, m.text());
        writeString(out, m.url());
        out.writeInt(m.links().size());
        for (String link : m.links()) {
            writeString(out, link);
        }
        writeString(out, m.lang());
        out.writeLong(m.engagement().likes());
        out.writeLong(m.engagement().shares());
        out.writeLong(m.engagement().comments());
        out.writeLong(m.engagement().views());
        out.writeBoolean(m.promoted());
    }

    private static Mention readMention(DataInputStream in) throws IOException {
        String id = readString(in);
        String platform = readString(in);
        Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        Mention.Author author = new Mention.Author(readString(in), in.readLong(), in.readBoolean());
        String text = readString(in);
        String url = readString(in);
        int linkCount = readCount(in, 4);
        List<String> links = new ArrayList<>(linkCount);
        for (int i = 0; i < linkCount; i++) {
            links.add(readString(in));
        }
        String lang = readString(in);
        Mention.Engagement engagement = new Mention.Engagement(in.readLong(), in.readLong(), in.readLong(), in.readLong());
        return new Mention(id, platform, createdAt, author, text, url, links, lang, engagement, in.readBoolean());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /**
     * A count of items of at least {@code bytesEach} bytes, checked against what remains before anything
     * is allocated for them: a corrupt count of two billion would be an OutOfMemoryError, which no
     * reader turns into the clear failure a record cut short gets.
     */
    private static int readCount(DataInputStream in, int bytesEach) throws IOException {
        int n = in.readInt();
        checkCount(n, in.available(), bytesEach);
        return n;
    }

    private static void checkCount(int n, int remaining, int bytesEach) {
        if (n < 0 || n > remaining / bytesEach) {
            throw new IllegalArgumentException(n + " items of at least " + bytesEach + " bytes where " + remaining + " remain");
        }
    }

    /** {@code length} bytes, checked against what remains before allocating, as {@link #readCount} is. */
    private static byte[] readBytes(DataInputStream in, int length) throws IOException {
        checkCount(length, in.available(), 1);
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in, in.readInt()), StandardCharsets.UTF_8);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        Bytes bytes = new Bytes();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The bytes written, unsynchronised. {@link java.io.ByteArrayOutputStream} takes a lock on every
     * call and {@link DataOutputStream} writes an int as four calls: with them, writing and reading
     * a record of 80 numbers and a string took twice as long (1,590 against 700 ns, a million times
     * over on a 2-core machine with JDK 17, where biased locking is off and every lock is taken).
     */
    private static final class Bytes extends OutputStream {
        private byte[] buffer = new byte[256];
        private int count;

        @Override
        public void write(int b) {
            if (count == buffer.length) {
                buffer = Arrays.copyOf(buffer, 2 * count);
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len > buffer.length - count) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, Math.addExact(count, len)));
            }
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, count);
        }
    }

    /** A record's bytes after its version byte, read unsynchronised (see {@link Bytes}). */
    private static final class Unread extends InputStream {
        private final byte[] bytes;
        private int at;

        Unread(byte[] bytes, int from) {
            this.bytes = bytes;
            this.at = from;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            Objects.checkFromIndexSize(off, len, into.length);
            if (len == 0) {
                return 0;
            }
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(len, bytes.length - at);
            System.arraycopy(bytes, at, into, off, n);
            at += n;
            return n;
        }

        /** Exact, as the readers of older records ask it whether a later field was written. */
        @Override
        public int available() {
            return bytes.length - at;
        }

        @Override
        public long skip(long n) {
            int skipped = (int) Math.max(0, Math.min(n, bytes.length - at));
            at += skipped;
            return skipped;
        }
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        return read(bytes, V1, reader);
    }

    private static void checkVersion(byte[] bytes, byte version) {
        if (bytes.length == 0 || bytes[0] != version) {
            throw new IllegalStateException("internal record of unknown version " + (bytes.length == 0 ? "(empty)" : bytes[0])
                    + ": written by a newer Earshot? Roll back to it or reset the application's internal topics");
        }
    }

    private static <T> T read(byte[] bytes, byte version, Reader<T> reader) {
        checkVersion(bytes, version);
        try (DataInputStream in = new DataInputStream(new Unread(bytes, 1))) {
            return reader.read(in);
        } catch (IOException | RuntimeException e) {
            // A name this release does not know (a category a newer one added) or a length gone wrong
            // is the same failure as a record cut short, and gets the same words.
            throw unreadable(e);
        }
    }

    private static IllegalStateException unreadable(Exception e) {
        return new IllegalStateException("internal record cannot be read (" + e + "): written by another Earshot?"
                + " Roll back to it or reset the application's internal topics", e);
    }
}
