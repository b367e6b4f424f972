package dev.earshot.edge;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
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
 *
 * <p>Under TLS the bytes watched are those off the network, counted by the TLS layer, and the
 * requests those of the HTTP connection above it: a client trickling its handshake, or one
 * encrypted record, never gets a decrypted byte to the HTTP connection, whose own counts would
 * not move.
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
        if (connection instanceof SslConnection tls) {
            // A handshake done counts as a request: the bytes it took have made something, and a
            // connection quiet after it (a browser's preconnect) is the idle timeout's to close.
            java.util.concurrent.atomic.AtomicBoolean handshaken = new java.util.concurrent.atomic.AtomicBoolean();
            tls.addHandshakeListener(new org.eclipse.jetty.io.ssl.SslHandshakeListener() {
                @Override
                public void handshakeSucceeded(Event event) {
                    handshaken.set(true);
                }
            });
            new Watch(connection, () -> requestsAbove(tls) + (handshaken.get() ? 1 : 0), tls::getBytesIn).schedule();
        } else if (!(connection.getEndPoint() instanceof SslConnection.SslEndPoint) && connection.getMessagesIn() >= 0) {
            new Watch(connection, connection::getMessagesIn, connection::getBytesIn).schedule();
        }
    }

    /** Requests the HTTP connection over a TLS layer has read; none while the handshake makes it. */
    private static long requestsAbove(SslConnection tls) {
        Connection above = tls.getSslEndPoint().getConnection();
        return above == null ? 0 : Math.max(0, above.getMessagesIn());
    }

    /** One connection's progress: requests and bytes seen at the last look, and since when bytes have waited. */
    private final class Watch implements Runnable {
        private final Connection connection;
        private final LongSupplier requests;
        private final LongSupplier bytesIn;
        private long messages;
        private long bytes;
        private long waitingSince = -1;

        Watch(Connection connection, LongSupplier requests, LongSupplier bytesIn) {
            this.connection = connection;
            this.requests = requests;
            this.bytesIn = bytesIn;
            this.messages = requests.getAsLong();
            this.bytes = bytesIn.getAsLong();
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
            long m = requests.getAsLong();
            long b = bytesIn.getAsLong();
            if (m != messages) {
                messages = m;
                waitingSince = -1;
            } else if (b != bytes && waitingSince < 0) {
                waitingSince = now;
            }
            bytes = b;
            if (waitingSince >= 0 && now - waitingSince > limitNanos) {
                connection.getEndPoint().close(new java.util.concurrent.TimeoutException(
                        "request headers (under TLS, or the handshake) not complete within the read timeout"));
                return;
            }
            schedule();
        }
    }
}
