package dev.earshot.streams.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * The frame of the trials' plain first stage (KIP-447): polls {@code input} and hands each poll over,
 * in one transaction per {@code interval} that carries the offsets of what was polled with the
 * consumer's group metadata, until {@code stop}. Whatever a poll's handler sends goes into the
 * transaction its offsets commit in, so nothing polled is held across a commit.
 */
public final class TransactionalPolls {
    private TransactionalPolls() {
    }

    public static void run(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<?, ?> producer, String input, Duration interval,
                           AtomicBoolean stop, Consumer<ConsumerRecords<byte[], byte[]>> eachPoll) {
        producer.initTransactions();
        consumer.subscribe(List.of(input));
        long intervalNanos = interval.toNanos();
        while (!stop.get()) {
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            long opened = System.nanoTime();
            do {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                eachPoll.accept(records);
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> polled = records.records(partition);
                    offsets.put(partition, new OffsetAndMetadata(polled.get(polled.size() - 1).offset() + 1));
                }
            } while (System.nanoTime() - opened < intervalNanos);
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            producer.commitTransaction();
        }
    }
}
