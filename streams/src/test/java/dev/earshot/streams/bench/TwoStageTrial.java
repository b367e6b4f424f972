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
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * A trial of issue 14's other design, timed by the drain benchmark in Earshot's place
 * ({@code -DtwoStageTrial=true}): not part of the app, and far from all of it. Stage one is a plain
 * transactional consumer and producer (the KIP-447 pattern: each transaction carries the consumer's
 * offsets with its group metadata): it polls the input, decodes each poll's mentions, classifies them
 * in one batch with the default rules and the benchmark's brands, and sends each (mention, brand)
 * pair's JSON keyed by brand, committing a transaction each commit interval ({@code -DcommitMs}).
 * Stage two, running at the same time on a thread of its own, is a Kafka Streams exactly-once app
 * that reads the pairs and counts them per brand and minute. {@code -Dthreads}, {@code -Dinstances}
 * and Earshot's or Kafka's settings of the benchmark do not apply to it.
 *
 * <p>Neither stage does what Earshot's does beyond that: no duplicates, dead letters, partials, copy
 * marking, suspects, highlights, themes, spikes or share of voice. What it measures is the frame of
 * the design with the classifier in it, against which those must fit: the time from start until stage
 * one has committed the whole input and stage two all of stage one's pairs.
 */
final class TwoStageTrial {
    private TwoStageTrial() {
    }

    /**
     * Runs both stages over {@code input} ({@code count} mentions) and returns mentions per second.
     * The classifier is built before the clock starts, as Earshot's is built before its app starts.
     *
     * @param id     names the trial's topics, groups and transactional id, new for each round
     * @param whenDone run once both stages are done, before they stop: what reads their threads' CPU time
     */
    static double run(String bootstrap, String input, int partitions, Path brandFile, Path stateDir, int count, String id,
                      Runnable whenDone) throws Exception {
        String pairs = id + ".pairs";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(pairs, partitions, (short) 1),
                    new NewTopic(id + ".counts", partitions, (short) 1))).all().get();
        }
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (Classifier classifier = Classifier.create(BrandCatalog.load(brandFile), RulePack.defaults(),
                ClassifierSettings.DEFAULT);
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            KafkaStreams counts = counts(bootstrap, stateDir, id, pairs);
            counts.setUncaughtExceptionHandler(e -> {
                failed.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            Thread stageOne = new Thread(() -> {
                try {
                    classifyAndSend(bootstrap, input, classifier, id, pairs, stop);
                } catch (Throwable e) { // an Error too: the wait below would otherwise never end
                    failed.compareAndSet(null, e);
                }
            }, id + "-stage-one");
            stageOne.setDaemon(true);
            long start = System.nanoTime();
            counts.start();
            stageOne.start();
            try {
                PipelineBenchmark.waitForCommitted(admin, id + "-stage-one", List.of(input), false, failed::get);
                double stageOneSeconds = (System.nanoTime() - start) / 1e9;
                PipelineBenchmark.waitForCommitted(admin, id + "-stage-two", List.of(pairs), true, failed::get);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "[earshot-bench]   two-stage trial: input committed after %.1f s, pairs after %.1f s%n",
                        stageOneSeconds, seconds);
                whenDone.run();
                return count / seconds;
            } finally {
                stop.set(true);
                try {
                    stageOne.join(30_000);
                    if (stageOne.isAlive()) {
                        System.out.println("[earshot-bench]   two-stage trial: stage one did not stop within 30 s");
                    }
                } finally {
                    counts.close(Duration.ofSeconds(30));
                }
            }
        }
    }

    private static void classifyAndSend(String bootstrap, String input, Classifier classifier, String id, String pairsTopic,
                                        AtomicBoolean stop) {
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
            // One transaction per commit interval, as Earshot and the copy commit.
            TransactionalPolls.run(consumer, producer, input, PipelineBenchmark.commitInterval(), stop, records -> {
                List<Mention> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    try {
                        batch.add(mentions.decode(record.value()));
                    } catch (InvalidMentionException e) {
                        // the generator writes none; a real stage sends these to the dead letters
                    }
                }
                List<List<Classification>> results = classifier.classifyAll(batch);
                for (int i = 0; i < batch.size(); i++) {
                    for (Classification c : results.get(i)) {
                        producer.send(new ProducerRecord<>(pairsTopic, c.brand(), pairs.encode(new ClassifiedMention(batch.get(i), c))));
                    }
                }
            });
        }
    }

    /** Stage two: each pair's JSON read back and counted per brand and minute, exactly once. */
    private static KafkaStreams counts(String bootstrap, Path stateDir, String id, String pairsTopic) {
        ClassifiedMentionCodec pairs = new ClassifiedMentionCodec(MentionCodec.strict());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(pairsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
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
        return new KafkaStreams(builder.build(), PipelineBenchmark.exactlyOnce(id + "-stage-two", bootstrap, stateDir));
    }
}
