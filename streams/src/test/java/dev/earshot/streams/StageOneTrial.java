package dev.earshot.streams;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A trial of issue 14's other design with Earshot's own work in it, timed by the drain benchmark in
 * Earshot's place ({@code -DstageOneTrial=true}); not part of the app. Stage one is a plain
 * transactional consumer and producer (KIP-447: each transaction carries the consumer's offsets): it
 * decodes each poll's mentions and hands them to Earshot's own {@link BatchClassifier}, which classifies
 * the poll as one batch and adds its pairs up into minute partials (each pair encoded for
 * {@code mentions.classified}) and hourly highlights, exactly as in the app; those are sent, in
 * Earshot's internal format, to the app's own repartition topics. Stage two is Earshot's whole streams
 * app (copy marking, the windows, highlights, themes, share of voice, spikes, {@code mentions.classified}),
 * whose first sub-topology reads an input no one writes. What it leaves out: duplicates by id (the
 * id store), and the classification buffer's changelog (a poll is classified before its transaction
 * commits, so nothing waits across one); the buffer's in-memory copy is still written, as a mock.
 */
public final class StageOneTrial {
    private StageOneTrial() {
    }

    /**
     * Starts both stages over {@code input}: stage two's app is returned running, for the caller to wait
     * for stage one's group and the app's repartition topics and to close it; {@code counters} count
     * stage one's batches.
     */
    public static StreamsApp start(PipelineConfig appConfig, String input, Path brandFile, PipelineCounters counters,
                                   AtomicBoolean stop, AtomicReference<Throwable> failed, String id) throws Exception {
        StreamsApp.createTopics(appConfig, Map.of("bootstrap.servers", appConfig.bootstrapServers()));
        StreamsApp app = new StreamsApp(appConfig, brandFile, null, ClassifierSettings.DEFAULT, Map.of());
        Classifier classifier = Classifier.create(BrandCatalog.load(brandFile), RulePack.defaults(), ClassifierSettings.DEFAULT);
        app.start(Duration.ofHours(1));
        Thread stageOne = new Thread(() -> {
            try (classifier) { // its Monitor holds a thread until closed
                classifyAndSend(appConfig, input, classifier, counters, id, stop);
            } catch (Throwable e) {
                failed.compareAndSet(null, e);
            }
        }, id + "-stage-one");
        stageOne.setDaemon(true);
        stageOne.start();
        return app;
    }

    private static void classifyAndSend(PipelineConfig config, String input, Classifier classifier, PipelineCounters counters,
                                        String id, AtomicBoolean stop) throws Exception {
        String bootstrap = config.bootstrapServers();
        String partials = config.applicationId() + "-mentions-by-brand-repartition";
        String highlights = config.applicationId() + "-highlights-by-brand-repartition";
        Map<String, Object> consumerSettings = Map.of("bootstrap.servers", bootstrap, "group.id", id + "-stage-one",
                "client.id", id + "-stage-one-consumer", "isolation.level", "read_committed", "enable.auto.commit", false,
                "auto.offset.reset", "earliest", "max.poll.records", config.classifyBatchSize());
        Map<String, Object> producerSettings = Map.of("bootstrap.servers", bootstrap, "transactional.id", id + "-stage-one",
                "client.id", id + "-stage-one-producer", "compression.type", "lz4", "linger.ms", 5);
        MentionCodec mentions = MentionCodec.strict();
        var partialSerde = InternalFormat.minutePartialSerde();
        var highlightsSerde = InternalFormat.highlightsSerde();
        MockProcessorContext<String, BatchResult> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<Long, byte[]> buffer = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BatchClassifier.STORE),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        buffer.init(context.getStateStoreContext(), buffer);
        context.addStateStore(buffer);
        BatchClassifier batches = new BatchClassifier(new ClassifierHolder(classifier), new ClassifiedMentionCodec(mentions),
                counters, config.classifyBatchSize(), config.classifyBatchWait(), config.suspects(),
                new QuietCommits(config.commitWhenQuiet()));
        batches.init(context);
        var tick = context.scheduledPunctuators().get(0).getPunctuator();
        long clock = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            // the app creates its repartition topics as it starts
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                while (!admin.listTopics().names().get().containsAll(List.of(partials, highlights))) {
                    Thread.sleep(20);
                }
            }
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            long transactionNanos = config.kafka().containsKey("commit.interval.ms")
                    ? Long.parseLong(String.valueOf(config.kafka().get("commit.interval.ms"))) * 1_000_000L : 1_000_000_000L;
            while (!stop.get()) {
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long opened = System.nanoTime();
                do {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                    context.setCurrentSystemTimeMs(clock);
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        try {
                            Mention m = mentions.decode(record.value());
                            batches.process(new Record<>(record.key(), m, m.createdAt().toEpochMilli()));
                        } catch (InvalidMentionException e) {
                            producer.send(new ProducerRecord<>(config.topics().deadLetters(), record.key(), record.value()));
                        }
                        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                    }
                    // what is left of the poll is classified now, before its offsets commit
                    clock += 1_000_000;
                    context.setCurrentSystemTimeMs(clock);
                    tick.punctuate(clock);
                    for (var forward : context.forwarded()) {
                        var r = forward.record();
                        byte[] key = r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        if (r.value() instanceof BatchResult.Minute minute) {
                            producer.send(new ProducerRecord<>(partials, null, r.timestamp(), key,
                                    partialSerde.serializer().serialize(partials, minute.value())));
                        } else if (r.value() instanceof BatchResult.HourHighlights hour) {
                            producer.send(new ProducerRecord<>(highlights, null, r.timestamp(), key,
                                    highlightsSerde.serializer().serialize(highlights, hour.value())));
                        } else {
                            producer.send(new ProducerRecord<>(config.topics().deadLetters(), key,
                                    mentions.encode(((BatchResult.Unclassifiable) r.value()).mention())));
                        }
                    }
                    context.resetForwards();
                } while (System.nanoTime() - opened < transactionNanos);
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                }
                producer.commitTransaction();
            }
        }
    }
}
