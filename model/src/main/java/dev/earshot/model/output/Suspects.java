package dev.earshot.model.output;

import dev.earshot.model.SuspectReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The suspect pairs among a window's: their figures, and how many were suspect for each
 * {@link SuspectReason} (a pair with two reasons counts under both, once in {@code totals}).
 */
public record Suspects(Counts totals, Map<SuspectReason, Long> byReason) {
    public static final Suspects NONE = new Suspects(Counts.ZERO, Map.of());

    public Suspects {
        Objects.requireNonNull(totals, "totals");
        EnumMap<SuspectReason, Long> copy = new EnumMap<>(SuspectReason.class);
        if (byReason != null) {
            byReason.forEach((reason, n) -> {
                if (n != null && n > 0) {
                    copy.put(reason, n);
                }
            });
        }
        byReason = Collections.unmodifiableMap(copy);
    }

    public long mentions() {
        return totals.mentions();
    }

    public Suspects plus(Suspects other) {
        if (other.totals.mentions() == 0) {
            return this;
        }
        EnumMap<SuspectReason, Long> next = new EnumMap<>(SuspectReason.class);
        next.putAll(byReason);
        other.byReason.forEach((reason, n) -> next.merge(reason, n, Long::sum));
        return new Suspects(totals.plus(other.totals), next);
    }
}
