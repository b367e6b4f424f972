package dev.earshot.app;

import dev.earshot.model.output.OutputTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reading Earshot's output topics as their users do: committed records only, without joining a
 * consumer group (a report or a tail leaves no offsets behind).
 */
final class TopicSnapshot {
    private TopicSnapshot() {
    }

    /** A read_committed consumer that belongs to no group. */
    static KafkaConsumer<String, String> consumer(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "earshot-reader-" + UUID.randomUUID());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Asking for a topic's partitions would otherwise create it on a broker that allows it (the
        // local one does), with the broker's defaults rather than Earshot's policy, and a mistyped
        // prefix would read an empty topic instead of being told it does not exist.
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Where a position falls out of range (retention deleted the segment it was in between the seek
        // and the fetch), go on from the oldest record left: at the default, latest, the partition's
        // records would be skipped without a word.
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    /** Whether the topic exists. */
    static boolean exists(Map<String, Object> client, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(client)) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            return infos != null && !infos.isEmpty();
        }
    }

    /** Every partition of the topic; fails clearly when the topic does not exist. */
    static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist: is the streams app running with this topic prefix?");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /**
     * Moves the consumer, in each of the partitions, to the first record written at or after
     * {@code fromMillis}, or to its end when there is none. The ends are read first: an end read after
     * the search would skip what was committed in between.
     */
    static void seekToTime(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, java.util.Collection<TopicPartition> partitions,
                           long fromMillis) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> at = new java.util.HashMap<>();
        partitions.forEach(p -> at.put(p, fromMillis));
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> offsets = consumer.offsetsForTimes(at);
        for (TopicPartition p : partitions) {
            org.apache.kafka.clients.consumer.OffsetAndTimestamp o = offsets.get(p);
            consumer.seek(p, o == null ? end.get(p) : o.offset());
        }
    }

    /** The topic's committed records from the beginning to its end as of now. */
    static List<ConsumerRecord<String, String>> readAll(Map<String, Object> client, String topic) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(client)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offset, read_committed
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The latest value per key of an output topic, decoded by the topic's codec, in first-seen order.
     * A tombstone removes its key; a value that does not read is left out with a line on stderr, so
     * one odd record does not stop a report.
     */
    static <V> Map<String, V> latestByKey(Map<String, Object> client, OutputTopic<V> topic) {
        Map<String, V> latest = new java.util.LinkedHashMap<>();
        latestByKey(client, topic.name()).forEach((key, json) -> {
            if (json == null) {
                return;
            }
            try {
                latest.put(key, topic.values().fromJson(json));
            } catch (IllegalArgumentException e) {
                System.err.println("left out a record of " + topic.name() + " under key " + key + " that does not read: "
                        + e.getMessage() + " (written by another Earshot version?)");
            }
        });
        return latest;
    }

    /** The latest value per key, in first-seen order: what a compacted view of an update topic shows. */
    static Map<String, String> latestByKey(Map<String, Object> client, String topic) {
        Map<String, String> latest = new java.util.LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : readAll(client, topic)) {
            if (r.key() != null) {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }
}
