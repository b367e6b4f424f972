package dev.earshot.model;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Raw settings for one module's typed configuration: a properties file, overridden by environment
 * variables. A key {@code webhook.max.body.bytes} is overridden by {@code EARSHOT_WEBHOOK_MAX_BODY_BYTES}
 * (upper case, dots and dashes as underscores, prefixed {@code EARSHOT_}).
 *
 * <p>Typed configuration records (IngestConfig, StreamsConfig, …) read their fields from here and
 * document each one where it is declared.
 */
public final class Settings {
    private final Map<String, String> values;
    private final Map<String, String> env;

    private Settings(Map<String, String> values, Map<String, String> env) {
        this.values = Collections.unmodifiableMap(values);
        this.env = Map.copyOf(env);
    }

    /**
     * @param file properties file, or null for none
     * @param env  the environment (System.getenv() in production, a map in tests)
     */
    public static Settings load(Path file, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the configuration file " + file, e);
            }
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).strip()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith("EARSHOT_KAFKA_")) {
                // Kafka client settings: EARSHOT_KAFKA_SASL_MECHANISM gives kafka.sasl.mechanism.
                values.put("kafka." + name.substring("EARSHOT_KAFKA_".length()).toLowerCase(Locale.ROOT)
                        .replace('_', '.'), value);
            }
        });
        return new Settings(values, env);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(new TreeMap<>(values), Map.of());
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return "EARSHOT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of {@code key}: its environment variable, else the file, else {@code fallback}. */
    public String get(String key, String fallback) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null) {
            return fromEnv.strip();
        }
        return values.getOrDefault(key, fallback);
    }

    /**
     * The file {@code key} names, or null when it names none: unset, or set to nothing, as
     * {@code EARSHOT_CLASSIFIER_MODEL=} or compose's {@code ${X:-}} leave it ({@code Path.of("")} would
     * be the working directory, and fail later in words about an empty file name).
     */
    public java.nio.file.Path getPath(String key) {
        String value = get(key, null);
        return value == null || value.isBlank() ? null : java.nio.file.Path.of(value.strip());
    }

    public int getInt(String key, int fallback) {
        String value = get(key, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a whole number, was '" + value + "'");
        }
    }

    public long getLong(String key, long fallback) {
        String value = get(key, null);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a whole number, was '" + value + "'");
        }
    }

    /**
     * A secret: the environment's value of {@code key}, else of the file it names ({@code key.file}),
     * else the settings file's value, else of the file that names; surrounding whitespace removed (a
     * file written by an editor or a secret mount ends in a newline), else null. The environment wins
     * as it does for every setting, its file too ({@code EARSHOT_HTTP_TOKEN_FILE} over an
     * {@code http.token} in the settings file), and a value set to nothing counts as unset
     * ({@code EARSHOT_HTTP_TOKEN=} does not hide the file). A file that cannot be read is an error
     * naming the setting, never the secret.
     */
    public String secret(String key) {
        for (Map<String, String> source : List.of(env, values)) {
            boolean environment = source == env;
            String value = blankAsUnset(source.get(environment ? envName(key) : key));
            if (value != null) {
                return value;
            }
            String file = blankAsUnset(source.get(environment ? envName(key + ".file") : key + ".file"));
            if (file != null) {
                try {
                    return java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException(key + ".file " + file + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }

    private static String blankAsUnset(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public boolean getBoolean(String key, boolean fallback) {
        String value = get(key, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(key + ": expected true or false, was '" + value + "'");
        };
    }

    /** A finite number: "NaN" or "Infinity" would pass every range check below them ({@code k < 0}) and then compare false. */
    public double getDouble(String key, double fallback) {
        String value = get(key, null);
        double parsed;
        try {
            parsed = value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a number, was '" + value + "'");
        }
        if (value != null && !Double.isFinite(parsed)) {
            throw new IllegalArgumentException(key + ": expected a finite number, was '" + value + "'");
        }
        return parsed;
    }

    /** A duration in ISO-8601 ({@code PT15M}) or as a number with a unit: {@code 15m}, {@code 24h}, {@code 500ms}. */
    public Duration getDuration(String key, Duration fallback) {
        String value = get(key, null);
        return value == null ? fallback : parseDuration(key, value);
    }

    /** Parses 15m, 24h, 500ms, 7d or an ISO-8601 duration; the error names {@code key}. */
    public static Duration parseDuration(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException(v);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": expected a duration such as 15m, 24h or PT30S, was '" + value + "'");
        }
    }

    /** Every setting under {@code prefix}, with the prefix removed: {@code kafka.} gives Kafka client settings. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
