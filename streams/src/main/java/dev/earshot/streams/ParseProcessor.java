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
 * original bytes and gains headers saying why and where it came from, for the dead-letter topic.
 */
final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], ParsedMention> {
    static final String ERROR = "earshot.error";
    static final String SOURCE_TOPIC = "earshot.source.topic";
    static final String SOURCE_PARTITION = "earshot.source.partition";
    static final String SOURCE_OFFSET = "earshot.source.offset";

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
            context.forward(record.withValue(ParsedMention.failed(record.value())));
        }
    }
}
