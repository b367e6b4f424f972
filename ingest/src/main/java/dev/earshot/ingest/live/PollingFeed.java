package dev.earshot.ingest.live;

import dev.earshot.model.MentionCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the polled feeds share: where mentions go, how problems are reported, the cursor, and the
 * loop that polls every {@code interval} until closed. Subclasses say what one poll does.
 */
abstract class PollingFeed implements LiveFeed {
    protected final String name;
    protected final BrandFilter filter;
    protected final Cursor cursor;
    protected final MentionSink sink;
    protected final Consumer<String> problems;
    protected final MentionCodec codec;
    protected final Poller poller;
    protected final LiveStats stats = new LiveStats();
    private final Duration interval;
    protected volatile boolean closed;

    PollingFeed(String name, BrandFilter filter, Cursor cursor, MentionSink sink, Consumer<String> problems,
                MentionCodec codec, Duration interval, Poller poller) {
        this.name = name;
        this.filter = filter;
        this.cursor = cursor;
        this.sink = sink;
        this.problems = problems;
        this.codec = codec;
        this.interval = interval;
        this.poller = poller;
        poller.reportTo(problem -> problems.accept(name + ": " + problem));
    }

    /** One poll: everything new since the cursor; returns how many items it read. */
    public abstract int pollOnce() throws IOException, InterruptedException;

    @Override
    public LiveStats stats() {
        return stats;
    }

    /** Polls every interval until closed; a feed that streams between polls says how instead. */
    @Override
    public void run() throws InterruptedException {
        while (!closed) {
            try {
                pollOnce();
            } catch (IOException e) {
                if (!closed) {
                    problems.accept(name + ": " + e.getMessage());
                }
            }
            poller.pause(interval); // ended at once by close(), as Hacker News' 30 s would not be
        }
    }

    /**
     * Stops the feed: ends the poller's waits (between polls, backoffs, a rate limit's
     * wait of up to 15 minutes) and the request in flight at once, so that Ctrl+C stops it rather than
     * when the wait or the server's answer is over. Nothing is interrupted: an interrupt would reach
     * the flush and the cursor's file as well.
     */
    @Override
    public void close() {
        closed = true;
        poller.stop();
    }
}
