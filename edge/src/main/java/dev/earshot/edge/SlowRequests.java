package dev.earshot.edge;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request headers trickle in for longer than the read timeout.
 *
 * <p>Jetty's idle timeout restarts with every byte, so a client sending a header byte every few
 * seconds (slowloris) would keep its connection for ever; the body has {@link Bodies}' deadline,
 * but the headers have no such limit in Jetty. Every {@link #TICK}, each connection is looked at:
 * once bytes have arrived that have not yet made a request, the clock runs, and the connection is
 * closed when it passes the read timeout (and a second, so that a body's own deadline answers first). A connection waiting silently between requests is left to
 * the idle timeout. Hand-written because no Jetty component bounds the time to receive headers.
 */
final class SlowRequests implements Connection.Listener {
    static final Duration TICK = Duration.ofMillis(500);

    private final Scheduler scheduler;
    private final long limitNanos;

    SlowRequests(Scheduler scheduler, Duration readTimeout) {
        this.scheduler = scheduler;
        // A second past the body's deadline, so that a trickling body gets its 408 from Bodies first.
        this.limitNanos = readTimeout.plusSeconds(1).toNanos();
    }

    @Override
    public void onOpened(Connection connection) {
        // Under TLS the listener also sees the TLS layer, which counts bytes but no requests (-1):
        // only the HTTP connection above it can tell a request from a trickle.
        if (connection.getMessagesIn() >= 0) {
            new Watch(connection).schedule();
        }
    }

    /** One connection's progress: messages and bytes seen at the last look, and since when bytes have waited. */
    private final class Watch implements Runnable {
        private final Connection connection;
        private long messages;
        private long bytes;
        private long waitingSince = -1;

        Watch(Connection connection) {
            this.connection = connection;
            this.messages = connection.getMessagesIn();
            this.bytes = connection.getBytesIn();
        }

        void schedule() {
            scheduler.schedule(this, TICK.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            long now = System.nanoTime();
            long m = connection.getMessagesIn();
            long b = connection.getBytesIn();
            if (m != messages) {
                messages = m;
                waitingSince = -1;
            } else if (b != bytes && waitingSince < 0) {
                waitingSince = now;
            }
            bytes = b;
            if (waitingSince >= 0 && now - waitingSince > limitNanos) {
                connection.getEndPoint().close(new java.util.concurrent.TimeoutException(
                        "request headers not complete within the read timeout"));
                return;
            }
            schedule();
        }
    }
}
