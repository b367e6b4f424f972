package dev.earshot.kafka.local;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/** How far a consumer group (the streams app's) has got through a topic, for tests that wait on it. */
public final class ConsumerGroups {
    /** Far longer than the streams app's batch wait (100 ms) and a producer's linger. */
    static final Duration QUIET = Duration.ofSeconds(2);

    private ConsumerGroups() {
    }

    /**
     * Waits until the app's group has committed at least {@code target} offsets of the topic, or with
     * {@code target} -1 every partition to its end (a partition it has no offset for counts as at 0)
     * and the end has then stood still for {@link #QUIET}: the streams app holds arriving mentions up
     * to a batch wait before anything reaches a repartition topic, so a topic fully consumed at one
     * instant may still be about to grow.
     */
    public static void awaitCommitted(String bootstrap, String group, String topic, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, Long> settledEnds = null;
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> positions = new HashMap<>();
                for (var e : committed.entrySet()) {
                    if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                        positions.put(e.getKey(), e.getValue().offset());
                    }
                }
                long sum = positions.values().stream().mapToLong(Long::longValue).sum();
                Map<TopicPartition, Long> behind = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
                Map<TopicPartition, Long> ends = new HashMap<>();
                if (target < 0) {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    }
                    for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                        long end = e.getValue().offset();
                        ends.put(e.getKey(), end);
                        long position = positions.getOrDefault(e.getKey(), 0L);
                        // A topic written in transactions ends each partition with a commit marker that no
                        // consumer position passes until the next record: one offset to spare per partition.
                        if (position < end - 1) {
                            behind.put(e.getKey(), end - position);
                        }
                    }
                }
                if (target >= 0 ? sum >= target : behind.isEmpty() && ends.equals(settledEnds)) {
                    return;
                }
                boolean caughtUp = target < 0 && behind.isEmpty();
                settledEnds = caughtUp ? ends : null; // caught up: done if nothing more arrives while quiet
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(group + " committed " + sum + " of " + topic + ", waiting for "
                            + (target < 0 ? "every partition's end and " + QUIET.toSeconds() + " s without growth; offsets behind: "
                            + behind : target));
                }
                Thread.sleep(caughtUp ? QUIET.toMillis() : 250);
            }
        }
    }
}
