package dev.earshot.app;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.ConfigException;
import dev.earshot.ingest.CsvMapping;
import dev.earshot.ingest.FileReplay;
import dev.earshot.ingest.IngestConfig;
import dev.earshot.ingest.MentionGenerator;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.ingest.Progress;
import dev.earshot.ingest.WebhookAuth;
import dev.earshot.ingest.WebhookServer;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code earshot ingest}: the sources that write mentions to {@code mentions.raw}. */
@Command(name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Sends mentions to Kafka (mentions.raw, keyed by id, idempotent producer).",
        subcommands = {IngestCommand.FileSource.class, IngestCommand.HttpSource.class, IngestCommand.Generate.class,
            LiveCommands.Bluesky.class, LiveCommands.Mastodon.class, LiveCommands.HackerNews.class})
final class IngestCommand {

    @Command(name = "file", mixinStandardHelpOptions = true,
            description = {"Replays a JSONL file of mentions, or a CSV export with a column mapping.",
                "Bad lines are reported with their numbers and counted; the rest are sent. Exit 1 if any line was bad",
                "or any send failed."})
    static final class FileSource implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--input", required = true, description = "The file, or - for standard input.")
        String input;

        @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
        FileReplay.Format format;

        @Option(names = "--map", description = "CSV columns for mention fields: text=tweet_text,createdAt=created,…"
                + " Fields not named are read from a column of the same name.")
        String map;

        @Option(names = "--time-format", defaultValue = "iso",
                description = "CSV timestamps: iso, epoch-s, epoch-ms or a pattern like 'yyyy-MM-dd HH:mm:ss' (default: ${DEFAULT-VALUE}).")
        String timeFormat;

        @Option(names = "--time-zone", defaultValue = "UTC", description = "Zone of CSV timestamps without one (default: ${DEFAULT-VALUE}).")
        ZoneId zone;

        @Option(names = "--platform", defaultValue = "csv", description = "Platform of CSV rows without a platform column (default: ${DEFAULT-VALUE}).")
        String platform;

        @Option(names = "--rate", defaultValue = "0", description = "At most this many mentions per second (0: no limit).")
        double rate;

        @Option(names = "--speedup", defaultValue = "0",
                description = "Replay at this many times the pace of the createdAt stamps (0: off).")
        double speedup;

        @Option(names = "--progress", defaultValue = "auto",
                description = "auto (a bar when stderr is a terminal, else lines), bar, lines or none (default: ${DEFAULT-VALUE}).")
        String progressStyle;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            // Usage errors first: with Kafka down they would otherwise surface only after its timeout.
            Progress.Style style = switch (progressStyle) {
                case "auto" -> Terminals.stderrIsTerminal() ? Progress.Style.BAR : Progress.Style.LINES;
                case "bar" -> Progress.Style.BAR;
                case "lines" -> Progress.Style.LINES;
                case "none" -> Progress.Style.NONE;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--progress is auto, bar, lines or none, not " + progressStyle);
            };
            if (!(rate >= 0) || !(speedup >= 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--rate and --speedup are 0 (off) or more, not " + rate + " and " + speedup);
            }
            boolean stdin = "-".equals(input);
            if (!stdin && !Files.isReadable(Path.of(input))) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no file to read at " + input);
            }
            CsvMapping mapping = format == FileReplay.Format.CSV
                    ? new CsvMapping(CsvMapping.parseMap(map), timeFormat, zone, platform) : null;
            IngestConfig config = kafka.connect(t -> List.of(t.raw()));
            MentionCodec codec = MentionCodec.strict();
            long size = stdin ? -1 : Files.size(Path.of(input));
            PrintStream err = System.err;
            Progress progress = new Progress(err, style, size);
            FileReplay.Report report;
            try (MentionPublisher publisher = new MentionPublisher(config.clientSettings(), config.topics().raw(), codec);
                    InputStream in = stdin ? System.in : Files.newInputStream(Path.of(input))) {
                FileReplay replay = new FileReplay(publisher, codec, rate, speedup, err::println);
                report = replay.replay(in, format, mapping, progress);
            }
            System.out.printf(Locale.ROOT, "%s: sent %,d mentions to %s in %.1f s (%,.0f/s); %,d bad lines rejected; %,d sends failed%n",
                    input, report.sent(), config.topics().raw(), report.seconds(), report.rate(), report.rejected(), report.failed());
            return report.rejected() == 0 && report.failed() == 0 ? 0 : 1;
        }
    }

    @Command(name = "http", mixinStandardHelpOptions = true,
            description = {"Runs the webhook receiver: POST /v1/mentions (one mention, a JSON array or NDJSON),",
                "authenticated by an HMAC-SHA256 signature or a bearer token; GET /healthz. Runs until Ctrl+C."})
    static final class HttpSource implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--port", defaultValue = "8090", description = "Port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--secret-file", description = "File holding the HMAC secret (else EARSHOT_WEBHOOK_SECRET).")
        Path secretFile;

        @Option(names = "--token-file", description = "File holding a bearer token (else EARSHOT_WEBHOOK_TOKEN).")
        Path tokenFile;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            dev.earshot.model.Settings settings = kafka.settings();
            String secret = CommandSecrets.of(secretFile, settings, "webhook.secret");
            String token = CommandSecrets.of(tokenFile, settings, "webhook.token");
            // Checked before Kafka is asked: a receiver with no way to authenticate senders is a usage
            // error (exit 2), told at once rather than after Kafka's timeout.
            WebhookAuth auth;
            try {
                auth = new WebhookAuth(secret, token, kafka.config().webhookReplayWindow());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            IngestConfig config = kafka.connect(t -> List.of(t.raw()));
            MentionCodec codec = MentionCodec.strict();
            CountDownLatch stopped = new CountDownLatch(1);
            // The JVM halts once the hooks return: the hook waits until Jetty has stopped and the producer
            // has sent what it holds, so requests already answered 202 are not cut short.
            CountDownLatch finished = new CountDownLatch(1);
            try (MentionPublisher publisher = new MentionPublisher(WebhookServer.producerSettings(config),
                    config.topics().raw(), codec);
                    WebhookServer server = new WebhookServer(host, port, config, publisher, codec, auth, Clock.systemUTC())) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stopped.countDown();
                    DemoCommand.awaitQuietly(finished);
                }, "webhook-stop"));
                System.out.printf("Webhook receiver listening on http://%s:%d/v1/mentions, sending to %s at %s. Ctrl+C stops.%n",
                        host, server.port(), config.topics().raw(), config.bootstrapServers());
                stopped.await();
                System.out.printf("Stopping; %,d mentions accepted.%n", server.accepted());
            } finally {
                System.out.flush();
                finished.countDown();
            }
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Generates realistic synthetic mentions of the brands in a brand file: every platform,",
                "category and feedback kind, heavy-tailed followers and engagement, an optional feedback spike.",
                "Sends them to Kafka, or writes JSONL with --output."})
    static final class Generate implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--brands", required = true, description = "Brand file (YAML).")
        Path brands;

        @Option(names = "--count", defaultValue = "10000", description = "How many mentions; -1 for endless (default: ${DEFAULT-VALUE}).")
        long count;

        @Option(names = "--rate", defaultValue = "0", description = "Mentions per second sent (0: as fast as possible).")
        double rate;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed gives the same mentions.")
        long seed;

        @Option(names = "--start", description = "Event time of the first mention (ISO-8601; default: now).")
        Instant start;

        @Option(names = "--events-per-second", defaultValue = "20",
                description = "Mean pace of event time, mentions per second of createdAt (default: ${DEFAULT-VALUE}).")
        double eventsPerSecond;

        @Option(names = "--spike", description = "A feedback spike: brand@ISO-time, 15 minutes of complaints about that brand.")
        String spike;

        @Option(names = "--output", description = "Write JSONL here instead of sending to Kafka.")
        Path output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!(eventsPerSecond > 0) || !(rate >= 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--events-per-second is above 0 and "
                        + "--rate 0 (no limit) or more, not " + eventsPerSecond + " and " + rate);
            }
            BrandCatalog catalog;
            try {
                catalog = BrandCatalog.load(brands);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("the brand file has errors:\n" + e.getMessage());
            }
            List<MentionGenerator.BrandName> names = GeneratorBrands.of(catalog);
            Instant first = start != null ? start : Instant.now().minus(Duration.ofSeconds((long) (Math.max(count, 0) / eventsPerSecond)));
            MentionGenerator generator = new MentionGenerator(names, seed, count, first, eventsPerSecond, parseSpike(catalog));
            MentionCodec codec = MentionCodec.strict();
            long n = 0;
            long started = System.nanoTime();
            if (output != null) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
                    while (generator.hasNext()) {
                        out.write(codec.encode(generator.next()));
                        out.write('\n');
                        n++;
                    }
                }
                System.out.printf(Locale.ROOT, "wrote %,d mentions to %s%n", n, output);
                return 0;
            }
            IngestConfig config = kafka.connect(t -> List.of(t.raw()));
            long failed;
            try (MentionPublisher publisher = new MentionPublisher(config.clientSettings(), config.topics().raw(), codec)) {
                long nextReport = System.nanoTime() + 5_000_000_000L;
                long interval = rate > 0 ? (long) (1e9 / rate) : 0;
                long next = System.nanoTime();
                while (generator.hasNext()) {
                    Mention m = generator.next();
                    if (interval > 0) {
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    publisher.publish(m);
                    n++;
                    if (System.nanoTime() > nextReport) {
                        nextReport += 5_000_000_000L;
                        System.err.printf(Locale.ROOT, "progress: %,d generated, %,d acknowledged%n", n, publisher.acknowledged());
                    }
                }
                publisher.flush();
                failed = publisher.failed();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "sent %,d generated mentions to %s in %.1f s (%,.0f/s); %,d sends failed%n",
                    n - failed, config.topics().raw(), seconds, (n - failed) / seconds, failed);
            return failed == 0 ? 0 : 1;
        }

        private MentionGenerator.Spike parseSpike(BrandCatalog catalog) {
            if (spike == null) {
                return null;
            }
            int at = spike.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("--spike: expected brand@time, e.g. lumora@2026-11-20T10:00:00Z");
            }
            String brand = spike.substring(0, at);
            if (catalog.brand(brand) == null) {
                throw new IllegalArgumentException("--spike: unknown brand '" + brand + "'");
            }
            return new MentionGenerator.Spike(brand, Instant.parse(spike.substring(at + 1)), Duration.ofMinutes(15), 0.5);
        }
    }
}
