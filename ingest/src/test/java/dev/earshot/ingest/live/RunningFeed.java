package dev.earshot.ingest.live;

import java.util.function.BooleanSupplier;

/** A live feed run on a thread of its own, as the tests of the live sources start and wait on one. */
final class RunningFeed {
    /** A live source's blocking loop. */
    interface Loop {
        void run() throws InterruptedException;
    }

    private RunningFeed() {
    }

    /** Starts {@code loop} on a new thread; an interrupt ends it quietly. */
    static Thread start(Loop loop) {
        Thread runner = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        return runner;
    }

    /** Waits until {@code done} holds or {@code seconds} have passed, checking every 50 ms. */
    static void awaitUntil(BooleanSupplier done, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
