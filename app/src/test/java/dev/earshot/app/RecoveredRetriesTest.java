package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RecoveredRetriesTest {
    private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String RETRY = "[Producer clientId=x] Got error produce response with correlation id {} on topic-partition {}, "
            + "retrying ({} attempts left). Error: {}";

    @Test
    void onlyTheRetriesKafkaRecoversFromAreThinnedOut() {
        assertEquals("broker:OutOfOrderSequenceException", RecoveredRetries.kind("kafka.server.ReplicaManager",
                "Error processing append operation on partition p", null, new OutOfOrderSequenceException("seq")));
        assertNull(RecoveredRetries.kind("kafka.server.ReplicaManager", "Error processing append operation on partition p",
                null, new NotLeaderOrFollowerException("other")), "other broker errors show as they are");
        assertEquals("producer:CONCURRENT_TRANSACTIONS", RecoveredRetries.kind(SENDER, RETRY,
                new Object[] {7, "t-0", 2147483646, "CONCURRENT_TRANSACTIONS"}, null));
        assertEquals("producer:OUT_OF_ORDER_SEQUENCE_NUMBER", RecoveredRetries.kind(SENDER, RETRY,
                new Object[] {8, "t-0", 2147483645, "OUT_OF_ORDER_SEQUENCE_NUMBER. Error Message: Invalid sequence number"}, null),
                "with the broker's message after the error");
        assertNull(RecoveredRetries.kind(SENDER, RETRY, new Object[] {7, "t-0", 2147483646, "NOT_LEADER_OR_FOLLOWER"}, null));
        assertNull(RecoveredRetries.kind("dev.earshot.streams.StreamsApp", "OUT_OF_ORDER_SEQUENCE_NUMBER", null, null));
    }

    @Test
    void oneLinePerKindAndMinuteStillShows() {
        RecoveredRetries filter = new RecoveredRetries();
        var logger = new LoggerContext().getLogger(SENDER);
        Object[] params = {7, "t-0", 2147483646, "OUT_OF_ORDER_SEQUENCE_NUMBER"};
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, logger, Level.WARN, RETRY, params, null), "the first shows");
        assertEquals(FilterReply.DENY, filter.decide(null, logger, Level.WARN, RETRY, params, null), "the next within a minute not");
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, logger, Level.WARN, RETRY,
                new Object[] {8, "t-1", 5, "CONCURRENT_TRANSACTIONS"}, null), "another kind shows");
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, logger, Level.WARN, "anything else", null, null));
    }
}
