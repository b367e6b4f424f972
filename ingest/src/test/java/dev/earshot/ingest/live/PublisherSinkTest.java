package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.ingest.MentionPublisher;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherSinkTest {
    private static Mention mention(String id) {
        return Mention.of(id, "bluesky", Instant.parse("2026-11-20T10:00:00Z"), "Lumora " + id);
    }

    /** A feed saves its cursor after each flush: after a lost send, the cursor must not move. */
    @Test
    void aFlushAfterAFailedSendThrowsSoTheCursorStaysBeforeIt(@TempDir Path dir) {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        PublisherSink sink = new PublisherSink(new MentionPublisher(producer, "mentions.raw", MentionCodec.strict()));
        Cursor cursor = new Cursor(dir.resolve("cursor"));

        sink.accept(mention("a"));
        sink.flush();
        cursor.set("a");

        sink.accept(mention("b"));
        producer.errorNext(new TimeoutException("Expiring 1 record(s): 120000 ms has passed since batch creation"));
        sink.accept(mention("c"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            sink.flush();
            cursor.set("c");
        });
        assertTrue(e.getMessage().startsWith("1 mention was not stored by Kafka"), e.getMessage());
        assertEquals("a", new Cursor(dir.resolve("cursor")).get());
        sink.accept(mention("d"));
        assertThrows(IllegalStateException.class, sink::flush, "and every flush after it");
    }
}
