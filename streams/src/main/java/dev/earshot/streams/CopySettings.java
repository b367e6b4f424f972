package dev.earshot.streams;

/**
 * How copies are told from originals (see {@link CopyClusters}).
 *
 * @param clusters   clusters kept per brand ({@code copies.clusters}, default 500): a copy is recognised
 *                   while its cluster is among the brand's 500 joined or started most recently (counted in
 *                   mentions as processed, so a backfill's clusters are as recent as live ones). A retweet wave or a
 *                   campaign keeps its cluster recent; a post copied once, hours later, in a brand with
 *                   hundreds of new posts an hour in between, is counted an original. The brand's entry
 *                   in the store holds 156 bytes a cluster (78 KB at 500), read and rewritten per
 *                   minute partial
 * @param similarity the share of a signature's places that must agree with a cluster's original for a
 *                   mention to join it ({@code copies.similarity}, default 0.6, so 20 of the 32): a tweet of 80-140
 *                   characters with one word replaced agrees with itself in 0.84 (median; 99.9% reach
 *                   0.6), with two in 0.75 (90%); two different tweets, in none (99th percentile 0.16)
 */
public record CopySettings(int clusters, double similarity) {
    /**
     * The most clusters a brand keeps: at 156 bytes each, 6,500 make a store value of 1,014,013 bytes, under
     * the 1 MiB a changelog record may have by the broker's default; more would stop the stream thread.
     */
    public static final int MAX_CLUSTERS = 6_500;
    public static final CopySettings DEFAULT = new CopySettings(500, 0.6);

    public CopySettings {
        if (clusters < 1 || clusters > MAX_CLUSTERS || !(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("invalid copy settings: copies.clusters " + clusters
                    + " (1 to " + MAX_CLUSTERS + "), copies.similarity " + similarity + " (above 0, at most 1)");
        }
    }
}
