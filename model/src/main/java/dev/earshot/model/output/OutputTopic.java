package dev.earshot.model.output;

import java.util.Objects;

/**
 * One topic Earshot publishes: its name, how its records are keyed, and the codec of its values.
 * Writers and readers both take all three from here (through {@link dev.earshot.model.Topics}), so
 * a topic's contract is stated once.
 *
 * @param name   the topic's name, prefix included
 * @param key    how its records are keyed
 * @param values the JSON of its values
 * @param schema the file under {@code docs/schemas/} that describes its values
 * @param <V>    the value type
 */
public record OutputTopic<V>(String name, KeyFormat key, OutputCodec<V> values, String schema) {
    public OutputTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(schema, "schema");
    }
}
