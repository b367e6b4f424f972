package dev.earshot.streams;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mention ids a task has seen within the retention: the window store {@value DedupeProcessor#STORE},
 * which is the record and survives crashes and rebalances through its changelog, and in front of it
 * Bloom filters in memory, a few per period, that hold every id the store holds. Nearly every mention
 * is new, and the filters tell so without a RocksDB lookup; only an id they may hold (a repeat, or by
 * chance under one new id in a hundred per period searched) is looked up in the store, so the answer is
 * the store's.
 *
 * <p>The filters are built again from the store whenever the task starts (after the store is
 * restored), so they never miss an id the store has; that reads the whole store on the stream thread
 * (the time it took is logged). A period's filters are dropped only once the store can no longer return
 * an id of that period (below). Full, they take about 1.4 to 2 bytes per id, up to about three times that
 * just after a period outgrew a filter.
 *
 * <p>In the drain benchmark of 2026-12-06 (200,000 mentions, one thread, eight alternated pairs) they
 * took the stream thread's CPU from a median of 17.3 s to 16.1 s (docs/benchmarks/drain-history.md).
 */
final class RecentIds {
    private static final Logger log = LoggerFactory.getLogger(RecentIds.class);
    /**
     * The rate of new ids a period's filters may hold: its first filter is built for half of it, each
     * next one for half the last one's, so however many a period needs, together they stay under it.
     */
    static final double FALSE_POSITIVES = 0.01;
    /**
     * The first filter of the first period holds this many ids, about 20 KB; a later period's first
     * filter is as large as the largest period before it. Each next filter of a period holds twice the
     * last one's ids, so an unforeseen million ids take six filters.
     */
    static final int FIRST_CAPACITY = 1 << 14;
    private final WindowStore<String, Long> store;
    private final long span;
    private final int firstCapacity;
    private final double falsePositives;
    private long storeLookups;
    /** Per period start, its filters. */
    private final TreeMap<Long, Filters> filters = new TreeMap<>();
    /** The latest period put since this object was built, or {@link #NONE}. */
    private long latestPut = NONE;
    private static final long NONE = Long.MIN_VALUE;

    RecentIds(WindowStore<String, Long> store, Duration retention) {
        this(store, retention, FIRST_CAPACITY, FALSE_POSITIVES);
    }

    /**
     * @param firstCapacity  ids the first filter of a period holds
     * @param falsePositives the rate of new ids the filters may hold; tests raise it to see the store answer
     */
    RecentIds(WindowStore<String, Long> store, Duration retention, int firstCapacity, double falsePositives) {
        this.store = store;
        this.span = retention.toMillis();
        this.firstCapacity = firstCapacity;
        this.falsePositives = falsePositives;
        // Nothing is dropped while loading: until its first put after a restart the store may still
        // return ids of periods it would have expired (its stream time starts unknown), so the
        // filters keep them until puts show how far the store's stream time has come.
        long started = System.nanoTime();
        long loaded = 0;
        try (KeyValueIterator<Windowed<String>, Long> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Windowed<String>, Long> id = all.next();
                long period = id.key.window().start();
                note(id.key.key(), period);
                loaded++;
            }
        }
        log.info("Mention ids of {}: {} in {} periods read into Bloom filters in {} ms", store.name(), loaded,
                filters.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Whether a mention with this id and event time was seen, with an event time at most the
     * retention away from this one, either way. The first copy's id is filed in the period of its
     * event time, which is this one's period or one either side.
     */
    boolean seenWithin(String id, long at) {
        long period = period(at);
        // Its own period first: a repeat nearly always carries its first copy's event time.
        return seenIn(id, at, period) || seenIn(id, at, period - span) || seenIn(id, at, period + span);
    }

    /** Files the id under the period of its event time, with the event time. */
    void remember(String id, long at) {
        long period = period(at);
        store.put(id, at, period);
        // The store's stream time is at least the latest period put through this object (after a
        // restart it may be less than the latest period the store holds), and the store returns no
        // id filed its retention (KEPT_PERIODS periods) or more before its stream time.
        if (latestPut != NONE && period <= latestPut - DedupeProcessor.KEPT_PERIODS * span) {
            return; // the store returns nothing of this period: no filters for it
        }
        note(id, period);
        if (period > latestPut) {
            latestPut = period;
            filters.headMap(latestPut - DedupeProcessor.KEPT_PERIODS * span).clear();
        }
    }

    /** How many times the store was asked for an id the filters may hold; for tests. */
    long storeLookups() {
        return storeLookups;
    }

    /** Period starts that have filters, oldest first; for tests. */
    List<Long> filteredPeriods() {
        return new ArrayList<>(filters.keySet());
    }

    private boolean seenIn(String id, long at, long period) {
        Filters inPeriod = filters.get(period);
        if (inPeriod == null || !inPeriod.mightHold(id)) {
            return false;
        }
        storeLookups++;
        Long first = store.fetch(id, period);
        return first != null && Math.abs(first - at) <= span;
    }

    private void note(String id, long period) {
        Filters inPeriod = filters.get(period);
        if (inPeriod == null) {
            long largest = firstCapacity;
            for (Filters other : filters.values()) {
                largest = Math.max(largest, other.held());
            }
            inPeriod = new Filters(largest, falsePositives);
            filters.put(period, inPeriod);
        }
        inPeriod.add(id);
    }

    private long period(long at) {
        return Math.floorDiv(at, span) * span;
    }

    /**
     * The filters of one period: a Bloom filter holds its capacity at the rate asked for and no more,
     * and a period's count is not known beforehand, so a full one is kept and a larger one started.
     */
    private static final class Filters {
        private final List<BloomFilter<CharSequence>> full = new ArrayList<>(2);
        private BloomFilter<CharSequence> current;
        private double currentRate;
        private long capacity;
        private long heldByCurrent;
        private long held;

        Filters(long firstCapacity, double falsePositives) {
            start(firstCapacity, falsePositives / 2);
        }

        void add(String id) {
            if (heldByCurrent == capacity) {
                full.add(current);
                start(capacity * 2, currentRate / 2);
            }
            current.put(id);
            heldByCurrent++;
            held++;
        }

        long held() {
            return held;
        }

        boolean mightHold(String id) {
            if (current.mightContain(id)) {
                return true;
            }
            for (BloomFilter<CharSequence> filter : full) {
                if (filter.mightContain(id)) {
                    return true;
                }
            }
            return false;
        }

        private void start(long capacity, double rate) {
            this.capacity = capacity;
            this.currentRate = rate;
            this.heldByCurrent = 0;
            this.current = BloomFilter.create(Funnels.unencodedCharsFunnel(), capacity, rate);
        }
    }
}
