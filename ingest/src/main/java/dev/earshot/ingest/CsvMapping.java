package dev.earshot.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Problem;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one row of a listening tool's CSV export into a mention: which column feeds which field,
 * how timestamps are written, and what platform to assume. The row becomes a wire-format document
 * and goes through the same strict validation as any other input.
 */
public final class CsvMapping {
    /** Mention fields a column can feed. */
    public static final Set<String> FIELDS = Set.of("id", "platform", "createdAt", "text", "url", "lang",
            "author.handle", "author.followers", "author.verified", "engagement.likes", "engagement.shares",
            "engagement.comments", "engagement.views", "promoted", "links");
    private static final Set<String> COUNTS = Set.of("author.followers", "engagement.likes", "engagement.shares",
            "engagement.comments", "engagement.views");
    private static final Set<String> FLAGS = Set.of("author.verified", "promoted");

    private final Map<String, String> columnFor;
    private final String timeFormat;
    private final DateTimeFormatter pattern;
    private final ZoneId zone;
    private final String platform;

    /**
     * @param map        field to column name; fields not named map to a column of the same name
     * @param timeFormat {@code iso} (default), {@code epoch-s}, {@code epoch-ms}, or a
     *                   {@link DateTimeFormatter} pattern such as {@code yyyy-MM-dd HH:mm:ss}
     * @param zone       the zone of timestamps written without one
     * @param platform   the platform of rows without a platform column
     */
    public CsvMapping(Map<String, String> map, String timeFormat, ZoneId zone, String platform) {
        for (String field : map.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("--map: unknown field '" + field + "' (fields: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        this.columnFor = new LinkedHashMap<>(map);
        this.timeFormat = timeFormat == null ? "iso" : timeFormat;
        this.zone = zone;
        this.platform = platform;
        DateTimeFormatter p = null;
        if (!List.of("iso", "epoch-s", "epoch-ms").contains(this.timeFormat)) {
            try {
                p = DateTimeFormatter.ofPattern(this.timeFormat, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--time-format: not a date pattern: " + e.getMessage());
            }
        }
        this.pattern = p;
    }

    /** Parses {@code text=tweet_text,createdAt=created} into a field-to-column map. */
    public static Map<String, String> parseMap(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("--map: expected field=column, got '" + pair + "'");
            }
            map.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return map;
    }

    /**
     * The mention in a row.
     *
     * A row without an id gets one made of all it holds ({@link #contentId}): replays of it give the same
     * id, and rows differ unless every column does not.
     */
    public Mention toMention(Map<String, String> row, MentionCodec codec) throws InvalidMentionException {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        List<Problem> problems = new ArrayList<>();
        for (String field : FIELDS) {
            String value = row.get(columnFor.getOrDefault(field, field));
            if (value == null || value.isEmpty()) {
                continue;
            }
            try {
                put(doc, field, value);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                problems.add(new Problem(field, e.getMessage()));
            }
        }
        if (!doc.has("platform") && platform != null) {
            doc.put("platform", platform);
        }
        if (!doc.has("id")) {
            doc.put("id", contentId(row));
        }
        if (!problems.isEmpty()) {
            throw new InvalidMentionException(problems);
        }
        return codec.fromTree(doc);
    }

    /**
     * {@code csv:} and 32 hex digits of a SHA-256 of every column of the row, by name: an id from the
     * file's name and line made rows of two exports of the same name (or two piped through {@code -})
     * share ids, and the streams app dropped the second as repeats while the replay said it sent them.
     * Every column, not only those mapped: two people's "Love it!" at the same minute differ in some.
     */
    static String contentId(Map<String, String> row) {
        StringBuilder content = new StringBuilder();
        new java.util.TreeMap<>(row).forEach((column, value) -> content.append(column).append('\u0000')
                .append(value == null ? "" : value).append('\u0001'));
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(content.toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "csv:" + java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void put(ObjectNode doc, String field, String value) {
        String v = value.strip();
        ObjectNode target = doc;
        String name = field;
        int dot = field.indexOf('.');
        if (dot > 0) {
            String parent = field.substring(0, dot);
            target = doc.has(parent) ? (ObjectNode) doc.get(parent) : doc.putObject(parent);
            name = field.substring(dot + 1);
        }
        if (COUNTS.contains(field)) {
            try {
                target.put(name, Long.parseLong(v.replace(",", "").replace("_", "")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number, got '" + abbreviate(v) + "'");
            }
        } else if (FLAGS.contains(field)) {
            target.put(name, switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "y" -> true;
                case "false", "no", "0", "n", "" -> false;
                default -> throw new IllegalArgumentException("expected true or false, got '" + abbreviate(v) + "'");
            });
        } else if (field.equals("links")) {
            var links = target.putArray(name);
            for (String link : v.split("[\\s|]+")) {
                if (!link.isEmpty()) {
                    links.add(link);
                }
            }
        } else if (field.equals("createdAt")) {
            try {
                target.put(name, instant(v).toString());
            } catch (java.time.DateTimeException e) {
                // A parse error, or an epoch beyond the instants Java holds ("99999999999999999").
                throw new IllegalArgumentException("not a timestamp in the format " + timeFormat + ": '" + abbreviate(v) + "'");
            }
        } else {
            target.put(name, value);
        }
    }

    private Instant instant(String v) {
        switch (timeFormat) {
            case "epoch-s":
                return Instant.ofEpochSecond(parseLong(v));
            case "epoch-ms":
                return Instant.ofEpochMilli(parseLong(v));
            case "iso":
                try {
                    return java.time.OffsetDateTime.parse(v).toInstant();
                } catch (DateTimeParseException e) {
                    return LocalDateTime.parse(v).atZone(zone).toInstant();
                }
            default:
                TemporalAccessor t = pattern.parseBest(v, ZonedDateTime::from, LocalDateTime::from);
                return t instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) t).atZone(zone).toInstant();
        }
    }

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an epoch number, got '" + abbreviate(v) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
