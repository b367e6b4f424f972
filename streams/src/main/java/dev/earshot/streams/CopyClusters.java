package dev.earshot.streams;

import dev.earshot.classifier.CopySignature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One brand's recent clusters of copies: for each, the {@link CopySignature} of the first mention of its
 * wording (the original), when a member was last seen (event time) and how many members it has. A new
 * mention joins the cluster whose original it resembles most, if at least {@code similarity} of their
 * signatures agree, and is then amplification; otherwise it starts a cluster of its own.
 *
 * <p>Candidates are found by locality-sensitive hashing: a signature is cut into {@link #BANDS} bands
 * of {@link #ROWS} places, and two signatures are compared only when some band is the same in both.
 * Two posts whose shingles agree by 60% share a band with a chance of 0.9992, by 80% of one in ten
 * million short of certain; unrelated posts of one brand rarely share one, and a shared band is only
 * a candidate, checked against the whole signature.
 *
 * <p>Bounded: at most {@code capacity} clusters are kept, those seen most recently (in event time), so
 * a copy is recognised as long as its cluster was active among the brand's latest {@code capacity}.
 * The band index is not stored: it is rebuilt from the signatures when the value is read.
 */
final class CopyClusters {
    static final int BANDS = 16;
    static final int ROWS = CopySignature.BUCKETS / BANDS;

    /** One cluster: its original's signature, the latest event time of a member, and its members. */
    static final class Cluster {
        final short[] signature;
        long lastSeenMs;
        long members;

        Cluster(short[] signature, long lastSeenMs, long members) {
            this.signature = signature;
            this.lastSeenMs = lastSeenMs;
            this.members = members;
        }
    }

    private final List<Cluster> clusters;
    private final Map<Long, int[]> bands = new HashMap<>();

    CopyClusters(List<Cluster> clusters) {
        this.clusters = new ArrayList<>(clusters);
        for (int i = 0; i < this.clusters.size(); i++) {
            index(i);
        }
    }

    static CopyClusters empty() {
        return new CopyClusters(List.of());
    }

    List<Cluster> clusters() {
        return clusters;
    }

    /**
     * Adds one mention's signature seen at {@code timeMs}: true when it copies a cluster's original
     * (amplification), false when it starts a cluster.
     */
    boolean add(short[] signature, long timeMs, double similarity) {
        int best = -1;
        double bestSimilarity = similarity;
        for (int band = 0; band < BANDS; band++) {
            int[] candidates = bands.get(bandKey(signature, band));
            if (candidates == null) {
                continue;
            }
            for (int candidate : candidates) {
                double s = CopySignature.similarity(signature, clusters.get(candidate).signature);
                // The most similar original; among equals, the one that started first.
                if (s > bestSimilarity || (s == bestSimilarity && (best < 0 || candidate < best))) {
                    best = candidate;
                    bestSimilarity = s;
                }
            }
        }
        if (best >= 0) {
            Cluster joined = clusters.get(best);
            joined.lastSeenMs = Math.max(joined.lastSeenMs, timeMs);
            joined.members++;
            return true;
        }
        clusters.add(new Cluster(signature.clone(), timeMs, 1));
        index(clusters.size() - 1);
        return false;
    }

    /**
     * Keeps the {@code capacity} clusters seen most recently (the earlier started first among equals), in
     * the order they started; what is stored. Only {@link #clusters()} may be read after it.
     */
    void trim(int capacity) {
        if (clusters.size() <= capacity) {
            return;
        }
        List<Integer> order = new ArrayList<>(clusters.size());
        for (int i = 0; i < clusters.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> clusters.get(i).lastSeenMs).reversed().thenComparing(i -> i));
        List<Integer> kept = new ArrayList<>(order.subList(0, capacity));
        kept.sort(null);
        List<Cluster> out = new ArrayList<>(capacity);
        for (int i : kept) {
            out.add(clusters.get(i));
        }
        clusters.clear();
        clusters.addAll(out);
        bands.clear();
    }

    private void index(int cluster) {
        short[] signature = clusters.get(cluster).signature;
        for (int band = 0; band < BANDS; band++) {
            bands.merge(bandKey(signature, band), new int[] {cluster}, (a, b) -> {
                int[] joined = java.util.Arrays.copyOf(a, a.length + 1);
                joined[a.length] = b[0];
                return joined;
            });
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
