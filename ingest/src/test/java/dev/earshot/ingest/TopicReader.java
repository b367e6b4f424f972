package dev.earshot.ingest;

import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads every mention of a topic with read_committed, as a downstream consumer would. */
final class TopicReader {
    private TopicReader() {
    }

    /**
     * Every committed mention the topic holds when called. Read to the end offsets rather than until a
     * quiet spell: a consumer group's first join on a freshly started broker can take longer than any
     * quiet spell, and would read nothing.
     */
    static List<Mention> readAll(String bootstrap, String topic) throws InvalidMentionException {
        MentionCodec codec = MentionCodec.strict();
        List<Mention> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(bootstrap, topic)) {
            out.add(codec.decode(r.value()));
        }
        return out;
    }
}
