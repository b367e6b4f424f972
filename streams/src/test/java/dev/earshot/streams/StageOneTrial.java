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
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
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
 * Built with {@code inStreams}, stage one is Earshot's own first sub-topology instead, in a Kafka
 * Streams app of its own: what the present design costs with its stages on a thread each.
 * docs/benchmarks/drain-history.md has what it measured.
 */
public final class StageOneTrial implements AutoCloseable {
    private final PipelineConfig appConfig;
    private final String input;
    private final StreamsApp app;
    private final Classifier classifier;
    /** Stage one as a Kafka Streams app of its own ({@code -DstageOneInStreams=true}), or null. */
    private final KafkaStreams stageOneStreams;
    private final AtomicBoolean stop = new AtomicBoolean();

    /**
     * Builds both stages over {@code input}, stage one's classifier and stage two's app (whose topics it
     * creates), without starting them: Earshot's app, which the benchmark times against, is built before
     * its clock starts too.
     *
     * @param inStreams   stage one as Earshot's own first sub-topology (parse, duplicates, the
     *                    changelogged buffer, {@link BatchClassifier}) in a Kafka Streams app of its
     *                    own, writing to stage two's repartition topics: the stages of Earshot's design
     *                    on a thread each, rather than a plain transactional stage
     * @param counters    count stage one's batches
     */
    public StageOneTrial(PipelineConfig appConfig, String input, Path brandFile, boolean inStreams, PipelineCounters counters)
            throws Exception {
        this.appConfig = appConfig;
        this.input = input;
        StreamsApp.createTopics(appConfig, Map.of("bootstrap.servers", appConfig.bootstrapServers()));
        this.app = new StreamsApp(appConfig, brandFile, null, ClassifierSettings.DEFAULT, Map.of());
        this.classifier = Classifier.create(BrandCatalog.load(brandFile), RulePack.defaults(), ClassifierSettings.DEFAULT);
        this.stageOneStreams = inStreams ? stageOneInStreams(counters) : null;
    }

    /** The group stage one commits the input in. */
    public String stageOneGroup() {
        return appConfig.applicationId() + "-stage-one";
    }

    /**
     * Starts both stages: stage two's app, and stage one, which on a thread of its own stops when this
     * closes; the caller waits for {@link #stageOneGroup} and the app's repartition topics.
     */
    public void start(PipelineCounters counters, AtomicReference<Throwable> failed) {
        app.start(Duration.ofHours(1));
        if (stageOneStreams != null) {
            stageOneStreams.setUncaughtExceptionHandler(e -> {
                failed.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            stageOneStreams.start();
            return;
        }
        Thread stageOne = new Thread(() -> {
            try {
                classifyAndSend(appConfig, input, classifier, counters, stageOneGroup(), stop);
            } catch (Throwable e) {
                failed.compareAndSet(null, e);
            }
        }, stageOneGroup());
        stageOne.setDaemon(true);
        stageOne.start();
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        if (stageOneStreams != null) {
            stageOneStreams.close(Duration.ofSeconds(30));
        }
        app.close();
        Thread.sleep(2 * 1000L); // stage one's last transaction
        classifier.close(); // its Monitor holds a thread until closed
    }

    private KafkaStreams stageOneInStreams(PipelineCounters counters) {
        String partials = appConfig.applicationId() + "-mentions-by-brand-repartition";
        String highlights = appConfig.applicationId() + "-highlights-by-brand-repartition";
        MentionCodec codec = MentionCodec.strict();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DedupeProcessor.STORE, appConfig.dedupeRetention().multipliedBy(3),
                        appConfig.dedupeRetention(), false),
                Serdes.String(), Serdes.Long()).withLoggingEnabled(Pipeline.WINDOW_CHANGELOG_CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BatchClassifier.STORE),
                Serdes.Long(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Pipeline.BUFFER_CHANGELOG_CONFIG));
        QuietCommits quiet = new QuietCommits(appConfig.commitWhenQuiet());
        var parsed = builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .processValues(() -> new ParseProcessor(codec, counters));
        var valid = parsed.filter((key, value) -> value.isValid());
        // -DstageOneNoDedupe=true: what finding duplicates costs there
        var deduped = Boolean.getBoolean("stageOneNoDedupe") ? valid.mapValues(ParsedMention::mention)
                : valid.processValues(() -> new DedupeProcessor(appConfig.dedupeRetention(), counters), DedupeProcessor.STORE);
        var batches = deduped
                .process(() -> new BatchClassifier(new ClassifierHolder(classifier), new ClassifiedMentionCodec(codec), counters,
                        appConfig.classifyBatchSize(), appConfig.classifyBatchWait(), appConfig.suspects(), quiet),
                        BatchClassifier.STORE);
        batches.filter((brand, result) -> result instanceof BatchResult.Minute)
                .mapValues(result -> ((BatchResult.Minute) result).value())
                .to(partials, Produced.with(Serdes.String(), InternalFormat.minutePartialSerde()));
        batches.filter((brand, result) -> result instanceof BatchResult.HourHighlights)
                .mapValues(result -> ((BatchResult.HourHighlights) result).value())
                .to(highlights, Produced.with(Serdes.String(), InternalFormat.highlightsSerde()));
        java.util.Properties props = Pipeline.streamsProperties(appConfig);
        props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, stageOneGroup());
        props.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG,
                appConfig.stateDir().resolveSibling(appConfig.stateDir().getFileName() + "-stage-one").toString());
        return new KafkaStreams(builder.build(), props);
    }

    private static void classifyAndSend(PipelineConfig config, String input, Classifier classifier, PipelineCounters counters,
                                        String id, AtomicBoolean stop) throws Exception {
        String bootstrap = config.bootstrapServers();
        String partials = config.applicationId() + "-mentions-by-brand-repartition";
        String highlights = config.applicationId() + "-highlights-by-brand-repartition";
        Map<String, Object> consumerSettings = Map.of("bootstrap.servers", bootstrap, "group.id", id,
                "client.id", id + "-consumer", "isolation.level", "read_committed", "enable.auto.commit", false,
                "auto.offset.reset", "earliest", "max.poll.records", config.classifyBatchSize());
        Map<String, Object> producerSettings = Map.of("bootstrap.servers", bootstrap, "transactional.id", id,
                "client.id", id + "-producer", "compression.type", "lz4", "linger.ms", 5);
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
