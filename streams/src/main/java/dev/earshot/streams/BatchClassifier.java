package dev.earshot.streams;

import dev.earshot.classifier.Brand;
import dev.earshot.classifier.Classifier;
import dev.earshot.model.Classification;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.Mention;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies mentions in batches, inside the exactly-once pipeline. Matching a batch costs the
 * Lucene Monitor about what matching one mention does (it indexes the batch once and runs each
 * candidate query once over it), so one mention at a time spent most of the stream thread on that
 * fixed cost.
 *
 * <p>A mention waits in the changelogged store {@value #STORE} until its batch is classified: when
 * the batch reaches its size, or once its first mention has waited the batch wait on the wall clock.
 * The store's changelog records are written in the same transaction as the input offsets, so what a
 * commit took from {@code mentions.raw} is either classified and forwarded in that transaction, or
 * still in the store for whichever instance owns the task next (after a crash, a restart or a
 * rebalance). The decoded
 * mentions are also kept in a list, a copy of the store that {@link #init} rebuilds from it, so a
 * batch is not read back from the store.
 *
 * <p>It forwards what the batch's pairs add up to (local aggregation before the repartition): per
 * brand and minute their figures, which the minute and hour windows and spike detection take in one
 * update each, with each pair encoded for {@code mentions.classified}, which {@code mark-copies}
 * publishes once it knows the pair's cluster and suspects; and per brand and hour their highlights,
 * which the hourly highlights store merges once instead of reading and rewriting its top-50 lists
 * for every pair.
 */
final class BatchClassifier implements Processor<byte[], Mention, String, BatchResult> {
    private static final Logger log = LoggerFactory.getLogger(BatchClassifier.class);
    static final String STORE = "mentions-awaiting-classification";
    /**
     * The encoded pairs a minute partial carries at most (one pair alone may carry more): a partial
     * stays far under the 1 MiB a record may have by the broker's and the
     * producer's defaults, however many pairs of one brand a batch has in one minute (a campaign, a
     * flood), and the partials Kafka Streams holds fetched but not yet processed stay small (see
     * {@link Pipeline#streamsProperties}). At 512 KiB, partials of about 260 KB held 100 MB of the
     * heap midway through a 1,000,000-mention drain.
     */
    static final int PUBLISHED_BYTES = 128 * 1024;

    private final ClassifierHolder classifier;
    private final BiFunction<Classifier, List<Mention>, UnclassifiableMentions.Outcome> classification;
    private final ClassifiedMentionCodec pairs;
    private final PipelineCounters counters;
    private final int batchSize;
    private final Duration maxWait;
    private final SuspectSettings suspects;
    private final QuietCommits quietCommits;
    private final QuietCommits.Task quiet;
    private final List<Waiting> waiting = new ArrayList<>();
    private ProcessorContext<String, BatchResult> context;
    private KeyValueStore<Long, byte[]> store;
    /** The sequence number of the next mention of the batch, from 0; its key is {@link #bufferKey}. */
    private long nextSequence;
    /** Keys a previous owner of the task left in the store, until they are classified. */
    private final java.util.Set<Long> restoredKeys = new java.util.HashSet<>();
    /** Wall-clock time the oldest waiting mention arrived, or {@link #NONE_WAITING}. */
    private long firstWaitingSince = NONE_WAITING;
    private static final long NONE_WAITING = Long.MIN_VALUE;

    private static final long MINUTE_MS = 60_000L;
    private static final long HOUR_MS = 3_600_000L;

    /** What a batch adds up per brand and minute or hour, and the latest event time among it. */
    private abstract static class Sum {
        final String brand;
        long latest = Long.MIN_VALUE;

        Sum(String brand) {
            this.brand = brand;
        }

        final void add(ClassifiedMention pair, MinutePartial.Traits traits, long timestamp, byte[] published, Brand catalogued) {
            addPair(pair, traits, timestamp, published, catalogued);
            latest = Math.max(latest, timestamp);
        }

        abstract void addPair(ClassifiedMention pair, MinutePartial.Traits traits, long timestamp, byte[] published,
                              Brand catalogued);

        abstract BatchResult result();
    }

    private static final class MinuteSum extends Sum {
        final MinutePartial.Tally partial = new MinutePartial.Tally();

        MinuteSum(String brand) {
            super(brand);
        }

        @Override
        void addPair(ClassifiedMention pair, MinutePartial.Traits traits, long timestamp, byte[] published, Brand catalogued) {
            partial.add(pair, traits, timestamp, published);
        }

        /**
         * Whether an encoded pair of this many bytes would take it past {@link #PUBLISHED_BYTES}: that pair
         * starts another partial, so a long pair travels alone rather than beside others.
         */
        boolean wouldOverflow(int bytes) {
            return !partial.isEmpty() && partial.publishedBytes() + bytes > PUBLISHED_BYTES;
        }

        @Override
        BatchResult result() {
            return new BatchResult.Minute(partial.partial());
        }
    }

    private static final class HourSum extends Sum {
        final BrandHighlights.Tally highlights = new BrandHighlights.Tally(BrandHighlights.empty());

        HourSum(String brand) {
            super(brand);
        }

        @Override
        void addPair(ClassifiedMention pair, MinutePartial.Traits traits, long timestamp, byte[] published, Brand catalogued) {
            highlights.add(pair.mention(), catalogued, traits.terms());
        }

        @Override
        BatchResult result() {
            return new BatchResult.HourHighlights(highlights.highlights());
        }
    }

    /**
     * Spreads a batch's sequence numbers over the whole key space. The record cache in front of the
     * store keeps its dirty keys in a hash set, hashing each key's eight bytes with
     * {@code Arrays.hashCode}: the sequence numbers 0 to 1,999 themselves share 473 hash values, and
     * the set's bins held chains of equal hashes. Multiplied by an odd constant (a bijection), 2,000
     * keys have 2,000 hash values (the cache's puts fell from 4.9% to 3.5% of a warm stream thread).
     */
    private static final long SPREAD = 0x9E3779B97F4A7C15L;
    /** The inverse of {@link #SPREAD} modulo 2^64 (Newton's iteration, each step doubling the correct bits). */
    private static final long UNSPREAD = inverse(SPREAD);

    private static long inverse(long odd) {
        long x = odd; // correct to 3 bits for any odd number
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    static long bufferKey(long sequence) {
        return sequence * SPREAD;
    }

    /**
     * Whether a key was spread: one written by a release before keys were spread is its sequence
     * number itself, small, and unspreading it gives a larger number; those keys came first. Key 0 is
     * the first either way.
     */
    private static boolean isSpread(long key) {
        return key != 0 && Long.compareUnsigned(key * UNSPREAD, key) < 0;
    }

    private static long sequence(long key) {
        return isSpread(key) ? key * UNSPREAD : key;
    }

    /**
     * A mention in the store, under its key, with the timestamp it arrived with and where it was read
     * (null where that is not known, as in a buffer an earlier release left).
     */
    private record Waiting(long key, Mention mention, long timestamp, SourcePosition source) {
    }

    BatchClassifier(ClassifierHolder classifier, ClassifiedMentionCodec pairs, PipelineCounters counters, int batchSize,
                    Duration maxWait, SuspectSettings suspects, QuietCommits quietCommits) {
        this(classifier, pairs, counters, batchSize, maxWait, suspects, quietCommits,
                (current, batch) -> UnclassifiableMentions.classify(batch, current::classifyAll, current::classify));
    }

    /**
     * @param classification how a batch is classified with the classifier in force:
     *                       {@code UnclassifiableMentions.classify(batch, current::classifyAll, current::classify)},
     *                       or in tests one failing on chosen mentions (no mention is known to fail Earshot's classifier)
     */
    BatchClassifier(ClassifierHolder classifier, ClassifiedMentionCodec pairs, PipelineCounters counters, int batchSize,
                    Duration maxWait, SuspectSettings suspects, QuietCommits quietCommits,
                    BiFunction<Classifier, List<Mention>, UnclassifiableMentions.Outcome> classification) {
        this.classification = classification;
        this.classifier = classifier;
        this.quietCommits = quietCommits;
        this.quiet = quietCommits.task();
        this.pairs = pairs;
        this.suspects = suspects;
        this.counters = counters;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
    }

    @Override
    public void init(ProcessorContext<String, BatchResult> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        waiting.clear();
        restoredKeys.clear();
        nextSequence = 0;
        // What a previous owner of this task buffered and committed but did not classify, in the order
        // it arrived.
        try (KeyValueIterator<Long, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> entry = it.next();
                InternalFormat.Buffered buffered = InternalFormat.buffered(entry.value);
                Mention m = buffered.mention();
                waiting.add(new Waiting(entry.key, m, m.createdAt().toEpochMilli(), buffered.source()));
                restoredKeys.add(entry.key);
            }
        }
        waiting.sort(java.util.Comparator.comparingInt((Waiting w) -> isSpread(w.key()) ? 1 : 0)
                .thenComparing((a, b) -> Long.compareUnsigned(sequence(a.key()), sequence(b.key()))));
        firstWaitingSince = waiting.isEmpty() ? NONE_WAITING : context.currentSystemTimeMs();
        // Checked four times per wait, a batch is classified when its first mention has waited the
        // whole wait (a quarter more at most), not at whatever tick comes next: a fixed tick classified
        // batches of a handful of mentions each time one arrived just before it, and a Monitor match
        // costs some milliseconds however few mentions it takes.
        Duration tick = Duration.ofMillis(Math.max(1, maxWait.toMillis() / 4)); // Kafka Streams' finest is 1 ms
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (firstWaitingSince != NONE_WAITING && now - firstWaitingSince >= maxWait.toMillis()) {
                classifyWaiting();
            }
            // The batch just classified may be the last for a while: its partials reach the aggregations
            // at this commit rather than at the commit interval.
            if (quiet.due(now)) {
                context.commit();
            }
        });
    }

    @Override
    public void process(Record<byte[], Mention> record) {
        long key = bufferKey(nextSequence++);
        while (!restoredKeys.isEmpty() && restoredKeys.contains(key)) {
            key = bufferKey(nextSequence++);
        }
        // classify-in-batches reads mentions.raw's records with no repartition before it, so this is where each was read
        SourcePosition source = context.recordMetadata().flatMap(SourcePosition::of).orElse(null);
        store.put(key, InternalFormat.buffered(record.value(), source));
        long now = context.currentSystemTimeMs();
        quietCommits.mentionArrived(now);
        quiet.arrived(now);
        if (waiting.isEmpty()) {
            firstWaitingSince = now;
        }
        waiting.add(new Waiting(key, record.value(), record.timestamp(), source));
        if (waiting.size() >= batchSize) {
            classifyWaiting();
        }
    }

    /**
     * The {@link MinutePartial.PairFingerprint} flags of what a mention's content makes suspect: its
     * text, and its links as the source listed them (some platforms shorten a link's text).
     */
    private int suspectContent(Mention m) {
        SuspectContent content = SuspectContent.of(m.text()).withLinks(m.links().size());
        return (suspects.tooManyLinks(content) ? MinutePartial.PairFingerprint.LINKS : 0)
                | (suspects.tooManyHashtags(content) ? MinutePartial.PairFingerprint.HASHTAGS : 0);
    }

    private void classifyWaiting() {
        if (waiting.isEmpty()) {
            return;
        }
        try (ClassifierHolder.Use use = classifier.use()) {
            classify(use.classifier());
        }
    }

    private void deadLetter(Waiting w, String reason) {
        counters.deadLetters.incrementAndGet();
        Headers headers = new RecordHeaders().add(ParseProcessor.ERROR, reason.getBytes(StandardCharsets.UTF_8));
        if (w.source() != null) {
            w.source().addTo(headers);
        }
        context.forward(new Record<>(w.mention().id(), new BatchResult.Unclassifiable(w.mention()), w.timestamp(), headers));
    }

    /**
     * Adds a mention's pairs to the batch's sums: per brand and minute (a minute partial full at
     * {@link #PUBLISHED_BYTES} goes to {@code filled} and another starts), and per brand and hour. A
     * method of its own, as is {@link #deadLetter}: with its loop inside {@link #classify}'s, C2
     * compiled the whole of that once for each loop's on-stack replacement and again after.
     */
    private void addPairs(Waiting w, List<Classification> found, Classifier current, Map<String, Sum> sums, List<Sum> filled) {
        if (found.isEmpty()) {
            counters.unmatched.incrementAndGet();
            return;
        }
        MinutePartial.Traits traits = MinutePartial.Traits.of(w.mention(), suspectContent(w.mention()));
        for (Classification c : found) {
            counters.classified(c.category());
            if (c.sentiment() == null && log.isDebugEnabled()) {
                // The design brief's promise: a null sentiment has its reason in the log at debug level.
                log.debug("Mention {} for brand {}: no sentiment, {}", w.mention().id(), c.brand(), whyNoSentiment(c));
            }
            ClassifiedMention pair = new ClassifiedMention(w.mention(), c);
            Brand catalogued = current.brands().brand(c.brand());
            long minute = Math.floorDiv(w.timestamp(), MINUTE_MS);
            long hour = Math.floorDiv(w.timestamp(), HOUR_MS);
            String minuteKey = c.brand() + "@m" + minute;
            byte[] encoded = pairs.encode(pair);
            MinuteSum minuteSum = (MinuteSum) sums.get(minuteKey);
            if (minuteSum != null && minuteSum.wouldOverflow(encoded.length)) {
                filled.add(sums.remove(minuteKey));
                minuteSum = null;
            }
            if (minuteSum == null) {
                minuteSum = new MinuteSum(c.brand());
                sums.put(minuteKey, minuteSum);
            }
            minuteSum.add(pair, traits, w.timestamp(), encoded, catalogued);
            sums.computeIfAbsent(c.brand() + "@h" + hour, k -> new HourSum(c.brand()))
                    .add(pair, traits, w.timestamp(), null, catalogued);
        }
    }

    /**
     * Why a classified pair carries no sentiment: the classifier reads sentiment in English and in text
     * with no letters (whose language is null); a null language with no sentiment means both are off.
     */
    private static String whyNoSentiment(Classification c) {
        return c.language() == null ? "sentiment and language are off in the classifier's settings"
                : "the sentiment scorer reads English only and the text is in '" + c.language() + "'";
    }

    private void classify(Classifier current) {
        List<Mention> batch = new ArrayList<>(waiting.size());
        for (Waiting w : waiting) {
            batch.add(w.mention());
        }
        UnclassifiableMentions.Outcome outcome = classification.apply(current, batch);
        List<List<Classification>> results = outcome.results();
        // A classifier of no brands classifies each mention once, for no brand, and such a pair has no
        // figures to go to. The streams app refuses a brand file of no brands; this keeps a classifier
        // built otherwise from sending partials keyed by no brand.
        boolean brandless = current.brands().size() == 0;
        counters.batches.incrementAndGet();
        counters.batchedMentions.addAndGet(batch.size());
        Map<String, Sum> sums = new LinkedHashMap<>();
        List<Sum> filled = new ArrayList<>(); // minute partials closed at PUBLISHED_BYTES, sent with the rest
        for (int i = 0; i < batch.size(); i++) {
            Waiting w = waiting.get(i);
            List<Classification> found = results.get(i);
            if (found == null) {
                deadLetter(w, outcome.reasons().get(i));
            } else {
                addPairs(w, brandless ? List.of() : found, current, sums, filled);
            }
            // A null put writes the same tombstone as delete() without first reading back the value delete() returns.
            store.put(w.key(), null);
        }
        filled.addAll(sums.values());
        // Each stamped with the latest event time among its pairs, which lies in its minute or hour, and
        // sent in that order: a partial then never advances stream time past one sent after it, so it
        // is dropped as late only where all its pairs would have been.
        filled.stream().sorted(java.util.Comparator.comparingLong(sum -> sum.latest))
                .forEach(sum -> context.forward(new Record<>(sum.brand, sum.result(), sum.latest)));
        waiting.clear();
        firstWaitingSince = NONE_WAITING;
        nextSequence = 0; // the store is empty again
        restoredKeys.clear();
        quiet.wrote();
    }
}
