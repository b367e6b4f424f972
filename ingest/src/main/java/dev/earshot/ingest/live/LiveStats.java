package dev.earshot.ingest.live;

import java.util.concurrent.atomic.AtomicLong;

/** What a live connector has seen, for its periodic report. */
public final class LiveStats {
    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong filtered = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();

    public long received() {
        return received.get();
    }

    public long sent() {
        return sent.get();
    }

    public long filtered() {
        return filtered.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%,d received, %,d sent, %,d not about tracked brands, %,d rejected, %,d reconnects",
                received(), sent(), filtered(), rejected(), reconnects());
    }
}
