package dev.earshot.streams;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.streams.bench.TransactionalPolls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A trial of issue 14's other design with Earshot's own work in it, timed by the drain benchmark in
 * Earshot's place ({@code -DstageOneTrial=true}); not part of the app. Stage one is a plain
 * transactional consumer and producer (KIP-447: each transaction carries the consumer's offsets): it
 * decodes each poll's mentions and hands them to Earshot's own {@link BatchClassifier}, which adds a
 * batch's pairs up into minute partials (each pair encoded for {@code mentions.classified}) and hourly
 * highlights as in the app; those are sent, in Earshot's internal format, to the app's own repartition
 * topics. Unlike the app, a batch is one poll across all the input's partitions, classified before the
 * poll's offsets can commit (the batch counts the benchmark prints show the sizes). Stage two is
 * Earshot's whole streams app (copy marking, the windows, highlights, themes, share of voice, spikes,
 * {@code mentions.classified}), whose first sub-topology reads an input no one writes. What stage one
 * leaves out: duplicates by id (the id store), the classification buffer's changelog (nothing waits
 * across a commit; the buffer's in-memory copy is still written, as a mock), dead letters' reasons,
 * and what a real stage would need (rebalances, fencing, hot reload, health). Its clients take Kafka's
 * defaults but for Earshot's compression, linger and commit interval.
 *
 * <p>Built with {@code inStreams}, stage one is Earshot's own first sub-topology instead, in a Kafka
 * Streams app of its own: the present design with its stages on a thread each.
 * docs/benchmarks/drain-history.md has what both measured.
 */
public final class StageOneTrial implements AutoCloseable {
    private final PipelineConfig appConfig;
    private final String input;
    private final PipelineCounters counters;
    private final StreamsApp app;
    private final Classifier classifier;
    /** Stage one as a Kafka Streams app of its own, or null. */
    private final KafkaStreams stageOneStreams;
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread stageOne;

    /**
     * Builds both stages over {@code input}, stage one's classifier and stage two's app (whose topics it
     * creates), without starting them: Earshot's app, which the benchmark times against, is built before
     * its clock starts too.
     *
     * @param inStreams stage one as Earshot's own first sub-topology (parse, duplicates, the changelogged
     *                  buffer, {@link BatchClassifier}) in a Kafka Streams app of its own, writing to
     *                  stage two's repartition topics, rather than a plain transactional stage
     * @param dedupe    whether that sub-topology looks for duplicates, as Earshot's does
     * @param counters  count stage one's batches
     */
    public StageOneTrial(PipelineConfig appConfig, String input, Path brandFile, boolean inStreams, boolean dedupe,
                         PipelineCounters counters) throws Exception {
        this.appConfig = appConfig;
        this.input = input;
        this.counters = counters;
        StreamsApp.createTopics(appConfig, Map.of("bootstrap.servers", appConfig.bootstrapServers()));
        this.app = new StreamsApp(appConfig, brandFile, null, ClassifierSettings.DEFAULT, Map.of());
        this.classifier = Classifier.create(BrandCatalog.load(brandFile), RulePack.defaults(), ClassifierSettings.DEFAULT);
        this.stageOneStreams = inStreams ? stageOneInStreams(dedupe) : null;
    }

    /** The group stage one commits the input in. */
    public String stageOneGroup() {
        return appConfig.applicationId() + "-stage-one";
    }

    /**
     * Starts both stages: stage two's app, and stage one, on a thread of its own, once the app has
     * created the repartition topics it writes to (written to first, the broker would create them
     * itself, with one partition); the caller waits for {@link #stageOneGroup} and the app's
     * repartition topics. Stage one stops when this closes.
     */
    public void start(AtomicReference<Throwable> failed) {
        app.start(Duration.ofHours(1));
        stageOne = new Thread(() -> {
            try {
                awaitRepartitionTopics();
                if (stageOneStreams != null) {
                    stageOneStreams.setUncaughtExceptionHandler(e -> {
                        failed.compareAndSet(null, e);
                        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                    });
                    stageOneStreams.start();
                } else {
                    classifyAndSend();
                }
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
        if (stageOne != null) {
            stageOne.join(30_000);
        }
        if (stageOneStreams != null) {
            stageOneStreams.close(Duration.ofSeconds(30));
        }
        app.close();
        classifier.close(); // its Monitor holds a thread until closed
    }

    private String partialsTopic() {
        return appConfig.applicationId() + "-mentions-by-brand-repartition";
    }

    private String highlightsTopic() {
        return appConfig.applicationId() + "-highlights-by-brand-repartition";
    }

    private void awaitRepartitionTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", appConfig.bootstrapServers()))) {
            while (!stop.get() && !admin.listTopics().names().get().containsAll(List.of(partialsTopic(), highlightsTopic()))) {
                Thread.sleep(20);
            }
        }
    }

    private KafkaStreams stageOneInStreams(boolean dedupe) {
        MentionCodec codec = MentionCodec.strict();
        StreamsBuilder builder = new StreamsBuilder();
        var valid = builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .processValues(() -> new ParseProcessor(codec, counters, ParseProcessor.requestBytes(Map.of())))
                .filter((key, value) -> value.isValid());
        KStream<byte[], Mention> mentions;
        if (dedupe) {
            builder.addStateStore(Stores.windowStoreBuilder(
                    Stores.persistentWindowStore(DedupeProcessor.STORE, appConfig.dedupeRetention().multipliedBy(DedupeProcessor.KEPT_PERIODS),
                            appConfig.dedupeRetention(), false),
                    Serdes.String(), Serdes.Long()).withLoggingEnabled(Pipeline.WINDOW_CHANGELOG_CONFIG));
            mentions = valid.processValues(() -> new DedupeProcessor(appConfig.dedupeRetention(), counters), DedupeProcessor.STORE);
        } else {
            mentions = valid.mapValues(ParsedMention::mention);
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BatchClassifier.STORE),
                Serdes.Long(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Pipeline.BUFFER_CHANGELOG_CONFIG));
        QuietCommits quiet = new QuietCommits(appConfig.commitWhenQuiet());
        var batches = mentions.process(() -> new BatchClassifier(new ClassifierHolder(classifier), new ClassifiedMentionCodec(codec),
                counters, appConfig.classifyBatchSize(), appConfig.classifyBatchWait(), appConfig.suspects(), quiet),
                BatchClassifier.STORE);
        batches.filter((brand, result) -> result instanceof BatchResult.Minute)
                .mapValues(result -> ((BatchResult.Minute) result).value())
                .to(partialsTopic(), Produced.with(Serdes.String(), InternalFormat.minutePartialSerde()));
        batches.filter((brand, result) -> result instanceof BatchResult.HourHighlights)
                .mapValues(result -> ((BatchResult.HourHighlights) result).value())
                .to(highlightsTopic(), Produced.with(Serdes.String(), InternalFormat.highlightsSerde()));
        Properties props = Pipeline.streamsProperties(appConfig);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, stageOneGroup());
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                appConfig.stateDir().resolveSibling(appConfig.stateDir().getFileName() + "-stage-one").toString());
        return new KafkaStreams(builder.build(), props);
    }

    private void classifyAndSend() {
        String id = stageOneGroup();
        Map<String, Object> consumerSettings = Map.of("bootstrap.servers", appConfig.bootstrapServers(), "group.id", id,
                "client.id", id + "-consumer", "isolation.level", "read_committed", "enable.auto.commit", false,
                "auto.offset.reset", "earliest", "max.poll.records", appConfig.classifyBatchSize());
        Map<String, Object> producerSettings = Map.of("bootstrap.servers", appConfig.bootstrapServers(), "transactional.id", id,
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
                counters, appConfig.classifyBatchSize(), appConfig.classifyBatchWait(), appConfig.suspects(),
                new QuietCommits(appConfig.commitWhenQuiet()));
        batches.init(context);
        var tick = context.scheduledPunctuators().get(0).getPunctuator();
        long[] clock = {0};
        String commitMs = appConfig.kafka().get("commit.interval.ms");
        Duration interval = Duration.ofMillis(commitMs == null ? 1000 : Long.parseLong(commitMs));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            TransactionalPolls.run(consumer, producer, input, interval, stop, records -> {
                context.setCurrentSystemTimeMs(clock[0]);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    try {
                        Mention m = mentions.decode(record.value());
                        batches.process(new Record<>(record.key(), m, m.createdAt().toEpochMilli()));
                    } catch (InvalidMentionException e) {
                        producer.send(new ProducerRecord<>(appConfig.topics().deadLetters(), record.key(), record.value()));
                    }
                }
                // The mock clock moved past the batch wait, so the wall-clock punctuator classifies what
                // is left of the poll now, before the poll's offsets can commit.
                clock[0] += appConfig.classifyBatchWait().toMillis() + 1;
                context.setCurrentSystemTimeMs(clock[0]);
                tick.punctuate(clock[0]);
                for (var forward : context.forwarded()) {
                    var r = forward.record();
                    byte[] key = r.key().getBytes(StandardCharsets.UTF_8);
                    if (r.value() instanceof BatchResult.Minute minute) {
                        producer.send(new ProducerRecord<>(partialsTopic(), null, r.timestamp(), key,
                                partialSerde.serializer().serialize(partialsTopic(), minute.value())));
                    } else if (r.value() instanceof BatchResult.HourHighlights hour) {
                        producer.send(new ProducerRecord<>(highlightsTopic(), null, r.timestamp(), key,
                                highlightsSerde.serializer().serialize(highlightsTopic(), hour.value())));
                    } else {
                        producer.send(new ProducerRecord<>(appConfig.topics().deadLetters(), key,
                                mentions.encode(((BatchResult.Unclassifiable) r.value()).mention())));
                    }
                }
                context.resetForwards();
            });
        }
    }
}
