package dev.earshot.edge;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads request bodies without holding a thread while bytes trickle in, within a size cap and a
 * deadline: a body that has not arrived whole {@code readTimeout} after its headers is refused
 * (408), however steadily it trickles, so no client can hold a request open longer than that.
 */
public final class Bodies {
    /** The most of a refused body read and dropped before its connection is closed. */
    static final long DISCARD_BYTES = 4L << 20;
    /** The longest a refused body is read and dropped before its connection is closed. */
    static final Duration DISCARD_TIME = Duration.ofSeconds(2);

    private Bodies() {
    }

    /** Why a body was not read: the HTTP status to answer with and a message for the sender. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final boolean unread;

        Refused(int status, String message) {
            this(status, message, false);
        }

        Refused(int status, String message, boolean unread) {
            super(message, null, false, false);
            this.status = status;
            this.unread = unread;
        }

        public int status() {
            return status;
        }

        /** True when the body was refused before any of it was read: its Content-Length was over the cap. */
        public boolean unread() {
            return unread;
        }
    }

    /**
     * The whole body, at most {@code maxBytes}; fails with {@link Refused} (413 over the cap, 408
     * past the deadline, 400 when the client breaks off). The future completes on a thread that may
     * block.
     */
    public static CompletableFuture<byte[]> read(Request request, int maxBytes, Duration readTimeout) {
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        long declared = request.getLength();
        if (declared > maxBytes) {
            body.completeExceptionally(new Refused(413, "body of " + declared + " bytes exceeds the limit of " + maxBytes, true));
            return body;
        }
        Scheduler.Task deadline = request.getComponents().getScheduler().schedule(() -> body.completeExceptionally(
                        new Refused(408, "the request body did not arrive within " + readTimeout.toSeconds() + " s")),
                readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Content.Source.asByteArrayAsync(request, maxBytes, Promise.Invocable.from(Invocable.InvocationType.BLOCKING,
                (bytes, failure) -> {
                    deadline.cancel();
                    if (failure == null) {
                        body.complete(bytes);
                    } else {
                        body.completeExceptionally(refusal(failure, maxBytes));
                    }
                }));
        return body;
    }

    private static Refused refusal(Throwable failure, int maxBytes) {
        if (failure instanceof Refused refused) {
            return refused;
        }
        if (failure instanceof HttpException http && http.getCode() > 0) {
            return new Refused(http.getCode(), http.getReason() == null ? "request refused" : http.getReason());
        }
        if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
            // Jetty's accumulator refuses content over its maximum this way.
            return new Refused(413, "body exceeds the limit of " + maxBytes + " bytes");
        }
        return new Refused(400, "the request body could not be read (" + failure.getClass().getSimpleName() + ")");
    }

    /**
     * Reads what is left of {@code request}'s body and drops it, then completes {@code done}: at the
     * body's end, when the client breaks off, past {@link #DISCARD_BYTES} or past
     * {@link #DISCARD_TIME}, whichever comes first. Only the reading itself completes {@code done}: a
     * timer doing so could complete the request while a read of it is under way on another thread.
     * A client that stops sending altogether is left to the read and idle timeouts, which close its
     * connection and so fail the read waiting on it. See {@link Answers#refuseUnread}.
     */
    static void discard(Request request, Callback done) {
        new Discard(request, done).run();
    }

    private static final class Discard implements Runnable {
        private final Request request;
        private final Callback done;
        private final long started = System.nanoTime();
        /** Touched by one reader at a time: each demand is served once, after the read before it. */
        private long dropped;

        Discard(Request request, Callback done) {
            this.request = request;
            this.done = done;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                dropped += chunk.remaining();
                boolean over = chunk.isLast() || Content.Chunk.isFailure(chunk) || dropped > DISCARD_BYTES
                        || System.nanoTime() - started > DISCARD_TIME.toNanos();
                chunk.release();
                if (over) {
                    done.succeeded();
                    return;
                }
            }
        }
    }
}
