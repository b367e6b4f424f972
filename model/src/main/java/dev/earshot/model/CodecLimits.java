package dev.earshot.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The bounds {@link MentionCodec} enforces on untrusted input. They exist so that one hostile record
 * costs a bounded amount of memory and CPU and is rejected with a reason instead of taking a
 * consumer down.
 *
 * @param maxDocumentBytes  largest accepted record, in bytes of UTF-8
 * @param maxDepth          deepest nesting of objects and arrays (a mention itself needs 3)
 * @param maxStringChars    longest single JSON string, any field
 * @param maxNumberDigits   longest number literal; a 64-bit count has at most 19 digits
 * @param maxTextChars      longest {@code text}
 * @param maxLinks          most entries in {@code links}
 * @param earliest          createdAt before this is taken as a bad clock or unit error
 * @param maxFutureSkew     createdAt further than this ahead of the codec's clock is rejected
 */
public record CodecLimits(
        int maxDocumentBytes,
        int maxDepth,
        int maxStringChars,
        int maxNumberDigits,
        int maxTextChars,
        int maxLinks,
        Instant earliest,
        Duration maxFutureSkew) {

    /**
     * Defaults: 960 KiB records, depth 32, 128 Ki-character texts, 256 links, 1990 to now + 1 day. A
     * record a little under the 1 MiB Kafka's producer and broker take by default: its classified pair
     * adds the classification to the mention, and crosses the repartition inside a minute partial
     * beside its fingerprint and samples, and both must still fit in one record.
     */
    public static final CodecLimits DEFAULT = new CodecLimits(
            960 * 1024, 32, 256 * 1024, 20, 128 * 1024, 256,
            Instant.parse("1990-01-01T00:00:00Z"), Duration.ofDays(1));

    public CodecLimits {
        if (maxDocumentBytes <= 0 || maxDepth < 3 || maxStringChars <= 0 || maxNumberDigits <= 0
                || maxTextChars <= 0 || maxLinks < 0) {
            throw new IllegalArgumentException("codec limits must be positive and allow depth >= 3");
        }
        if (earliest == null || maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("earliest and a non-negative maxFutureSkew are required");
        }
    }
}
