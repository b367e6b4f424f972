package dev.earshot.streams;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * One key's windows in a window store, read as a key range from that key to itself, never with the
 * store's single-key {@code fetch} or {@code backwardFetch}: every read of one key's span of a window
 * store that the query API and a processor share goes through here (a point read, {@code fetch(key,
 * time)}, and a read of every key, {@code fetchAll}, take no lock of the store's either).
 *
 * <p>In Kafka Streams 4.3 a cached window store's single-key fetches are {@code synchronized} on the
 * store and take its cache's lock inside, while a commit flushes that cache holding the cache's lock
 * and sends what it flushes on: from the highlights store, to {@code rank-themes}, which reads the
 * same store and so waits for the store's lock. A query of highlights or themes that came in between
 * held the one lock and waited for the other: the query's thread and the stream thread were stuck for
 * good (QueryServerIT failed so in a CI run). The key-range reads take no lock of the store's, only
 * the cache's, which the commit gives back once its flush is done.
 */
public final class OneKeyWindows {
    /**
     * The latest window start a read asks for, some two million years on. A key range's upper bound in
     * RocksDB keeps the key's bytes whole only when the first byte of its end time is 0: asked up to
     * {@code Long.MAX_VALUE}, as "the newest window" reads are, the scan would run through every
     * entry of the keys after this one that share its first letter (Kafka Streams'
     * {@code OrderedBytes.upperRange}), where the single-key read's bound was exact. It is also where
     * {@link #newest} looks up to.
     */
    static final Instant LATEST = Instant.ofEpochMilli((1L << 56) - 1);

    private OneKeyWindows() {
    }

    /** The key's windows starting from {@code from} to {@code to}, both included, oldest first. */
    public static <V> KeyValueIterator<Windowed<String>, V> oldestFirst(ReadOnlyWindowStore<String, V> store, String key,
                                                                        Instant from, Instant to) {
        return store.fetch(key, key, from, bounded(to));
    }

    /** The key's newest window (of those starting from the epoch on) and its value; empty when it has none. */
    public static <V> Optional<KeyValue<Windowed<String>, V>> newest(ReadOnlyWindowStore<String, V> store, String key) {
        try (KeyValueIterator<Windowed<String>, V> it = store.backwardFetch(key, key, Instant.EPOCH, LATEST)) {
            return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
        }
    }

    private static Instant bounded(Instant to) {
        return to.isAfter(LATEST) ? LATEST : to;
    }
}
