package dev.earshot.streams;

import com.carrotsearch.hppc.LongIntHashMap;

/**
 * How many mentions of one brand each author posted in one hour of event time, for the
 * {@link #CAPACITY} authors posting most, the Space-Saving way: once that many are followed, a new
 * author takes the place of the one with the fewest and starts from that count, remembering it as
 * its possible error. An author's count less its error is never more than it truly posted, so a
 * rate limit judged on it never marks a person who stayed under the limit; one who posts more than
 * the hour's mentions over {@link #CAPACITY} is always followed, so a bot is caught once it is past
 * the limit by that much at most. Below {@link #CAPACITY} authors an hour, counts are exact.
 *
 * <p>Written by hand (some forty lines) rather than taken from a sketch library: it is read and
 * rewritten in the store {@code author-rates} once per minute partial, as plain arrays in
 * {@link InternalFormat}, and needs the guaranteed lower bound per author that a rate limit is judged on.
 */
final class AuthorRates {
    static final int CAPACITY = 1_000;

    private final long[] authors;
    private final int[] counts;
    private final int[] errors;
    private int size;
    private final LongIntHashMap slots;
    /**
     * No count is below it: counts only grow, so a least count once seen stays a lower bound, and a
     * slot holding it holds a least count. With many authors at the least count, as an hour of a
     * popular brand has, a new author finds one near where the last was found, instead of every
     * new author scanning all {@link #CAPACITY} slots (1.9% of a warm drain's stream thread, 0.9% after).
     */
    private int floor;
    /** Where the last least count was found. */
    private int cursor;

    AuthorRates(long[] authors, int[] counts, int[] errors, int size) {
        this.authors = new long[CAPACITY];
        this.counts = new int[CAPACITY];
        this.errors = new int[CAPACITY];
        System.arraycopy(authors, 0, this.authors, 0, size);
        System.arraycopy(counts, 0, this.counts, 0, size);
        System.arraycopy(errors, 0, this.errors, 0, size);
        this.size = size;
        this.slots = new LongIntHashMap(size + 16);
        for (int i = 0; i < size; i++) {
            slots.put(authors[i], i);
        }
    }

    static AuthorRates empty() {
        return new AuthorRates(new long[0], new int[0], new int[0], 0);
    }

    int size() {
        return size;
    }

    long author(int i) {
        return authors[i];
    }

    int count(int i) {
        return counts[i];
    }

    int error(int i) {
        return errors[i];
    }

    /**
     * Counts one more mention by {@code author} and answers how many it had certainly posted in the
     * hour before this one.
     */
    int post(long author) {
        int slot = slots.getOrDefault(author, -1);
        if (slot < 0) {
            if (size < CAPACITY) {
                slot = size++;
                errors[slot] = 0;
                counts[slot] = 0;
            } else {
                slot = leastCounted();
                slots.remove(authors[slot]);
                errors[slot] = counts[slot];
            }
            authors[slot] = author;
            slots.put(author, slot);
        }
        int before = counts[slot] - errors[slot];
        counts[slot]++;
        return before;
    }

    /** The slot of an author with the fewest mentions, the one a new author takes the place of. */
    private int leastCounted() {
        for (int n = 0, i = cursor; n < size; n++, i = i + 1 == size ? 0 : i + 1) {
            if (counts[i] <= floor) {
                cursor = i;
                return i;
            }
        }
        int least = 0;
        for (int i = 1; i < size; i++) {
            if (counts[i] < counts[least]) {
                least = i;
            }
        }
        floor = counts[least];
        cursor = least;
        return least;
    }

    /** A handle as the rates know it: case does not make another author. 0 for none. */
    static long key(String handle) {
        if (handle == null || handle.isEmpty()) {
            return 0;
        }
        // FNV-1a, 64 bits: two handles of one brand's hour share a key with a chance of about 2^-50.
        long h = 0xcbf29ce484222325L;
        String lower = handle.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            h ^= lower.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
