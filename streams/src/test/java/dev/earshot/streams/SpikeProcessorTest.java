package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Category;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.SentimentCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spike grace's holding and release, one task at a time, where {@link PipelineTest} cannot reach:
 * thousands of held partials, a restart over what an earlier run held, and the wall clock moved at will.
 */
class SpikeProcessorTest {
    /** A 15-minute window's start. */
    private static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final KeyValueStore<String, SpikeDetector.State> states = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(SpikeProcessor.STORE), Serdes.String(), InternalFormat.spikeStateSerde())
            .withLoggingDisabled().build();
    private final KeyValueStore<Bytes, SpikeProcessor.HeldPartial> held = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(SpikeProcessor.HELD_STORE), Serdes.Bytes(), InternalFormat.heldPartialSerde())
            .withLoggingDisabled().build();
    private final KeyValueStore<String, FeedbackSpike> alerts = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(SpikeProcessor.ALERT_STORE), Serdes.String(), StreamsJson.serde(FeedbackSpike.class))
            .withLoggingDisabled().build();
    private final PipelineCounters counters = new PipelineCounters();
    private long offset;
    /** The task's stream time, which Kafka Streams keeps across runs with the committed offsets. */
    private long streamTime = -1;

    @BeforeEach
    void openStores() {
        MockProcessorContext<String, FeedbackSpike> context = new MockProcessorContext<>();
        for (KeyValueStore<?, ?> store : List.of(states, held, alerts)) {
            store.init(context.getStateStoreContext(), store);
        }
    }

    /**
     * A backfill held whole by a day's grace is released, once its partials stop, 5,000 partials a
     * second: a second's transaction never carries the whole backfill. Partials arriving in a second
     * whose releases are spent wait for the next, even when stream time has made them due.
     */
    @Test
    void heldPartialsAreReleasedAtMostFiveThousandASecond() {
        Task task = new Task(Duration.ofDays(1));
        for (int i = 0; i < 6_000; i++) {
            task.arrive(T0 + i / 6 * MINUTE + i % 6 * 1000, 1); // 1,000 minutes, six partials each
        }
        assertEquals(6_000, held.approximateNumEntries(), "within the grace, all held");

        task.tick(QUIET.toMillis() - 1);
        assertEquals(6_000, held.approximateNumEntries(), "not quiet yet");
        task.tick(QUIET.toMillis());
        assertEquals(1_000, held.approximateNumEntries(), "5,000 released in the first second of quiet");
        task.tick(QUIET.toMillis() + 999);
        assertEquals(1_000, held.approximateNumEntries(), "none more within that second");

        task.arrive(T0 + Duration.ofDays(2).toMillis(), 1); // makes every minute held due, in the same second
        assertEquals(1_001, held.approximateNumEntries(), "a partial in a spent second releases nothing");
        task.tick(QUIET.toMillis() + 1000);
        assertEquals(1, held.approximateNumEntries(), "the next second releases all that is due, the last partial not yet");
        assertEquals(0, counters.lateForSpikes(), "released in the order of their minutes, none late");
        assertEquals(T0 + 999 * MINUTE / (15 * MINUTE) * 15 * MINUTE, states.get("lumora").windowStart().toEpochMilli(),
                "the backfill's last window is open");
    }

    /**
     * A task that restarts over partials an earlier run held, and then receives none, releases them once
     * the quiet has passed since its start: they do not wait for the next mention.
     */
    @Test
    void whatAnEarlierRunHeldIsReleasedAfterTheQuietSinceStart() {
        leaveTwoPartialsHeld();

        Task after = new Task(Duration.ofHours(1), 500_000);
        after.tick(500_000 + QUIET.toMillis() - 1);
        assertEquals(2, held.approximateNumEntries(), "not quiet yet since the start");
        after.tick(500_000 + QUIET.toMillis());
        assertEquals(0, held.approximateNumEntries());
        assertEquals(7, states.get("lumora").count(), "both partials seen");
    }

    /**
     * A run without a grace, over partials a run with one left, sees them at its first tick and says when
     * it holds none, which is what an operator rolling back waits for; partials then go straight to
     * detection.
     */
    @Test
    void aRunWithoutAGraceReleasesWhatOneWithAGraceLeftAndSaysWhenItHoldsNone() {
        leaveTwoPartialsHeld();

        try (LogLines lines = LogLines.of(SpikeProcessor.class)) {
            Task after = new Task(Duration.ZERO, 500_000);
            after.tick(501_000);
            assertEquals(0, held.approximateNumEntries(), "released at the first tick, without waiting for the quiet");
            assertEquals(List.of("spike detection of task 0_0 has seen every partial held by a run with spike.grace; it holds none now"),
                    lines.messages());
            after.arrive(T0 + 2 * MINUTE, 5);
            assertEquals(0, held.approximateNumEntries(), "not held");
            assertEquals(12, states.get("lumora").count());
            after.tick(502_000);
            assertEquals(1, lines.messages().size(), "said once");
        }
    }

    /**
     * Feedback past the grace when it comes, for a window that a release for quiet closed before stream
     * time had made the closing window due: a longer grace would not have kept it, a longer quiet would.
     * Where stream time closed it, a longer grace would have.
     */
    @Test
    void lateFeedbackIsToldApartByWhatClosedItsWindow() {
        Task task = new Task(Duration.ofMinutes(5));
        task.arrive(T0 + 2 * MINUTE, 3);
        task.arrive(T0 + 16 * MINUTE, 3); // releases 10:02's; held itself until stream time passes 10:22
        task.tick(QUIET.toMillis()); // 10:16's released for quiet: it closes the first window
        assertEquals(0, held.approximateNumEntries());

        task.arrive(T0 + 3 * MINUTE, 2); // at stream time 10:16, 12 minutes past the end of its minute, over the grace
        assertEquals(2, counters.lateForSpikesAfterQuiet.count(), "the window was closed by the release for quiet");
        assertEquals(0, counters.lateForSpikes.count());
        assertEquals("2 FEEDBACK mentions (2 since start) arrived after their spike window had been closed early, by a release"
                + " of what was held when the partials stopped for 1m; they were left out of spike detection, and a longer"
                + " spike.grace.quiet would have kept them", counters.lateForSpikesAfterQuiet.afterQuietReport(QUIET, "spike.grace.quiet"));

        task.arrive(T0 + 30 * MINUTE, 3); // stream time 10:30: held until it passes 10:36
        task.arrive(T0 + 40 * MINUTE, 3); // stream time 10:40: 10:30's released, and it closes the second window
        assertTrue(states.get("lumora").windowStart().toEpochMilli() >= T0 + 30 * MINUTE, "the second window closed");
        task.arrive(T0 + 17 * MINUTE, 4);
        assertEquals(4, counters.lateForSpikes.count(), "stream time closed it: a longer grace would have kept it");
        assertEquals(2, counters.lateForSpikesAfterQuiet.count());
    }

    /** A run with an hour's grace, stopped while it holds two partials: 3 and 4 complaints. */
    private void leaveTwoPartialsHeld() {
        Task before = new Task(Duration.ofHours(1));
        before.arrive(T0, 3);
        before.arrive(T0 + MINUTE, 4);
        assertEquals(2, held.approximateNumEntries());
    }

    private static MinutePartial complaints(int n) {
        Counts counts = new Counts(n, 0, 0, 0, 0);
        return new MinutePartial(counts, Map.of(Category.FEEDBACK, counts), List.of(), SentimentCounts.ZERO);
    }

    /** One run of spike detection's task over this test's stores, on a wall clock the test moves. */
    private final class Task {
        private final MockProcessorContext<String, FeedbackSpike> context = new MockProcessorContext<>();
        private final SpikeProcessor processor;

        Task(Duration grace) {
            this(grace, 0);
        }

        /** A task started at this wall-clock time over the stores as an earlier run left them. */
        Task(Duration grace, long startedAt) {
            context.setCurrentSystemTimeMs(startedAt);
            context.setCurrentStreamTimeMs(streamTime);
            for (KeyValueStore<?, ?> store : List.of(states, held, alerts)) {
                context.addStateStore(store);
            }
            processor = new SpikeProcessor(new SpikeSettings(Duration.ofMinutes(15), 0.3, 3.0, 10, 4, Duration.ofHours(1),
                    false, grace, QUIET), SuspectSettings.DEFAULT, counters, null);
            processor.init(context);
        }

        /** A partial of {@code complaints} FEEDBACK pairs of lumora, at this event time, as stream time moves with it. */
        void arrive(long timestamp, int complaints) {
            context.setRecordMetadata("mentions-by-brand", 0, offset++);
            streamTime = Math.max(streamTime, timestamp);
            context.setCurrentStreamTimeMs(streamTime);
            processor.process(new Record<>("lumora", complaints(complaints), timestamp));
        }

        /** The wall-clock punctuation at this time. */
        void tick(long now) {
            context.setCurrentSystemTimeMs(now);
            context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                    .forEach(p -> p.getPunctuator().punctuate(now));
        }
    }
}
