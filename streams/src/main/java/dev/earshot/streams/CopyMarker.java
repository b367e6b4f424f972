package dev.earshot.streams;

import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.SuspectReason;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.Suspects;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * {@code mark-copies}: counts how many pairs of each minute partial copy an earlier mention of the
 * brand, against the brand's {@link CopyClusters} in the store {@code copy-clusters}, marks which pairs
 * are suspect ({@link SuspectSettings}), and forwards the partial with what it found and without its
 * fingerprints ({@link Marked.Figures}), and each of its pairs as {@code mentions.classified}
 * publishes it, with its {@code clusterId} and {@code suspect} ({@link Marked.Pair}, stamped with the
 * mention's event time). It runs after the repartition by brand, because copies of one text, and one
 * author's posts, reach {@code mentions.raw} under different ids, so on different partitions: only
 * here does every mention of a brand meet. Authors' posts per brand and hour are kept in the window
 * store {@code author-rates}. The stores are written in the same transaction as what is forwarded,
 * so after a crash a partial is marked again from the stores as they were before it, and its pairs
 * published once.
 */
final class CopyMarker implements FixedKeyProcessor<String, MinutePartial, CopyMarker.Marked> {
    static final String STORE = "copy-clusters";
    static final String AUTHOR_STORE = "author-rates";
    private static final long MINUTE_MS = 60_000L;
    private static final long HOUR_MS = 3_600_000L;

    /** What {@code mark-copies} forwards: a marked partial's figures, or one of its pairs, published. */
    sealed interface Marked {
        /** The partial with what marking found, for the windows and spike detection. */
        record Figures(MinutePartial partial) implements Marked {
        }

        /** One pair as {@code mentions.classified} publishes it, its cluster and suspects included. */
        record Pair(byte[] json) implements Marked {
        }
    }

    private final CopySettings settings;
    private final SuspectSettings suspects;
    private final ClassifiedMentionCodec pairs;
    private FixedKeyProcessorContext<String, Marked> context;
    private KeyValueStore<String, CopyClusters> store;
    private WindowStore<String, AuthorRates> authorRates;

    CopyMarker(CopySettings settings, SuspectSettings suspects, ClassifiedMentionCodec pairs) {
        this.settings = settings;
        this.suspects = suspects;
        this.pairs = pairs;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Marked> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.authorRates = context.getStateStore(AUTHOR_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, MinutePartial> record) {
        MinutePartial partial = record.value();
        if (partial.fingerprints().isEmpty()) {
            // Written before copies were counted (versions 2 to 4): its pairs count as originals.
            context.forward(record.withValue(new Marked.Figures(partial)));
            return;
        }
        String brand = record.key();
        CopyClusters clusters = store.get(brand);
        if (clusters == null) {
            clusters = CopyClusters.empty();
        }
        long hour = Math.floorDiv(record.timestamp(), HOUR_MS) * HOUR_MS;
        AuthorRates rates = null; // null: the rule is off
        if (suspects.authorPerHour() > 0) {
            rates = authorRates.fetch(brand, hour);
            rates = rates == null ? AuthorRates.empty() : rates;
        }
        int minute = (int) Math.floorDiv(record.timestamp(), MINUTE_MS);
        Found found = new Found();
        for (MinutePartial.PairFingerprint pair : partial.fingerprints()) {
            CopyClusters.Cluster copied = clusters.add(pair.signature(), settings.similarity());
            Set<SuspectReason> reasons = EnumSet.noneOf(SuspectReason.class);
            if (pair.has(MinutePartial.PairFingerprint.LINKS)) {
                reasons.add(SuspectReason.LINKS);
            }
            if (pair.has(MinutePartial.PairFingerprint.HASHTAGS)) {
                reasons.add(SuspectReason.HASHTAGS);
            }
            if (rates != null && pair.author() != 0 && rates.post(pair.author()) >= suspects.authorPerHour()) {
                reasons.add(SuspectReason.AUTHOR_RATE);
            }
            boolean flood = copied != null && suspects.copiesPerMinute() > 0 && copied.floods(minute, suspects.copiesPerMinute());
            if (flood) {
                reasons.add(SuspectReason.FLOOD);
            }
            reasons.forEach(reason -> found.reason(reason, 1));
            if (flood && copied.isLatest(minute)) {
                found.takeBack(copied);
            }
            boolean suspect = !reasons.isEmpty();
            found.pair(pair, copied != null, suspect);
            if (copied != null && !suspect) {
                copied.leaked(minute, pair);
            }
            if (pair.published() != null) {
                String clusterId = CopyClusters.id(copied != null ? copied.signature : pair.signature());
                context.forward(record.withValue((Marked) new Marked.Pair(pairs.withMarks(pair.published(), clusterId, reasons)))
                        .withTimestamp(pair.timestamp()));
            }
        }
        clusters.trim(settings.clusters());
        store.put(brand, clusters);
        if (rates != null) {
            authorRates.put(brand, rates, hour);
        }
        context.forward(record.withValue(new Marked.Figures(partial.marked(found.marks()))));
    }

    /** What the marking of one partial found so far: the figures of its {@link MinutePartial.Marks}. */
    private static final class Found {
        long amplified;
        long amplifiedFeedback;
        long amplifiedNegative;
        Counts suspect = Counts.ZERO;
        final Map<SuspectReason, Long> reasons = new EnumMap<>(SuspectReason.class);
        long suspectFeedback;
        long suspectNegative;
        long amplifiedSuspectFeedback;
        long amplifiedSuspectNegative;
        long earlierFloodFeedback;
        long earlierFloodNegative;

        void reason(SuspectReason reason, long pairs) {
            reasons.merge(reason, pairs, Long::sum);
        }

        /** One pair of the partial, a copy or not, suspect or not. */
        void pair(MinutePartial.PairFingerprint pair, boolean copy, boolean isSuspect) {
            boolean feedback = pair.has(MinutePartial.PairFingerprint.FEEDBACK);
            boolean negative = pair.has(MinutePartial.PairFingerprint.NEGATIVE);
            if (copy) {
                amplified++;
                amplifiedFeedback += feedback ? 1 : 0;
                amplifiedNegative += negative ? 1 : 0;
            }
            if (isSuspect) {
                suspect = suspect.plus(pair.counts());
                suspectFeedback += feedback ? 1 : 0;
                suspectNegative += negative ? 1 : 0;
                amplifiedSuspectFeedback += copy && feedback ? 1 : 0;
                amplifiedSuspectNegative += copy && negative ? 1 : 0;
            }
        }

        /**
         * A wording just turned out a flood: its copies of this minute counted before it was known are
         * suspect from now on. The windows' suspects take them in (they are in the same minute, so the
         * same windows), and spike detection takes them out of its count before it could alert on them,
         * with those of the minute before, which only spike detection takes out.
         */
        void takeBack(CopyClusters.Cluster cluster) {
            CopyClusters.Leak leak = cluster.takeLeak();
            if (leak.counts().mentions() > 0) {
                suspect = suspect.plus(leak.counts());
                reason(SuspectReason.FLOOD, leak.counts().mentions());
                suspectFeedback += leak.feedback();
                amplifiedSuspectFeedback += leak.feedback();
                suspectNegative += leak.negative();
                amplifiedSuspectNegative += leak.negative();
            }
            int[] before = cluster.takeBefore();
            earlierFloodFeedback += before[0];
            earlierFloodNegative += before[1];
        }

        MinutePartial.Marks marks() {
            return new MinutePartial.Marks(amplified, amplifiedFeedback, new Suspects(suspect, reasons), suspectFeedback,
                    suspectNegative, amplifiedSuspectFeedback, amplifiedNegative, amplifiedSuspectNegative,
                    earlierFloodFeedback, earlierFloodNegative);
        }
    }
}
