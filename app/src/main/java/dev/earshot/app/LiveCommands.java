package dev.earshot.app;

import dev.earshot.classifier.Brand;
import dev.earshot.classifier.BrandCatalog;
import dev.earshot.ingest.IngestConfig;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.ingest.live.BlueskyJetstream;
import dev.earshot.ingest.live.BrandFilter;
import dev.earshot.ingest.live.Cursor;
import dev.earshot.ingest.live.HackerNewsItems;
import dev.earshot.ingest.live.LiveFeed;
import dev.earshot.ingest.live.MastodonTimeline;
import dev.earshot.ingest.live.MentionSink;
import dev.earshot.ingest.live.PublisherSink;
import dev.earshot.model.MentionCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code earshot ingest bluesky|mastodon|hackernews}: live public feeds, filtered to tracked brands. */
final class LiveCommands {
    private LiveCommands() {
    }

    /** Options every live feed shares. */
    static final class FeedOptions {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--brands", required = true, description = "Brand file: only posts naming a tracked brand are sent.")
        Path brands;

        @Option(names = "--cursor-file", description = "Where to keep the resume position (default: .earshot/cursors/<feed>;"
                + " Hacker News keeps the comments it waits for beside it, in <file>.held).")
        Path cursorFile;

        @Mixin
        MetricsOptions metrics;

        BrandFilter filter() throws Exception {
            BrandCatalog catalog = BrandCatalog.load(brands);
            List<String> terms = new ArrayList<>();
            List<String> misspelt = new ArrayList<>(); // or the classifier would find them in posts the feed never kept
            for (Brand b : catalog.brands()) {
                terms.addAll(b.keywords());
                misspelt.addAll(catalog.misspelt(b));
                terms.addAll(b.handles());
                terms.addAll(b.hashtags());
                terms.addAll(b.domains());
            }
            return new BrandFilter(terms, misspelt);
        }

        Cursor cursor(String feed) {
            return new Cursor(cursorFile != null ? cursorFile : Path.of(".earshot", "cursors", feed));
        }
    }

    /**
     * Refuses a poll interval under a second: with none, a feed polls a public API in a tight loop.
     * Checked before Kafka is asked, so a usage error is told at once (exit 2), not after a timeout.
     */
    static void requirePollInterval(picocli.CommandLine.Model.CommandSpec spec, long seconds) {
        if (seconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--interval is at least 1 second between polls, not " + seconds);
        }
    }

    /** Runs a feed with a publisher until Ctrl+C, reporting every 30 seconds. */
    static int run(String feed, FeedOptions options, java.util.function.Function<MentionSink, LiveFeed> connector)
            throws Exception {
        IngestConfig config = options.kafka.connect(t -> List.of(t.raw()));
        MentionCodec codec = MentionCodec.strict();
        // The JVM halts once the hooks return: the hook below waits until the feed has flushed, saved its
        // cursor and closed its producer (joining the main thread would wait for ever, as it is inside
        // System.exit by then).
        CountDownLatch finished = new CountDownLatch(1);
        try (MentionPublisher publisher = new MentionPublisher(config.clientSettings(), config.topics().raw(), codec)) {
            MentionSink sink = new PublisherSink(publisher);
            LiveFeed c = connector.apply(sink);
            dev.earshot.edge.EdgeMetrics metrics = new dev.earshot.edge.EdgeMetrics().bind(publisher.meters()).bind(registry -> {
                io.micrometer.core.instrument.FunctionCounter.builder("earshot.live.received", c, f -> f.stats().received())
                        .tag("feed", feed).description("Posts the feed delivered").register(registry);
                io.micrometer.core.instrument.FunctionCounter.builder("earshot.live.sent", c, f -> f.stats().sent())
                        .tag("feed", feed).description("Mentions of tracked brands sent to Kafka").register(registry);
            });
            dev.earshot.edge.MetricsServer metricsServer = options.metrics.start(metrics);
            ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
            reporter.scheduleAtFixedRate(() -> System.err.println(feed + ": " + c.stats()), 30, 30, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                c.close();
                DemoCommand.awaitQuietly(finished);
            }, feed + "-stop"));
            System.out.printf("%s: following, sending mentions of tracked brands to %s at %s. Ctrl+C stops.%n",
                    feed, config.topics().raw(), config.bootstrapServers());
            try {
                c.run();
            } catch (IllegalStateException e) {
                // PublisherSink: Kafka did not store a mention, and the cursor stays before it.
                System.err.println(feed + ": " + e.getMessage());
                return 1;
            } finally {
                reporter.shutdownNow();
                if (metricsServer != null) {
                    metricsServer.close();
                }
                metrics.close();
                System.out.println(feed + ": " + c.stats());
                System.out.flush();
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }

    @Command(name = "bluesky", mixinStandardHelpOptions = true,
            description = {"Follows Bluesky's Jetstream firehose of posts and sends those naming a tracked brand.",
                "Resumes from its cursor after a restart or a dropped connection."})
    static final class Bluesky implements Callable<Integer> {
        @Mixin
        FeedOptions feed;

        @Option(names = "--endpoint", defaultValue = "wss://jetstream2.us-east.bsky.network/subscribe",
                description = "Jetstream subscribe URL (default: ${DEFAULT-VALUE}).")
        URI endpoint;

        @Option(names = "--profile-api", defaultValue = "https://public.api.bsky.app/", paramLabel = "URL|none",
                description = {"Bluesky's public AppView, where each post's author's handle and follower count are looked"
                        + " up (Jetstream carries neither; without followers no Bluesky author is an influencer), once an"
                        + " hour per author, a post waiting at most 500 ms for it; none leaves the DID and no followers"
                        + " (default: ${DEFAULT-VALUE})."})
        String profileApi;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            URI profiles = "none".equalsIgnoreCase(profileApi) ? null
                    : WebAddress.parse(profileApi.endsWith("/") ? profileApi : profileApi + "/").orElseThrow(() ->
                            new picocli.CommandLine.ParameterException(spec.commandLine(), "--profile-api is an http(s) URL or none, not " + profileApi));
            BrandFilter filter = feed.filter();
            return run("bluesky", feed, sink -> {
                BlueskyJetstream jetstream = new BlueskyJetstream(endpoint, filter, feed.cursor("bluesky"), sink,
                        System.err::println, MentionCodec.strict());
                return profiles == null ? jetstream : jetstream.withProfiles(profiles);
            });
        }
    }

    @Command(name = "mastodon", mixinStandardHelpOptions = true,
            description = {"Follows a Mastodon instance's public timeline (or a hashtag timeline) and sends statuses",
                "naming a tracked brand: polls forward from its cursor with min_id, respecting rate limits; with a token, streams."})
    static final class Mastodon implements Callable<Integer> {
        @Mixin
        FeedOptions feed;

        @Option(names = "--instance", required = true, description = "The instance, e.g. https://mastodon.social")
        URI instance;

        @Option(names = "--hashtag", description = "Follow this hashtag's timeline instead of the public one.")
        String hashtag;

        @Option(names = "--token-file", description = "File holding an access token: enables the streaming API.")
        Path tokenFile;

        @Option(names = "--interval", defaultValue = "10", description = "Seconds between polls, at least 1 (default: ${DEFAULT-VALUE}).")
        long interval;

        @Option(names = "--lookback", paramLabel = "MINUTES", description = {"Minutes below the newest status read again,"
                + " every fifth of them (a minute at least), for statuses that came late from other servers (their ids are"
                + " from when they were written), at most 200 statuses a time; 0 turns it off, 1440 at most (default: 10 on"
                + " a hashtag timeline, 0 on the public one, too busy to read again: follow that with --token-file)."})
        Long lookbackMinutes;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            requirePollInterval(spec, interval);
            long lookback = lookbackMinutes != null ? lookbackMinutes : hashtag != null ? 10 : 0;
            if (lookback < 0 || lookback > MastodonTimeline.LONGEST_LOOKBACK.toMinutes()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lookback is from 0 to "
                        + MastodonTimeline.LONGEST_LOOKBACK.toMinutes() + " minutes, not " + lookback);
            }
            BrandFilter filter = feed.filter();
            String token = tokenFile == null ? null : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            String name = "mastodon-" + instance.getHost() + (hashtag == null ? "" : "-" + hashtag);
            return run("mastodon", feed, sink -> new MastodonTimeline(instance, hashtag, token, filter,
                    feed.cursor(name), sink, System.err::println, MentionCodec.strict(), Duration.ofSeconds(interval))
                    .withLookback(Duration.ofMinutes(lookback)));
        }
    }

    @Command(name = "hackernews", mixinStandardHelpOptions = true,
            description = "Reads new Hacker News stories and comments and sends those naming a tracked brand.")
    static final class HackerNews implements Callable<Integer> {
        @Mixin
        FeedOptions feed;

        @Option(names = "--api", defaultValue = "https://hacker-news.firebaseio.com/", description = "API root (default: ${DEFAULT-VALUE}).")
        URI api;

        @Option(names = "--interval", defaultValue = "30", description = "Seconds between polls, at least 1 (default: ${DEFAULT-VALUE}).")
        long interval;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            requirePollInterval(spec, interval);
            BrandFilter filter = feed.filter();
            return run("hackernews", feed, sink -> new HackerNewsItems(api, filter, feed.cursor("hackernews"), sink,
                    System.err::println, MentionCodec.strict(), Duration.ofSeconds(interval), 200));
        }
    }
}
