package dev.earshot.ingest.live;

/** A live public feed: runs until closed, sending mentions of tracked brands to its sink. */
public interface LiveFeed extends AutoCloseable {
    /** Follows the feed until {@link #close()}; reconnects and backs off by itself. */
    void run() throws InterruptedException;

    LiveStats stats();

    /** Asks {@link #run()} to return after saving its cursor. */
    @Override
    void close();
}
