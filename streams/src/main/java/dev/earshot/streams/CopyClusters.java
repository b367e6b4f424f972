package dev.earshot.streams;

import com.carrotsearch.hppc.LongIntHashMap;
import dev.earshot.classifier.CopySignature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One brand's recent clusters of copies: for each, the {@link CopySignature} of the first mention of its
 * wording (the original), when a member was last seen (event time), how many members it has, and its
 * number in the order clusters started. A new mention joins the cluster whose original it resembles
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
 * <p>Bounded: at most {@code capacity} clusters are kept, those seen most recently (in event time), so
 * a copy is recognised as long as its cluster was active among the brand's latest {@code capacity}.
 * The band index is not stored: it is rebuilt from the signatures when the value is read, in a
 * primitive map (a boxed one cost a fifth of the drain benchmark's rate).
 */
final class CopyClusters {
    static final int BANDS = 16;
    static final int ROWS = CopySignature.BUCKETS / BANDS;

    /** One cluster: its original's signature, the latest event time of a member, its members, its number. */
    static final class Cluster {
        final short[] signature;
        long lastSeenMs;
        long members;
        final long started;

        Cluster(short[] signature, long lastSeenMs, long members, long started) {
            this.signature = signature;
            this.lastSeenMs = lastSeenMs;
            this.members = members;
            this.started = started;
        }
    }

    /** In the order they started. */
    private final List<Cluster> clusters;
    private long nextStarted;
    private final LongIntHashMap bands;

    /** Clusters in the order they started, and the number the next one gets. */
    CopyClusters(List<Cluster> clusters, long nextStarted) {
        this.clusters = new ArrayList<>(clusters);
        this.nextStarted = nextStarted;
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

    long nextStarted() {
        return nextStarted;
    }

    /**
     * Adds one mention's signature seen at {@code timeMs}: true when it copies a cluster's original
     * (amplification), false when it starts a cluster.
     */
    boolean add(short[] signature, long timeMs, double similarity) {
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
            joined.lastSeenMs = Math.max(joined.lastSeenMs, timeMs);
            joined.members++;
            return true;
        }
        clusters.add(new Cluster(signature.clone(), timeMs, 1, nextStarted++));
        index(clusters.size() - 1);
        return false;
    }

    /**
     * Keeps the {@code capacity} clusters seen most recently (the earlier started first among equals), in
     * the order they started: what is stored. Only {@link #clusters()} may be read after it.
     */
    void trim(int capacity) {
        if (clusters.size() <= capacity) {
            return;
        }
        List<Cluster> recent = new ArrayList<>(clusters);
        recent.sort(Comparator.comparingLong((Cluster c) -> c.lastSeenMs).reversed().thenComparingLong(c -> c.started));
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
