package dev.earshot.model;

/** The sort of customer feedback a {@link Category#FEEDBACK} mention carries, in tie-break order. */
public enum FeedbackKind {
    COMPLAINT,
    REQUEST,
    QUESTION,
    PRAISE
}
