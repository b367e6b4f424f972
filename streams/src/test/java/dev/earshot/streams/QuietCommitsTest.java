package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuietCommitsTest {
    private static final Duration QUIET = Duration.ofMillis(100);

    @Test
    void aTaskAsksOnceWhenItsInputHasBeenQuietForTwoTicksAndTheQuietPeriod() {
        QuietCommits quiet = new QuietCommits(QUIET);
        QuietCommits.Task task = quiet.task();
        quiet.mentionArrived(0);
        task.arrived(0);
        task.wrote();
        assertFalse(task.due(25), "a record came since the last tick");
        assertFalse(task.due(50), "one quiet tick");
        assertFalse(task.due(75), "two quiet ticks, 75 ms");
        assertTrue(task.due(100), "two quiet ticks and 100 ms");
        assertFalse(task.due(125), "asked once");
        task.wrote();
        assertTrue(task.due(150), "until it writes again");
    }

    @Test
    void aTaskThatWroteNothingNeverAsks() {
        QuietCommits.Task task = new QuietCommits(QUIET).task();
        task.arrived(0);
        for (long now = 25; now <= 1_000; now += 25) {
            assertFalse(task.due(now), "at " + now);
        }
    }

    /** A stream thread busy elsewhere for longer than the quiet period, with records between its ticks. */
    @Test
    void longIterationsOfTheThreadDoNotMakeTheInputLookQuiet() {
        QuietCommits quiet = new QuietCommits(QUIET);
        QuietCommits.Task task = quiet.task();
        for (long now = 0; now < 3_000; now += 300) {
            quiet.mentionArrived(now);
            task.arrived(now);
            task.wrote();
            assertFalse(task.due(now + 290), "a tick 290 ms after the last record, with a record since the tick before");
        }
    }

    /**
     * The second stage receives a burst of partials after each commit and nothing between: while
     * mentions reach classification anywhere in the instance, it leaves commits to the interval.
     */
    @Test
    void aLaterStageWaitsUntilTheMentionsStop() {
        QuietCommits quiet = new QuietCommits(QUIET);
        QuietCommits.Task partials = quiet.task();
        partials.arrived(0);
        partials.wrote();
        long now = 25;
        for (; now <= 1_000; now += 25) {
            quiet.mentionArrived(now - 10);
            assertFalse(partials.due(now), "mentions still arrive at " + now);
        }
        long lastMention = now - 35;
        boolean asked = false;
        for (; now <= 1_300 && !asked; now += 25) {
            asked = partials.due(now);
        }
        assertTrue(asked);
        assertTrue(now - 25 - lastMention >= 100, "not before the mentions were quiet for 100 ms");
    }

    @Test
    void zeroTurnsItOff() {
        QuietCommits.Task task = new QuietCommits(Duration.ZERO).task();
        task.arrived(0);
        task.wrote();
        for (long now = 25; now <= 1_000; now += 25) {
            assertFalse(task.due(now));
        }
    }
}
