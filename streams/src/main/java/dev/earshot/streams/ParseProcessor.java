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
 * original bytes and gains headers saying why and where it came from, for the dead-letter topic; what
 * would not fit a request beside them is cut ({@link #deadLetter}).
 */
final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], ParsedMention> {
    static final String ERROR = "earshot.error";
    /** On a dead letter cut short: how many bytes the original value, or key, had. */
    static final String ORIGINAL_VALUE_BYTES = "earshot.original.value.bytes";
    static final String ORIGINAL_KEY_BYTES = "earshot.original.key.bytes";
    /** The most of an original key a dead letter keeps: a key longer than this is no mention's id. */
    static final int MAX_DEAD_KEY_BYTES = 16 * 1024;
    /** What a request holds beside a record's key, value and headers (batch and record framing), with room to spare. */
    static final int REQUEST_OVERHEAD = 1024;

    private final MentionCodec codec;
    private final PipelineCounters counters;
    private final int requestBytes;
    private FixedKeyProcessorContext<byte[], ParsedMention> context;

    /** @param requestBytes the largest request the app's producer sends ({@link #requestBytes(Map)}) */
    ParseProcessor(MentionCodec codec, PipelineCounters counters, int requestBytes) {
        this.codec = codec;
        this.counters = counters;
        this.requestBytes = requestBytes;
    }

    /** The app's producer's {@code max.request.size}, as the {@code kafka.*} settings give it, or Kafka's default. */
    static int requestBytes(java.util.Map<String, String> kafka) {
        String size = kafka.getOrDefault("producer.max.request.size", kafka.get("max.request.size"));
        return size == null ? 1024 * 1024 : Integer.parseInt(size.strip());
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
            context.recordMetadata().flatMap(SourcePosition::of).ifPresent(source -> source.addTo(headers));
            context.forward(record.withValue(ParsedMention.failed(deadLetter(record.key(), record.value(), headers, requestBytes))));
        }
    }

    /**
     * The value a dead letter carries: the original, or as much of it as fits one request beside its key
     * and headers. A record that fits the topic may not fit again with the headers that say why it
     * failed: the producer refuses it, the stream thread fails, and the record is read and refused again,
     * for ever, its partition stalled. What is cut is said in {@link #ORIGINAL_VALUE_BYTES} (and a key over
     * {@link #MAX_DEAD_KEY_BYTES} in {@link #ORIGINAL_KEY_BYTES}, cut by {@link #deadLetterKey} on the way out:
     * a processor of fixed keys cannot change it).
     */
    static byte[] deadLetter(byte[] key, byte[] value, Headers headers, int requestBytes) {
        if (key != null && key.length > MAX_DEAD_KEY_BYTES) {
            headers.add(ORIGINAL_KEY_BYTES, Integer.toString(key.length).getBytes(StandardCharsets.UTF_8));
        }
        if (value == null) {
            return null;
        }
        int keyBytes = key == null ? 0 : Math.min(key.length, MAX_DEAD_KEY_BYTES);
        int headerBytes = 0;
        for (var h : headers) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        // The header saying how long the value was takes some room too.
        int room = requestBytes - REQUEST_OVERHEAD - keyBytes - headerBytes - ORIGINAL_VALUE_BYTES.length() - 16;
        if (value.length <= room) {
            return value;
        }
        headers.add(ORIGINAL_VALUE_BYTES, Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(value, Math.max(0, room));
    }

    /** A dead letter's key: the original's, cut to {@link #MAX_DEAD_KEY_BYTES}. */
    static byte[] deadLetterKey(byte[] key) {
        return key == null || key.length <= MAX_DEAD_KEY_BYTES ? key : java.util.Arrays.copyOf(key, MAX_DEAD_KEY_BYTES);
    }
}
