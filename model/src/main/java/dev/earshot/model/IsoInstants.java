package dev.earshot.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads a mention's {@code createdAt}, an ISO-8601 date-time with an offset, exactly as
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does; and writes an instant exactly as
 * {@link Instant#toString()} does.
 *
 * <p>Written by hand for one reason, measured: the JDK's formatter parses and prints through a
 * general field map; parsing took a twentieth of the streams app's thread in the drain benchmark,
 * for a string whose form every source sends the same way, and printing a quarter of encoding a
 * classified pair ({@link #format}). The common form ({@code 2026-11-20T09:15:00Z}, optionally with
 * a fraction and a {@code ±hh:mm} offset) is read here directly; anything else, and any value out of
 * range, goes to the JDK's parser, so what is accepted and what is refused (with its message) are the
 * JDK's in every case; an instant outside the years 0 to 9999 is written by the JDK.
 */
public final class IsoInstants {
    private IsoInstants() {
    }

    /** The instant, or a {@link java.time.format.DateTimeParseException} as the JDK's parser throws it. */
    public static Instant parse(CharSequence text) {
        Instant fast = common(text);
        return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * The first and the last second of the years {@link Instant#toString()} writes with four digits,
     * 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z; before and after, it writes a sign and more.
     */
    private static final long EPOCH_SECOND_OF_YEAR_ZERO = -62_167_219_200L;
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;
    private static final long SECONDS_PER_DAY = 86_400L;

    /**
     * The instant as {@link Instant#toString()} writes it ({@code 2026-11-20T09:15:00Z}, with a fraction
     * of 3, 6 or 9 digits where it has one). Every classified pair the streams app publishes carries its
     * mention's {@code createdAt}, and the JDK's formatter, which goes through a general field map,
     * took about a quarter of encoding one (500 ns of 1,800 in a loop of generated pairs). Years 0 to
     * 9999 are written here; any other goes to the JDK.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < EPOCH_SECOND_OF_YEAR_ZERO || seconds > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString();
        }
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int nanos = instant.getNano();
        char[] out = new char[30];
        int at = 0;
        at = put(out, at, date.getYear(), 4);
        out[at++] = '-';
        at = put(out, at, date.getMonthValue(), 2);
        out[at++] = '-';
        at = put(out, at, date.getDayOfMonth(), 2);
        out[at++] = 'T';
        at = put(out, at, secondOfDay / 3600, 2);
        out[at++] = ':';
        at = put(out, at, secondOfDay / 60 % 60, 2);
        out[at++] = ':';
        at = put(out, at, secondOfDay % 60, 2);
        if (nanos > 0) {
            out[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = put(out, at, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                at = put(out, at, nanos / 1000, 6);
            } else {
                at = put(out, at, nanos, 9);
            }
        }
        out[at++] = 'Z';
        return new String(out, 0, at);
    }

    /** Writes {@code value} as exactly {@code width} digits, zero-padded; returns the next position. */
    private static int put(char[] out, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            out[k] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)}, in range; null for anything else. */
    private static Instant common(CharSequence s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int width = i - start;
            if (width == 0 || i < n && isDigit(s.charAt(i))) {
                return null;
            }
            for (int k = width; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // 30 February and the like: the JDK's parser says why
        }
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The value of {@code count} ASCII digits from {@code at}, or -1. */
    private static int digits(CharSequence s, int at, int count) {
        int value = 0;
        for (int k = at; k < at + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
