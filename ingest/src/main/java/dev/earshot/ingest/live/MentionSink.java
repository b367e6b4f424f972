package dev.earshot.ingest.live;

import dev.earshot.model.Mention;

/** Where a live connector puts what it maps; in production a {@code MentionPublisher}. */
public interface MentionSink {
    void accept(Mention mention);

    /** Returns once everything accepted so far is stored; a connector saves its cursor after this. */
    void flush();
}
