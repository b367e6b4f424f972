package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

class RecentIdsTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final long D = DAY.toMillis();
    /** Noon of some day, so an hour either way stays in its period. */
    private static final long NOON = 20_000 * D + D / 2;

    /** The store as the pipeline builds it: a period long windows, kept for KEPT_PERIODS of them. */
    private static WindowStore<String, Long> store() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        WindowStore<String, Long> store = Stores.windowStoreBuilder(
                Stores.inMemoryWindowStore(DedupeProcessor.STORE, DAY.multipliedBy(DedupeProcessor.KEPT_PERIODS), DAY, false),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /**
     * A task that starts (after a crash, a restart or a rebalance) finds in its restored store the ids
     * the last owner remembered, and the filters it builds from the store lead it there.
     */
    @Test
    void aStartingTaskFindsEveryIdItsStoreHolds() {
        WindowStore<String, Long> store = store();
        RecentIds before = new RecentIds(store, DAY);
        for (int i = 0; i < 5_000; i++) {
            before.remember("m" + i, NOON + i);
        }
        RecentIds after = new RecentIds(store, DAY);
        for (int i = 0; i < 5_000; i++) {
            assertTrue(after.seenWithin("m" + i, NOON + i + 3_600_000), "m" + i);
        }
        assertFalse(after.seenWithin("m5000", NOON));
        assertFalse(after.seenWithin("m1", NOON + D + 3_600_000 + 2), "beyond the retention of its first copy");
    }

    /**
     * Nearly every mention is new, and nearly every new one is answered without the store: fewer than
     * 1% of 20,000 new ids reach it, though each meets the filters of three periods.
     */
    @Test
    void newIdsRarelyReachTheStore() {
        RecentIds ids = new RecentIds(store(), DAY);
        for (int i = 0; i < 20_000; i++) {
            // Spread over three days, so a lookup meets filters in the period either side too.
            long at = NOON + (i % 3 - 1) * D;
            assertFalse(ids.seenWithin("new" + i, at));
            ids.remember("new" + i, at);
        }
        assertTrue(ids.storeLookups() < 200, "lookups: " + ids.storeLookups());
        assertTrue(ids.seenWithin("new7", NOON - D));
        assertTrue(ids.storeLookups() > 0);
    }

    /**
     * Filters that hold many ids they were never given (up to half of all ids) send those to the store,
     * which answers: no new id is taken for a repeat, and every repeat is found, through filters filled
     * past their first capacity many times over.
     */
    @Test
    void whatTheFiltersMayHoldTheStoreAnswers() {
        RecentIds ids = new RecentIds(store(), DAY, 8, 0.5);
        for (int i = 0; i < 2_000; i++) {
            assertFalse(ids.seenWithin("id" + i, NOON + i), "id" + i + " is new");
            ids.remember("id" + i, NOON + i);
        }
        assertTrue(ids.storeLookups() > 100, "the store answered the false positives: " + ids.storeLookups());
        for (int i = 0; i < 2_000; i++) {
            assertTrue(ids.seenWithin("id" + i, NOON + i), "id" + i + " is a repeat");
        }
    }

    /**
     * A period's filters go once the store returns nothing of the period: the store keeps ids of the
     * latest period it was given and the two before, the filters one period more.
     */
    @Test
    void aPeriodsFiltersGoOnceTheStoreForgetsItsIds() {
        WindowStore<String, Long> store = store();
        RecentIds ids = new RecentIds(store, DAY);
        long day0 = NOON - D / 2;
        ids.remember("a", NOON);
        ids.remember("b", NOON + 2 * D);
        assertEquals(List.of(day0, day0 + 2 * D), ids.filteredPeriods());
        assertTrue(ids.seenWithin("a", NOON), "two periods on, the store still has it");
        ids.remember("c", NOON + 3 * D);
        assertNull(store.fetch("a", day0), "three periods on, the store forgets it");
        assertEquals(List.of(day0, day0 + 2 * D, day0 + 3 * D), ids.filteredPeriods(), "its filters stay a period more");
        ids.remember("d", NOON + 4 * D);
        assertEquals(List.of(day0 + 2 * D, day0 + 3 * D, day0 + 4 * D), ids.filteredPeriods());
        assertFalse(ids.seenWithin("a", NOON));
    }

    /**
     * An id filed in a period the store has already forgotten (a backfill far behind the latest) is
     * not kept by the store, and gets no filters either: the answer for it stays the store's.
     */
    @Test
    void anIdTooLateForTheStoreGetsNoFilters() {
        WindowStore<String, Long> store = store();
        RecentIds ids = new RecentIds(store, DAY);
        long day0 = NOON - D / 2;
        ids.remember("a", NOON + 5 * D);
        ids.remember("late", NOON + 2 * D);
        ids.remember("later", NOON + 3 * D);
        assertEquals(List.of(day0 + 3 * D, day0 + 5 * D), ids.filteredPeriods());
        assertNull(store.fetch("late", day0 + 2 * D));
        assertFalse(ids.seenWithin("late", NOON + 2 * D));
        assertTrue(ids.seenWithin("later", NOON + 3 * D), "two periods back is still kept");
    }

    /**
     * After a restart the store's stream time starts unknown, and it keeps an id however late the
     * first one is: until this task has put a later period, a late id gets filters.
     */
    @Test
    void afterARestartALateIdGetsFiltersUntilALaterPeriodIsPut() {
        WindowStore<String, Long> store = store();
        new RecentIds(store, DAY).remember("a", NOON + 5 * D);
        RecentIds restarted = new RecentIds(store, DAY);
        long day0 = NOON - D / 2;
        restarted.remember("late", NOON + D);
        assertEquals(List.of(day0 + D, day0 + 5 * D), restarted.filteredPeriods());
        restarted.remember("b", NOON + 5 * D);
        restarted.remember("later", NOON + D);
        assertEquals(List.of(day0 + 5 * D), restarted.filteredPeriods(), "once a later period is put, as before");
    }
}
