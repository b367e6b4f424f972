package dev.earshot.model.output;

import java.time.Instant;

/** How an output topic's records are keyed. Every key of a windowed figure is built here. */
public enum KeyFormat {
    /** The brand id: {@code lumora}. */
    BRAND,
    /** The brand id and the window's start: {@code lumora@2026-11-20T10:00:00Z}. */
    BRAND_AT_WINDOW_START,
    /** The competitor set id and the window's start: {@code phones@2026-11-20T10:00:00Z}. */
    SET_AT_WINDOW_START;

    /** The key of {@code id}'s record for the window starting at {@code windowStart} (ignored for {@link #BRAND}). */
    public String key(String id, Instant windowStart) {
        return this == BRAND ? id : id + "@" + windowStart;
    }

    /** The id a key starts with: the brand or competitor set. */
    public String id(String key) {
        int at = key.indexOf('@');
        return this == BRAND || at < 0 ? key : key.substring(0, at);
    }

    /** Whether {@code key} has this format: an id alone, or an id, '@' and an ISO-8601 instant. */
    public boolean fits(String key) {
        int at = key == null ? -1 : key.indexOf('@');
        if (this == BRAND) {
            return key != null && !key.isEmpty() && at < 0;
        }
        if (at <= 0) {
            return false;
        }
        try {
            java.time.Instant.parse(key.substring(at + 1));
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
