package dev.earshot.kafka.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group (the streams app's) has got through a topic, for tests that wait on it. */
public final class ConsumerGroups {
    private ConsumerGroups() {
    }

    /** Waits until the app's group has committed at least {@code target} offsets of the topic (-1: all it holds). */
    public static void awaitCommitted(String bootstrap, String group, String topic, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long sum = 0;
                long end = 0;
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (var e : committed.entrySet()) {
                    if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                        sum += e.getValue().offset();
                        latest.put(e.getKey(), OffsetSpec.latest());
                    }
                }
                if (target < 0 && !latest.isEmpty()) {
                    for (var o : admin.listOffsets(latest).all().get().values()) {
                        end += o.offset();
                    }
                }
                // A topic written in transactions ends each partition with a commit marker that no
                // consumer position passes until the next record: one offset per partition to spare.
                if (target >= 0 ? sum >= target : !latest.isEmpty() && sum >= end - latest.size()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(group + " committed " + sum + " of " + topic + ", waiting for " + (target < 0 ? end : target));
                }
                Thread.sleep(250);
            }
        }
    }
}
