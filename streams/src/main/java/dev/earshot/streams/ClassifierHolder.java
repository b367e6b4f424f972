package dev.earshot.streams;

import dev.earshot.classifier.Classifier;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The classifier in force. The topology reads it per record, so that a reloaded brand or rule file
 * takes effect without a restart; a replaced classifier is closed once swapped out.
 */
public final class ClassifierHolder implements AutoCloseable {
    private final AtomicReference<Classifier> current;

    public ClassifierHolder(Classifier initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public Classifier get() {
        return current.get();
    }

    /** Puts a new classifier in force. The old one is not closed: a stream thread may still be using it. */
    public Classifier swap(Classifier next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }

    @Override
    public void close() {
        current.get().close();
    }
}
