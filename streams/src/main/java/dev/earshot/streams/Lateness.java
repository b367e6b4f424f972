package dev.earshot.streams;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Late records of one kind (a window size's, or spike detection's) across all tasks and threads of the
 * instance: how many, and the largest grace any of those since the last report needed. Each report
 * turns what is new since the one before into a line for the log, saying what setting would have kept
 * them, or null when nothing is new.
 */
final class Lateness {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong neededGraceMs = new AtomicLong();
    private long reported;

    /** How many in all since start. */
    long count() {
        return count.get();
    }

    /** Counts late records, each of which a grace of {@code neededMs} would have kept. */
    synchronized void add(long records, long neededMs) {
        count.addAndGet(records);
        neededGraceMs.accumulateAndGet(neededMs, Math::max);
    }

    /** The line for (mention, brand) pairs dropped by the windows of one size, whose grace is {@code setting}. */
    synchronized String windowReport(String windows, Duration grace, String setting) {
        Fresh f = fresh();
        return f == null ? null : String.format("%,d (mention, brand) pairs (%,d since start) arrived after the %s windows' "
                        + "grace of %s and were left out of them, the furthest %s past it; %s=%s (or window.grace) would have kept them",
                f.count(), f.total(), windows, setting(grace), human(f.needed().minus(grace)), setting, setting(roundUp(f.needed())));
    }

    /** The line for FEEDBACK mentions spike detection dropped that a longer grace ({@code setting}) would have kept. */
    synchronized String spikeReport(Duration grace, String setting) {
        Fresh f = fresh();
        return f == null ? null : String.format("%,d FEEDBACK mentions (%,d since start) arrived after their spike window had "
                        + "closed and were left out of spike detection, the furthest %s past the end of its minute; %s=%s (now %s) "
                        + "would have kept them", f.count(), f.total(), human(f.needed()), setting, setting(roundUp(f.needed())),
                setting(grace));
    }

    /**
     * The line for FEEDBACK mentions that came, within the grace or past it, into a spike window a release
     * for quiet had closed before stream time would have: a longer quiet ({@code setting}) would have kept them.
     */
    synchronized String afterQuietReport(Duration quiet, String setting) {
        Fresh f = fresh();
        return f == null ? null : String.format("%,d FEEDBACK mentions (%,d since start) arrived after "
                        + "their spike window had been closed early, by a release of what was held when the partials stopped for %s; "
                        + "they were left out of spike detection, and a longer %s would have kept them", f.count(), f.total(),
                setting(quiet), setting);
    }

    /** How many came since the last report, how many in all, and the largest grace any of them needed. */
    private record Fresh(long count, long total, Duration needed) {
    }

    /** What is new since the last report, taken as reported; null when nothing is. */
    private Fresh fresh() {
        long total = count.get();
        if (total == reported) {
            return null;
        }
        long fresh = total - reported;
        reported = total;
        return new Fresh(fresh, total, Duration.ofMillis(neededGraceMs.getAndSet(0)));
    }

    /** A grace to suggest: a whole minute (an hour past a day) above the largest needed. */
    private static Duration roundUp(Duration d) {
        long unit = d.compareTo(Duration.ofDays(1)) > 0 ? 3_600_000L : 60_000L;
        return Duration.ofMillis((d.toMillis() / unit + 1) * unit);
    }

    /** A lateness for people to read: 1h58m30s, 50m, 250ms. */
    private static String human(Duration d) {
        if (d.toSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        long s = d.toSeconds();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                out.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return out.toString();
    }

    /** A duration as a setting takes it, in its largest whole unit: 2h, 61m, 30s, 500ms, and none as 0s. */
    private static String setting(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s == 0 ? "0s" : s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h"
                : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
