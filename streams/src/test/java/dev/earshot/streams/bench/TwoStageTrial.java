package dev.earshot.streams.bench;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.Classification;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * A trial of issue 14's other design, timed by the drain benchmark in Earshot's place
 * ({@code -DtwoStageTrial=true}): not part of the app, and far from all of it. Stage one is a plain transactional consumer and producer
 * (the KIP-447 pattern: each transaction carries the consumer's offsets with its group metadata): it
 * polls the input, decodes each poll's mentions, classifies them in one batch with the default rules
 * and the benchmark's brands, and sends each (mention, brand) pair's JSON keyed by brand, committing a
 * transaction every {@value #TRANSACTION_MS} ms. Stage two, running at the same time, is a Kafka
 * Streams exactly-once app that reads the pairs and counts them per brand and minute.
 *
 * <p>Neither stage does what Earshot's does beyond that: no duplicates, dead letters, partials, copy
 * marking, suspects, highlights, themes, spikes or share of voice. What it measures is the frame of
 * the design with the classifier in it, against which those must fit: the time from start until stage
 * one has committed the whole input and stage two all of stage one's pairs.
 */
final class TwoStageTrial {
    static final long TRANSACTION_MS = 100;

    private TwoStageTrial() {
    }

    /**
     * Runs both stages over {@code input} ({@code count} mentions) and returns mentions per second.
     *
     * @param id names the trial's topics, groups and transactional id, new for each round
     */
    static double run(String bootstrap, String input, int partitions, Path brandFile, Path stateDir, int count, String id)
            throws Exception {
        String pairsTopic = id + ".pairs";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(pairsTopic, partitions, (short) 1),
                    new NewTopic(id + ".counts", partitions, (short) 1))).all().get();
        }
        KafkaStreams counts = counts(bootstrap, stateDir, id);
        AtomicReference<Exception> failed = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        counts.start();
        Thread stageOne = new Thread(() -> {
            try (Classifier classifier = Classifier.create(BrandCatalog.load(brandFile), RulePack.defaults(),
                    ClassifierSettings.DEFAULT)) {
                classifyAndSend(bootstrap, input, classifier, id, stop);
            } catch (Exception e) {
                failed.set(e);
            }
        }, id + "-stage-one");
        stageOne.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            waitForCommitted(admin, id + "-stage-one", input, false, failed);
            double stageOneSeconds = (System.nanoTime() - start) / 1e9;
            waitForCommitted(admin, id + "-stage-two", pairsTopic, true, failed);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "[earshot-bench]   two-stage trial: input committed after %.1f s, pairs after %.1f s%n",
                    stageOneSeconds, seconds);
            return count / seconds;
        } finally {
            stop.set(true);
            stageOne.join(30_000);
            counts.close(Duration.ofSeconds(30));
        }
    }

    private static void classifyAndSend(String bootstrap, String input, Classifier classifier, String id, AtomicBoolean stop) {
        Map<String, Object> consumerSettings = Map.of("bootstrap.servers", bootstrap, "group.id", id + "-stage-one",
                "isolation.level", "read_committed", "enable.auto.commit", false, "auto.offset.reset", "earliest",
                "max.poll.records", 2_000);
        Map<String, Object> producerSettings = Map.of("bootstrap.servers", bootstrap, "transactional.id", id + "-stage-one",
                "compression.type", "lz4", "linger.ms", 5);
        MentionCodec mentions = MentionCodec.strict();
        ClassifiedMentionCodec pairs = new ClassifiedMentionCodec(mentions);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                     new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            while (!stop.get()) {
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long opened = System.nanoTime();
                do {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                    List<Mention> batch = new ArrayList<>(records.count());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        try {
                            batch.add(mentions.decode(record.value()));
                        } catch (InvalidMentionException e) {
                            // the generator writes none; a real stage sends these to the dead letters
                        }
                        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                    }
                    List<List<Classification>> results = classifier.classifyAll(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        for (Classification c : results.get(i)) {
                            producer.send(new ProducerRecord<>(id + ".pairs", c.brand(), pairs.encode(new ClassifiedMention(batch.get(i), c))));
                        }
                    }
                } while (System.nanoTime() - opened < TRANSACTION_MS * 1_000_000L);
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                }
                producer.commitTransaction();
            }
        }
    }

    /** Stage two: each pair's JSON read back and counted per brand and minute, exactly once. */
    private static KafkaStreams counts(String bootstrap, Path stateDir, String id) {
        ClassifiedMentionCodec pairs = new ClassifiedMentionCodec(MentionCodec.strict());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(id + ".pairs", Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(json -> {
                    try {
                        return pairs.decode(json).classification().category().name();
                    } catch (InvalidMentionException e) {
                        return "unreadable";
                    }
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .count(Materialized.with(Serdes.String(), Serdes.Long()))
                .toStream((window, n) -> window.key() + "@" + window.window().start())
                .to(id + ".counts", Produced.with(Serdes.String(), Serdes.Long()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, id + "-stage-two");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.getInteger("commitMs", 1000));
        return new KafkaStreams(builder.build(), p);
    }

    /**
     * Waits until the group has committed every partition of the topic to the end it has when the wait
     * begins (the pairs' once stage one has committed the whole input). A transactional topic ends with
     * a marker, which a committed offset may stop before.
     */
    private static void waitForCommitted(Admin admin, String group, String topic, boolean transactional,
                                         AtomicReference<Exception> failed) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        while (true) {
            if (failed.get() != null) {
                throw failed.get();
            }
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            if (ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue() - (transactional ? 1 : 0))) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
