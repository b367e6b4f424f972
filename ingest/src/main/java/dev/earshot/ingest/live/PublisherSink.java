package dev.earshot.ingest.live;

import dev.earshot.ingest.MentionPublisher;
import dev.earshot.model.Mention;

/**
 * A live feed's sink in production: each mention published to Kafka. A flush confirms only what
 * Kafka stored; once a send has failed (the producer's retries ran out, the broker down for longer
 * than its delivery timeout), every later flush throws. The feeds save their cursor after a flush,
 * so the cursor never moves past a mention Kafka did not store, and the command stops with the
 * error: a restart fetches that mention again (the streams app drops the ones sent twice).
 */
public final class PublisherSink implements MentionSink {
    private final MentionPublisher publisher;
    private final long failedBefore;

    public PublisherSink(MentionPublisher publisher) {
        this.publisher = publisher;
        this.failedBefore = publisher.failed();
    }

    @Override
    public void accept(Mention mention) {
        publisher.publish(mention);
    }

    @Override
    public void flush() {
        publisher.flush();
        long lost = publisher.failed() - failedBefore;
        if (lost > 0) {
            throw new IllegalStateException(lost + (lost == 1 ? " mention was" : " mentions were")
                    + " not stored by Kafka; the cursor stays before them, so a restart fetches them again");
        }
    }
}
