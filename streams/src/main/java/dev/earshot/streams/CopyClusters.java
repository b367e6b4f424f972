package dev.earshot.streams;

import com.carrotsearch.hppc.LongIntHashMap;
import dev.earshot.classifier.CopySignature;
import dev.earshot.model.output.Counts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One brand's recent clusters of copies: for each, the {@link CopySignature} of the first mention of its
 * wording (the original), how many members it has, and when it started and was last joined, counted in
 * the brand's mentions as this stage saw them. A new mention joins the cluster whose original it resembles
 * most (the earliest started among equals), if at least {@code similarity} of their signatures agree,
 * and is then amplification; otherwise it starts a cluster of its own.
 *
 * <p>Candidates are found by locality-sensitive hashing: a signature is cut into {@link #BANDS} bands
 * of {@link #ROWS} places, and a mention is compared with the clusters whose original has one of its
 * bands. Two posts whose shingles agree by 60% share a band with a chance of 0.9992, by 80% of one in
 * ten million short of certain. The index keeps, per band value, the earliest cluster that has it: a
 * later one with the same band value is still found through its other bands, as similar signatures
 * share several.
 *
 * <p>Bounded: at most {@code capacity} clusters are kept, those joined or started most recently, so a
 * copy is recognised as long as its cluster was active among the brand's latest {@code capacity}.
 * Recency is counted in mentions as they are processed, not in event time: a backfill of old mentions
 * would otherwise see the clusters it starts dropped at once, behind the brand's newer ones.
 * The band index is not stored: it is rebuilt from the signatures when the value is read, in a
 * primitive map (a boxed one cost a fifth of the drain benchmark's rate).
 */
final class CopyClusters {
    static final int BANDS = 16;
    static final int ROWS = CopySignature.BUCKETS / BANDS;

    /** Minutes of event time a wording stays a flood after a minute with too many copies. */
    static final int FLOOD_MINUTES = 60;

    /**
     * One cluster: its original's signature, the brand's mention count when it was last joined, its
     * members, the brand's mention count when it started, its copies in the latest minute of event time
     * it was copied in, the minute until which it is a flood (exclusive), its {@link #leak} and the
     * FEEDBACK and NEGATIVE copies of the minute before that were no one's suspects.
     */
    static final class Cluster {
        final short[] signature;
        long lastJoined;
        long members;
        final long started;
        int minute;
        int inMinute;
        int floodUntil;
        /**
         * Its copies of the latest minute counted as no one's suspects, FEEDBACK and NEGATIVE among them,
         * with their figures: what becomes suspect at once should the minute turn out a flood.
         */
        Leak leak;
        int feedbackBefore;
        int negativeBefore;

        Cluster(short[] signature, long lastJoined, long members, long started, int minute, int inMinute, int floodUntil,
                Leak leak, int feedbackBefore, int negativeBefore) {
            this.signature = signature;
            this.lastJoined = lastJoined;
            this.members = members;
            this.started = started;
            this.minute = minute;
            this.inMinute = inMinute;
            this.floodUntil = floodUntil;
            this.leak = leak;
            this.feedbackBefore = feedbackBefore;
            this.negativeBefore = negativeBefore;
        }

        /**
         * Counts one copy in the given minute of event time (minutes since the epoch) and answers whether
         * it is part of a flood: its wording had more than {@code perMinute} copies in one minute, this one
         * or one less than {@link #FLOOD_MINUTES} before. The copy that crosses the limit and those after
         * it are, and so are later copies for an hour; the copies of that minute before it, counted before
         * it was known, are in its {@link #leak}, which the caller takes when the copy is of the latest
         * minute ({@link #isLatest}). A copy of a minute older than the latest is judged, not counted:
         * partials arrive in event-time order up to the skew between input partitions.
         */
        boolean floods(int eventMinute, int perMinute) {
            if (eventMinute > minute) {
                feedbackBefore = eventMinute == minute + 1 ? leak.feedback() : 0;
                negativeBefore = eventMinute == minute + 1 ? leak.negative() : 0;
                minute = eventMinute;
                inMinute = 0;
                leak = Leak.NONE;
            }
            if (eventMinute == minute && ++inMinute > perMinute) {
                floodUntil = eventMinute + FLOOD_MINUTES;
            }
            return eventMinute < floodUntil && eventMinute >= floodUntil - 2 * FLOOD_MINUTES;
        }

        /** Whether a copy of this minute is of the latest minute the cluster was copied in. */
        boolean isLatest(int eventMinute) {
            return eventMinute == minute;
        }

        /** Adds a copy of the latest minute that was not suspect to the leak. */
        void leaked(int eventMinute, MinutePartial.PairFingerprint pair) {
            if (eventMinute == minute) {
                leak = leak.plus(pair);
            }
        }

        /** The leak, now suspect, and none left. */
        Leak takeLeak() {
            Leak taken = leak;
            leak = Leak.NONE;
            return taken;
        }

        /**
         * The FEEDBACK and NEGATIVE copies of the minute before the latest that were no one's suspects,
         * and none left: a flood that began late in a minute crosses the limit in the next, and spike
         * detection takes these out too. The windows keep them as they are (they lie in another minute).
         */
        int[] takeBefore() {
            int[] taken = {feedbackBefore, negativeBefore};
            feedbackBefore = 0;
            negativeBefore = 0;
            return taken;
        }
    }

    /** Copies counted as no one's suspects before their minute turned out a flood. */
    record Leak(Counts counts, int feedback, int negative) {
        static final Leak NONE = new Leak(Counts.ZERO, 0, 0);

        Leak plus(MinutePartial.PairFingerprint pair) {
            return new Leak(counts.plus(pair.counts()), feedback + (pair.has(MinutePartial.PairFingerprint.FEEDBACK) ? 1 : 0),
                    negative + (pair.has(MinutePartial.PairFingerprint.NEGATIVE) ? 1 : 0));
        }
    }

    /** In the order they started. */
    private final List<Cluster> clusters;
    /** The brand's mentions this stage has seen: the clock of recency. */
    private long mentions;
    private final LongIntHashMap bands;

    /** Clusters in the order they started, and how many of the brand's mentions were seen. */
    CopyClusters(List<Cluster> clusters, long mentions) {
        this.clusters = new ArrayList<>(clusters);
        this.mentions = mentions;
        this.bands = new LongIntHashMap(clusters.size() * BANDS + BANDS);
        for (int i = 0; i < this.clusters.size(); i++) {
            index(i);
        }
    }

    static CopyClusters empty() {
        return new CopyClusters(List.of(), 0);
    }

    List<Cluster> clusters() {
        return clusters;
    }

    long mentions() {
        return mentions;
    }

    /**
     * The {@code clusterId} that {@code mentions.classified} gives the members of the cluster whose
     * original has this signature: {@code c} and 16 hex digits of a 64-bit hash of it. It is derived
     * from the wording, not from which mention came first, so word-for-word copies get the same id
     * whatever order a replay meets them in, and a wording whose cluster was let go gets its old id
     * back when it is the first of its cluster to return (a near copy returning first starts the
     * cluster under its own).
     */
    static String id(short[] signature) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the places, then a final mix
        for (short place : signature) {
            h = (h ^ (place & 0xFFFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        String hex = Long.toHexString(h);
        return "c" + "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * Adds one mention's signature: the cluster whose original it copies (amplification), or null when
     * it starts a cluster.
     */
    Cluster add(short[] signature, double similarity) {
        long now = mentions++;
        int best = -1;
        double bestSimilarity = similarity;
        for (int band = 0; band < BANDS; band++) {
            int candidate = bands.getOrDefault(bandKey(signature, band), -1);
            if (candidate < 0 || candidate == best) {
                continue;
            }
            double s = CopySignature.similarity(signature, clusters.get(candidate).signature);
            if (s > bestSimilarity || (s == bestSimilarity && (best < 0 || candidate < best))) {
                best = candidate;
                bestSimilarity = s;
            }
        }
        if (best >= 0) {
            Cluster joined = clusters.get(best);
            joined.lastJoined = now;
            joined.members++;
            return joined;
        }
        clusters.add(new Cluster(signature.clone(), now, 1, now, Integer.MIN_VALUE, 0, Integer.MIN_VALUE, Leak.NONE, 0, 0));
        index(clusters.size() - 1);
        return null;
    }

    /**
     * Keeps the {@code capacity} clusters joined or started most recently, in the order they started:
     * what is stored. Only {@link #clusters()} may be read after it.
     */
    void trim(int capacity) {
        if (clusters.size() <= capacity) {
            return;
        }
        List<Cluster> recent = new ArrayList<>(clusters);
        recent.sort(Comparator.comparingLong((Cluster c) -> c.lastJoined).reversed());
        List<Cluster> kept = new ArrayList<>(recent.subList(0, capacity));
        kept.sort(Comparator.comparingLong(c -> c.started));
        clusters.clear();
        clusters.addAll(kept);
        bands.clear();
    }

    private void index(int cluster) {
        short[] signature = clusters.get(cluster).signature;
        for (int band = 0; band < BANDS; band++) {
            bands.putIfAbsent(bandKey(signature, band), cluster);
        }
    }

    private static long bandKey(short[] signature, int band) {
        long key = band;
        for (int row = 0; row < ROWS; row++) {
            key = (key << 16) | (signature[band * ROWS + row] & 0xFFFF);
        }
        return key;
    }
}
