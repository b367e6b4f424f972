package dev.earshot.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A record that is not a valid mention. It carries every problem found, not just the first, so a
 * user fixing an export sees the whole list at once.
 */
public final class InvalidMentionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public InvalidMentionException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid mention has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidMentionException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
