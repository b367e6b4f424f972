package dev.earshot.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Thins out the log lines of errors that Kafka retries and recovers from by itself, so that a
 * transactional app on Earshot's own broker does not flood the console. The first write of a
 * transaction to a partition can meet CONCURRENT_TRANSACTIONS while the previous transaction
 * completes, and the batches queued behind it then meet OUT_OF_ORDER_SEQUENCE until it is retried:
 * the broker logs each as an ERROR with its stack, and the producer each retry as a WARN. One line
 * per kind and minute still shows, so a retry loop that never ends (KAFKA-14359) stays visible.
 * Logback has no filter for this; a filter of its own is a few lines of Earshot's.
 */
public final class RecoveredRetries extends TurboFilter {
    private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final ConcurrentHashMap<String, Long> lastShown = new ConcurrentHashMap<>();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        String kind = kind(logger.getName(), format, params, t);
        if (kind == null) {
            return FilterReply.NEUTRAL;
        }
        long now = System.nanoTime();
        Long last = lastShown.get(kind);
        if (last != null && now - last < EVERY_NANOS) {
            return FilterReply.DENY;
        }
        lastShown.put(kind, now);
        return FilterReply.NEUTRAL;
    }

    /** Which recovered retry a log call reports, or null for any other line. */
    static String kind(String logger, String format, Object[] params, Throwable t) {
        if (logger.equals("kafka.server.ReplicaManager")
                && (t instanceof OutOfOrderSequenceException || t instanceof ConcurrentTransactionsException)) {
            return "broker:" + t.getClass().getSimpleName();
        }
        if (logger.equals("org.apache.kafka.clients.producer.internals.Sender") && format != null
                && format.contains("Got error produce response") && params != null) {
            for (Object p : params) {
                // The error, possibly followed by ". Error Message: ..." from the broker.
                String s = String.valueOf(p);
                for (String error : new String[] {"OUT_OF_ORDER_SEQUENCE_NUMBER", "CONCURRENT_TRANSACTIONS"}) {
                    if (s.startsWith(error)) {
                        return "producer:" + error;
                    }
                }
            }
        }
        return null;
    }
}
