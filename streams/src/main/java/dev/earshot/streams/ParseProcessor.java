package dev.earshot.streams;

import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Parses raw records with the strict codec. A valid mention goes on with its {@code createdAt} as
 * the record timestamp, so every window downstream is in event time. A record that fails keeps its
 * original bytes (its first {@link #MAX_DEAD_VALUE_BYTES} of a longer one) and gains headers saying why
 * and where it came from, for the dead-letter topic.
 */
final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], ParsedMention> {
    static final String ERROR = "earshot.error";
    static final String SOURCE_TOPIC = "earshot.source.topic";
    static final String SOURCE_PARTITION = "earshot.source.partition";
    static final String SOURCE_OFFSET = "earshot.source.offset";
    /** On a dead letter cut short: how many bytes the original value, or key, had. */
    static final String ORIGINAL_VALUE_BYTES = "earshot.original.value.bytes";
    static final String ORIGINAL_KEY_BYTES = "earshot.original.key.bytes";
    /**
     * The most of an original value a dead letter keeps, and of its key. A record that fits the topic may
     * not fit again with the headers that say why it failed: the producer refuses it, the stream thread
     * fails, and the record is read and refused again, for ever, its partition stalled. Half the
     * producer's default request size leaves room for any headers and the batch around them.
     */
    static final int MAX_DEAD_VALUE_BYTES = 512 * 1024;
    static final int MAX_DEAD_KEY_BYTES = 16 * 1024;

    private final MentionCodec codec;
    private final PipelineCounters counters;
    private FixedKeyProcessorContext<byte[], ParsedMention> context;

    ParseProcessor(MentionCodec codec, PipelineCounters counters) {
        this.codec = codec;
        this.counters = counters;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], ParsedMention> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        try {
            Mention mention = codec.decode(record.value());
            counters.parsed.incrementAndGet();
            context.forward(record.withValue(ParsedMention.ok(mention)).withTimestamp(mention.createdAt().toEpochMilli()));
        } catch (InvalidMentionException e) {
            counters.deadLetters.incrementAndGet();
            Headers headers = record.headers();
            headers.add(ERROR, e.getMessage().getBytes(StandardCharsets.UTF_8));
            context.recordMetadata().ifPresent(m -> {
                headers.add(SOURCE_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
                headers.add(SOURCE_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
                headers.add(SOURCE_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
            });
            byte[] value = record.value();
            if (value != null && value.length > MAX_DEAD_VALUE_BYTES) {
                headers.add(ORIGINAL_VALUE_BYTES, Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
                value = java.util.Arrays.copyOf(value, MAX_DEAD_VALUE_BYTES);
            }
            byte[] key = record.key();
            if (key != null && key.length > MAX_DEAD_KEY_BYTES) {
                // A processor of fixed keys cannot cut it: deadLetterKey does, on the way to the topic.
                headers.add(ORIGINAL_KEY_BYTES, Integer.toString(key.length).getBytes(StandardCharsets.UTF_8));
            }
            context.forward(record.withValue(ParsedMention.failed(value)));
        }
    }

    /** A dead letter's key: the original's, cut to {@link #MAX_DEAD_KEY_BYTES}. */
    static byte[] deadLetterKey(byte[] key) {
        return key == null || key.length <= MAX_DEAD_KEY_BYTES ? key : java.util.Arrays.copyOf(key, MAX_DEAD_KEY_BYTES);
    }
}
