package dev.earshot.ingest;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports a replay's progress: a redrawn bar with rate and ETA on a terminal, a plain line every
 * few seconds otherwise (logs, CI), or nothing; the caller prints the summary at the end.
 */
public final class Progress {
    /** How progress is shown. */
    public enum Style {
        /** A bar redrawn in place with carriage returns: for a terminal only. */
        BAR,
        /** A plain line every few seconds: for logs and pipes. */
        LINES,
        /** Nothing but the summary. */
        NONE
    }

    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private static final long BAR_INTERVAL_NANOS = 200_000_000L;

    private final PrintStream out;
    private final Style style;
    private final boolean terminal;
    private final long totalBytes;
    private final long started = System.nanoTime();
    private long lastPrinted = started;

    /**
     * @param totalBytes the input's size when known (a file), else -1 (standard input)
     */
    public Progress(PrintStream out, Style style, long totalBytes) {
        this.out = out;
        this.style = style;
        this.terminal = style == Style.BAR;
        this.totalBytes = totalBytes;
    }

    /** Prints progress if it is time to. */
    public void update(long bytes, long sent, long rejected) {
        if (style == Style.NONE) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrinted < (terminal ? BAR_INTERVAL_NANOS : LINE_INTERVAL_NANOS)) {
            return;
        }
        lastPrinted = now;
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? sent / seconds : 0;
        if (terminal) {
            out.print("\r" + bar(bytes) + String.format(Locale.ROOT, " %,d sent  %,d rejected  %,.0f/s  %s  ",
                    sent, rejected, rate, eta(bytes, seconds)));
        } else {
            out.printf(Locale.ROOT, "progress: %,d sent, %,d rejected, %,.0f mentions/s%s%n", sent, rejected, rate,
                    totalBytes > 0 ? String.format(Locale.ROOT, ", %.0f%% read", 100.0 * bytes / totalBytes) : "");
        }
        out.flush();
    }

    /** Clears the bar; the caller prints the summary. */
    public void finish() {
        if (terminal) {
            out.print("\r" + " ".repeat(100) + "\r");
            out.flush();
        }
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private String bar(long bytes) {
        if (totalBytes <= 0) {
            return "[reading]";
        }
        int width = 30;
        int filled = (int) Math.min(width, width * bytes / totalBytes);
        return "[" + "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "") + "] "
                + String.format(Locale.ROOT, "%3.0f%%", 100.0 * bytes / totalBytes);
    }

    private String eta(long bytes, double seconds) {
        if (totalBytes <= 0 || bytes <= 0) {
            return "";
        }
        long remaining = (long) (seconds * (totalBytes - bytes) / bytes);
        return String.format(Locale.ROOT, "ETA %d:%02d", remaining / 60, remaining % 60);
    }
}
