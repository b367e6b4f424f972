package dev.earshot.streams;

import dev.earshot.classifier.Classifier;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The classifier in force. The topology reads it per batch, so that a reloaded brand or rule file
 * takes effect without a restart. A replaced classifier is closed once no batch is using it: each
 * holds a Lucene Monitor with a thread of its own, so keeping every replaced one until shutdown
 * grew the app by one of each per reload.
 */
public final class ClassifierHolder implements AutoCloseable {
    private final AtomicReference<Held> current;

    /** A classifier and how many hold it: the holder while it is in force, and each use. */
    private static final class Held {
        final Classifier classifier;
        final AtomicInteger holders = new AtomicInteger(1);

        Held(Classifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
        }

        /** Takes a hold, unless the last one is gone and the classifier closed. */
        boolean hold() {
            int n;
            do {
                n = holders.get();
                if (n == 0) {
                    return false;
                }
            } while (!holders.compareAndSet(n, n + 1));
            return true;
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                classifier.close();
            }
        }
    }

    /** A classifier held open for one use (classifying a batch); close it when done. */
    public static final class Use implements AutoCloseable {
        private final Held held;
        private boolean closed;

        private Use(Held held) {
            this.held = held;
        }

        public Classifier classifier() {
            return held.classifier;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                held.release();
            }
        }
    }

    public ClassifierHolder(Classifier initial) {
        this.current = new AtomicReference<>(new Held(initial));
    }

    /**
     * The classifier in force, for what stays readable once it is closed (its brands, rules and
     * settings); to classify, take a {@link #use}.
     */
    public Classifier get() {
        return current.get().classifier;
    }

    /** The classifier in force, held open until the use is closed, even if replaced meanwhile. */
    public Use use() {
        while (true) {
            Held held = current.get();
            if (held.hold()) {
                return new Use(held);
            }
            if (current.get() == held) {
                // Not replaced but closed: the holder itself was closed (the app is stopping).
                throw new IllegalStateException("the classifier is closed");
            }
            // Replaced and closed between the read and the hold: the next read finds its successor.
        }
    }

    /** Whether {@link #close} has run: the holder's own hold is gone, and it must not be given up twice. */
    private boolean closed;

    /**
     * Puts a new classifier in force; the old one is closed once no use holds it. After {@link #close}
     * (a reload that finished as the app stopped), the new one is closed at once rather than left open.
     */
    public synchronized void swap(Classifier next) {
        if (closed) {
            next.close();
            return;
        }
        current.getAndSet(new Held(next)).release();
    }

    /** Gives up the holder's hold, once: a second close would take the count below zero and hand out a closed classifier. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.get().release();
        }
    }
}
