package dev.earshot.model;

import java.util.Objects;

/**
 * One thing wrong with an input record: the field it concerns (a dotted path such as
 * {@code engagement.likes}, or {@code document} for the record as a whole) and what is wrong.
 */
public record Problem(String field, String message) {
    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
