package dev.earshot.ingest;

import java.time.Instant;

/**
 * Holds a replay to a pace: at most {@code rate} records per second, and/or the pace of the records'
 * own timestamps sped up {@code speedup} times. Zero disables either limit.
 */
final class Pacer {
    private final double rate;
    private final double speedup;
    private long nextSlot;
    private long wallStart;
    private Instant firstEvent;

    Pacer(double rate, double speedup) {
        if (rate < 0 || speedup < 0) {
            throw new IllegalArgumentException("rate and speedup must be >= 0");
        }
        this.rate = rate;
        this.speedup = speedup;
    }

    /** Waits until the next record, stamped {@code eventTime}, may be sent. */
    void await(Instant eventTime) throws InterruptedException {
        long now = System.nanoTime();
        long wait = 0;
        if (rate > 0) {
            if (nextSlot == 0) {
                nextSlot = now;
            }
            wait = Math.max(wait, nextSlot - now);
            nextSlot = Math.max(nextSlot, now - 1_000_000_000L) + (long) (1e9 / rate);
        }
        if (speedup > 0 && eventTime != null) {
            if (firstEvent == null) {
                firstEvent = eventTime;
                wallStart = now;
            }
            long eventOffset = java.time.Duration.between(firstEvent, eventTime).toNanos();
            wait = Math.max(wait, wallStart + (long) (eventOffset / speedup) - now);
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
