package dev.earshot.streams;

import dev.earshot.model.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How one topic Earshot creates keeps its records: which cleanup, for how long, and by which clock.
 *
 * <p>The clock is the point. The streams app stamps its records with the mention's {@code createdAt}
 * (event time), and a broker measures {@code retention.ms} against record timestamps. Left at the
 * broker's defaults, a replay of mentions older than the retention is deleted by the broker's next
 * retention check, minutes after it was written. {@code LogAppendTime} makes the broker stamp each
 * record when it is appended, so retention counts from when Earshot wrote it, and a replay of 2015 is
 * kept exactly as long as today's mentions. Event time is never lost by it: every value carries its
 * {@code createdAt} or its window bounds.
 *
 * @param cleanupPolicy {@code delete}, or {@code compact,delete} for topics whose later values replace
 *                      earlier ones under the same key (the window topics)
 * @param retention     how long a record is kept after it was written; null keeps it forever
 * @param timestampType {@code LogAppendTime} (Earshot's default) or {@code CreateTime}
 */
public record TopicPolicy(String cleanupPolicy, Duration retention, String timestampType) {
    public static final String LOG_APPEND_TIME = "LogAppendTime";
    public static final String CREATE_TIME = "CreateTime";
    static final String DELETE = "delete";
    static final String COMPACT_DELETE = "compact,delete";

    public TopicPolicy {
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(timestampType, "timestampType");
        if (!cleanupPolicy.equals(DELETE) && !cleanupPolicy.equals(COMPACT_DELETE) && !cleanupPolicy.equals("compact")) {
            throw new IllegalArgumentException("cleanup.policy must be delete, compact or compact,delete, was '" + cleanupPolicy + "'");
        }
        if (!timestampType.equals(LOG_APPEND_TIME) && !timestampType.equals(CREATE_TIME)) {
            throw new IllegalArgumentException("topic.timestamp.type must be LogAppendTime or CreateTime, was '" + timestampType + "'");
        }
    }

    /** The topic settings that carry this policy, as the broker names them. */
    public Map<String, String> configs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", cleanupPolicy);
        c.put("retention.ms", String.valueOf(retention == null ? -1 : retention.toMillis()));
        c.put("message.timestamp.type", timestampType);
        return c;
    }

    /**
     * The policy of every topic the app creates, by topic name, read from {@code topic.<kind>.retention}
     * and {@code topic.<kind>.cleanup.policy} (kinds: raw, dlq, classified, engagement.1m,
     * engagement.1h, highlights.1h, themes.1h, share-of-voice.1h, alerts) and {@code topic.timestamp.type}.
     */
    static Map<String, TopicPolicy> from(Settings s, dev.earshot.model.Topics topics) {
        String clock = canonicalClock(s.get("topic.timestamp.type", LOG_APPEND_TIME));
        Map<String, TopicPolicy> out = new LinkedHashMap<>();
        out.put(topics.raw(), read(s, "raw", DELETE, Duration.ofDays(7), clock));
        out.put(topics.deadLetters(), read(s, "dlq", DELETE, Duration.ofDays(30), clock));
        out.put(topics.classified(), read(s, "classified", DELETE, Duration.ofDays(7), clock));
        out.put(topics.engagementMinute(), read(s, "engagement.1m", COMPACT_DELETE, Duration.ofDays(7), clock));
        out.put(topics.engagementHour(), read(s, "engagement.1h", COMPACT_DELETE, Duration.ofDays(90), clock));
        out.put(topics.highlightsHour(), read(s, "highlights.1h", COMPACT_DELETE, Duration.ofDays(90), clock));
        out.put(topics.themesHour(), read(s, "themes.1h", COMPACT_DELETE, Duration.ofDays(90), clock));
        out.put(topics.shareOfVoice(), read(s, "share-of-voice.1h", COMPACT_DELETE, Duration.ofDays(90), clock));
        out.put(topics.feedbackSpikes(), read(s, "alerts", DELETE, Duration.ofDays(90), clock));
        return out;
    }

    /**
     * The settings of {@code wanted} that a topic does not have, with their wanted values; cleanup
     * policies compare as sets ({@code delete,compact} is {@code compact,delete}).
     */
    static Map<String, String> differences(Map<String, String> wanted, java.util.function.Function<String, String> actual) {
        Map<String, String> differ = new LinkedHashMap<>();
        wanted.forEach((key, value) -> {
            String has = actual.apply(key);
            boolean same = has != null && (key.equals("cleanup.policy")
                    ? java.util.Set.of(has.replace(" ", "").split(",")).equals(java.util.Set.of(value.split(",")))
                    : has.equals(value));
            if (!same) {
                differ.put(key, value);
            }
        });
        return differ;
    }

    /** What a difference found by {@link #differences} costs, in a user's terms. */
    static String consequence(Map<String, String> differences) {
        if (differences.containsKey("message.timestamp.type")) {
            return "the broker measures retention from each record's own timestamp, and records stamped with the event time of "
                    + "mentions older than the retention (a replay) are deleted minutes after they are written";
        }
        if (differences.containsKey("delete.retention.ms")) {
            return "the classification buffer's changelog drops its tombstones, and an instance that comes back to a task with "
                    + "the state it left could restore mentions classified in its absence and count them twice";
        }
        if (differences.containsKey("cleanup.policy")) {
            return "the topic's cleanup differs from what its readers expect (windows: the latest value per key)";
        }
        return "records are kept for another time than Earshot documents";
    }

    private static TopicPolicy read(Settings s, String kind, String cleanup, Duration retention, String clock) {
        String key = "topic." + kind + ".retention";
        String value = s.get(key, null);
        Duration keep = value == null ? retention
                : value.strip().equalsIgnoreCase("forever") ? null : Settings.parseDuration(key, value);
        if (keep != null && (keep.isZero() || keep.isNegative())) {
            throw new IllegalArgumentException(key + ": a retention must be longer than zero (or 'forever'), was '" + value + "'");
        }
        String policy = s.get("topic." + kind + ".cleanup.policy", cleanup).strip().toLowerCase(Locale.ROOT).replace(" ", "");
        try {
            return new TopicPolicy(policy.equals("delete,compact") ? COMPACT_DELETE : policy, keep, clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("topic." + kind + ".cleanup.policy: " + e.getMessage(), e);
        }
    }

    private static String canonicalClock(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase(LOG_APPEND_TIME)) {
            return LOG_APPEND_TIME;
        }
        if (v.equalsIgnoreCase(CREATE_TIME)) {
            return CREATE_TIME;
        }
        throw new IllegalArgumentException("topic.timestamp.type must be LogAppendTime or CreateTime, was '" + value + "'");
    }
}
