package dev.earshot.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.edge.SlowClient;
import dev.earshot.kafka.local.LoopbackPorts;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import dev.earshot.streams.PipelineConfig;
import dev.earshot.streams.StreamsApp;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API against the findings of the security review, on a running app: slow clients, the
 * Host check of the open mode, errors written as JSON, security headers, the dashboard's policy,
 * and /metrics as Prometheus text with Kafka Streams, client and JVM metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryServerIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static StreamsApp app;
    private static QueryServer query;
    private static String raw;
    private static String bootstrap;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "query" + System.nanoTime() + ".";
        // vantor's mentions are those of rangesTakeTheWindowsOverlappingThemAndEndByDefaultAtTheBrandsNewest only,
        // brewhaus's those of anHourWhoseBaselineTheStoreNoLongerHoldsWholeIsRefused, corvo's those of
        // highlightsAndThemesAskedForDuringCommitsAreAlwaysAnswered.
        Path brands = Files.writeString(dir.resolve("brands.yaml"),
                "brands:\n  - {id: lumora, keywords: [lumora]}\n  - {id: vantor, keywords: [vantor]}\n"
                        + "  - {id: brewhaus, keywords: [brewhaus]}\n  - {id: corvo, keywords: [corvo]}\n");
        int port;
        port = LoopbackPorts.free();
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix,
                "application.id", "earshot-" + prefix, "state.dir", dir.resolve("state").toString(), "threads", "1",
                "http.read.timeout", READ_TIMEOUT.toSeconds() + "s"));
        PipelineConfig config = PipelineConfig.from(Settings.of(settings));
        raw = config.topics().raw();
        bootstrap = kafka.bootstrapServers();
        StreamsApp.createTopics(config, Map.of("bootstrap.servers", kafka.bootstrapServers()));
        app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of("application.server", "127.0.0.1:" + port));
        app.start(Duration.ofSeconds(60));
        query = new QueryServer("127.0.0.1", port, app, new HostInfo("127.0.0.1", port), null,
                QuerySettings.from(Settings.of(settings)));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        if (query != null) {
            query.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + query.port() + path))
                .timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a Host header of our choosing, which the JDK's client will not send. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", query.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sixteenSlowClientsAreCutAtTheReadTimeoutWhileHealthAnswersQuickly() throws Exception {
        List<CompletableFuture<SlowClient>> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // Headers a byte every 5 s (slowloris), and a body a byte every 5 s.
            clients.add(SlowClient.start(query.port(), "GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                    "X-Slow: " + "a".repeat(200) + "\r\n\r\n", Duration.ofSeconds(5)));
            clients.add(SlowClient.start(query.port(), "GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n",
                    "b".repeat(5000), Duration.ofSeconds(5)));
        }
        long slowest = SlowClient.slowestHealthAnswer(URI.create("http://127.0.0.1:" + query.port() + "/health"),
                READ_TIMEOUT.plusSeconds(4));
        // Trickling headers are cut a second after the body's deadline, on a half-second tick.
        long limit = READ_TIMEOUT.toMillis() + 1_000 + 1_000 + 2_500;
        long longest = 0;
        for (var client : clients) {
            SlowClient c = client.get(120, TimeUnit.SECONDS);
            longest = Math.max(longest, c.keptMillis());
            assertTrue(c.keptMillis() <= limit, "a slow client was kept " + c.keptMillis() + " ms: " + c.answer());
        }
        assertTrue(slowest < 2_000, "a health answer took " + slowest + " ms");
        System.out.printf("[earshot-it] query API: 16 slow clients cut after at most %d ms (limit %d); slowest health answer %d ms%n",
                longest, limit, slowest);
    }

    @Test
    void withoutATokenOnlyItsOwnHostNamesAreAnswered() throws Exception {
        String rebound = raw("GET /api/summary HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
        assertTrue(rebound.startsWith("HTTP/1.1 421"), rebound);
        String metrics = raw("GET /metrics HTTP/1.1\r\nHost: attacker.example:" + query.port() + "\r\nConnection: close\r\n\r\n");
        assertTrue(metrics.startsWith("HTTP/1.1 421"), metrics);
        String own = raw("GET /api/summary HTTP/1.1\r\nHost: localhost:" + query.port() + "\r\nConnection: close\r\n\r\n");
        assertTrue(own.startsWith("HTTP/1.1 200"), own);
    }

    @Test
    void errorsAreValidJsonWhateverTheRequestHoldsAndSayNothingInternal() throws Exception {
        HttpResponse<String> injected = get("/api/sets/phones/share-of-voice?window=%22%5C%22,%22x%22:%22");
        assertEquals(400, injected.statusCode());
        JsonNode body = JSON.readTree(injected.body());
        assertEquals(1, body.size(), "only the error field: " + body);
        assertTrue(body.get("error").asText().startsWith("window is the ISO-8601 start of an hour"));

        HttpResponse<String> unknownSet = get("/api/sets/%22%7D%7B/share-of-voice?window=2026-11-20T10:00:00Z");
        assertEquals(404, unknownSet.statusCode(), unknownSet.body());
        assertEquals(1, JSON.readTree(unknownSet.body()).size(), unknownSet.body());

        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + query.port() + "/api/summary"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
    }

    /**
     * A range takes the windows that overlap [from, to): not the hour that starts at {@code to}, but the
     * minute that {@code from} falls in. Without a range, it ends at the brand's newest window, so
     * mentions of weeks ago (a replay) show. Highlights over a range are labelled with the hours they
     * merge. An untracked brand is 404; a from not before to, an instant past what a store holds, and a
     * limit under 1 are 400.
     */
    @Test
    void rangesTakeTheWindowsOverlappingThemAndEndByDefaultAtTheBrandsNewest() throws Exception {
        MentionCodec codec = MentionCodec.strict();
        List<Mention> mentions = List.of(vantor("v1", "@a", "2026-11-20T10:00:10Z"), vantor("v2", "@b", "2026-11-20T10:59:50Z"),
                vantor("v3", "@c", "2026-11-20T11:00:10Z"));
        TestKafka.send(bootstrap, mentions.stream().map(m -> TestKafka.record(raw, m.id(), codec.encode(m))).toList());
        String day = "/api/brands/vantor/windows?size=1h&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z";
        assertEquals(3, awaitMentions(day, 3, Duration.ofSeconds(90), () -> false), get(day).body());

        JsonNode hour = JSON.readTree(get("/api/brands/vantor/windows?size=1h&from=2026-11-20T10:00:00Z&to=2026-11-20T11:00:00Z").body());
        assertEquals(1, hour.size(), "not the hour starting at to: " + hour);
        assertEquals("2026-11-20T10:00:00Z", hour.get(0).get("windowStart").asText());
        assertEquals(2, hour.get(0).get("mentions").asLong());
        JsonNode minute = JSON.readTree(get("/api/brands/vantor/windows?from=2026-11-20T10:59:30Z&to=2026-11-20T11:00:00Z").body());
        assertEquals(1, minute.size(), "the minute from falls in: " + minute);
        assertEquals("2026-11-20T10:59:00Z", minute.get(0).get("windowStart").asText());

        JsonNode byDefault = JSON.readTree(get("/api/brands/vantor/windows?size=1h").body());
        assertEquals(2, byDefault.size(), "weeks-old windows shown without a range: " + byDefault);

        JsonNode highlights = JSON.readTree(get("/api/brands/vantor/highlights?from=2026-11-20T10:30:00Z&to=2026-11-20T10:45:00Z").body());
        assertEquals("2026-11-20T10:00:00Z", highlights.get("windowStart").asText(), highlights.toString());
        assertEquals("2026-11-20T11:00:00Z", highlights.get("windowEnd").asText(), highlights.toString());
        assertEquals(java.util.Set.of("@a", "@b"), handles(highlights), "the hour of 10:00 only");

        assertEquals(404, get("/api/brands/nobody/windows").statusCode());
        assertEquals(404, get("/api/brands/nobody/highlights").statusCode());
        assertEquals(400, get("/api/brands/vantor/windows?from=2026-11-20T11:00:00Z&to=2026-11-20T10:00:00Z").statusCode());
        assertEquals(400, get("/api/brands/vantor/windows?to=%2B300000000-01-01T00:00:00Z").statusCode());
        assertEquals(400, get("/api/brands/vantor/highlights?limit=0").statusCode());
    }

    /**
     * An hour the store still holds, but whose baseline (the 24 hours before it) it has partly dropped as
     * event time moved on, is refused and pointed to the topic: ranked against what is left, its themes
     * would differ from those brand.themes.1h published. The newest hour is answered.
     */
    @Test
    void anHourWhoseBaselineTheStoreNoLongerHoldsWholeIsRefused() throws Exception {
        MentionCodec codec = MentionCodec.strict();
        // In turn: sent together, the later one could pass first and make the earlier too late to count.
        for (String at : List.of("2026-11-20T10:00:10Z", "2026-11-21T12:00:10Z")) {
            Mention m = new Mention("q:b" + at, "reddit", Instant.parse(at), new Mention.Author("@b", 10, false),
                    "Brewhaus coffee tastes burnt today", "", List.of(), "en", new Mention.Engagement(1, 0, 0, 0), false);
            TestKafka.send(bootstrap, List.of(TestKafka.record(raw, m.id(), codec.encode(m))));
            String hour = "/api/brands/brewhaus/windows?size=1h&from=" + at.substring(0, 14) + "00:00Z&to="
                    + Instant.parse(at.substring(0, 14) + "00:00Z").plus(Duration.ofHours(1));
            assertEquals(1, awaitMentions(hour, 1, Duration.ofSeconds(90), () -> false), at);
        }
        assertEquals(200, get("/api/brands/brewhaus/themes?window=2026-11-21T12:00:00Z").statusCode());
        HttpResponse<String> old = get("/api/brands/brewhaus/themes?window=2026-11-20T10:00:00Z");
        assertEquals(404, old.statusCode(), old.body());
        assertTrue(old.body().contains("no longer holds the whole baseline"), old.body());
    }

    /**
     * Highlights and themes asked for again and again while a brand's mentions keep coming, until the
     * last of them is counted, so that commit after commit flushes new highlights to rank-themes, which
     * reads the highlights store as these queries do. Every request is answered and no threads are
     * deadlocked: the store's single-key reads held its lock while they waited for its cache's, which a
     * commit held while rank-themes waited for the store's (OneKeyWindows). Run last: its mentions are
     * the class's newest in event time, and sent before the others they could make those late.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void highlightsAndThemesAskedForDuringCommitsAreAlwaysAnswered() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger answers = new AtomicInteger();
        List<Thread> askers = new ArrayList<>();
        // Themes answer 404 for an hour whose terms are not counted yet; highlights always answer.
        for (Map.Entry<String, Set<Integer>> ask : Map.of("/api/brands/corvo/highlights", Set.of(200),
                "/api/brands/corvo/themes", Set.of(200, 404)).entrySet()) {
            String path = ask.getKey();
            Thread asker = new Thread(() -> {
                while (sending.get()) {
                    try {
                        int status = get(path).statusCode();
                        if (!ask.getValue().contains(status)) {
                            failures.add(path + " answered " + status);
                        }
                        answers.incrementAndGet();
                        Thread.sleep(10); // often, and not so often that the stream thread falls far behind
                    } catch (Exception e) {
                        failures.add(path + ": " + e);
                        return;
                    }
                }
            }, "asker of " + path);
            asker.start();
            askers.add(asker);
        }
        MentionCodec codec = MentionCodec.strict();
        Instant hour = Instant.parse("2026-11-22T10:00:00Z");
        int sent = 60;
        String hourWindows = "/api/brands/corvo/windows?size=1h&from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z";
        long counted;
        try {
            for (int i = 0; i < sent; i++) {
                Mention m = new Mention("q:corvo" + i, "reddit", hour.plusSeconds(i * 30L), new Mention.Author("@c" + i % 7, 10, false),
                        "Corvo parcel late again, refund please " + i, "", List.of(), "en", new Mention.Engagement(1, 0, 0, 0), false);
                TestKafka.send(bootstrap, List.of(TestKafka.record(raw, m.id(), codec.encode(m))));
                Thread.sleep(300);
            }
            // Asked for until the hour counts every mention: the commits that flushed its highlights came
            // while the questions did.
            counted = awaitMentions(hourWindows, sent, Duration.ofSeconds(60), () -> !failures.isEmpty());
        } finally {
            sending.set(false);
            for (Thread asker : askers) {
                asker.join(TimeUnit.SECONDS.toMillis(15));
            }
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] deadlocked = threads.findDeadlockedThreads();
        assertTrue(deadlocked == null, () -> "deadlocked:\n" + java.util.Arrays.stream(threads.getThreadInfo(deadlocked, true, true))
                .map(Object::toString).collect(java.util.stream.Collectors.joining()));
        assertEquals(List.of(), failures);
        assertEquals(sent, counted, "every mention counted while the questions went on");
        assertTrue(answers.get() >= 20, answers + " answers");
    }

    /**
     * Asks for {@code path}'s windows every 250 ms until they count {@code expected} mentions, the time
     * is up or {@code stop} says so; the last count.
     */
    private static long awaitMentions(String path, long expected, Duration within, java.util.function.BooleanSupplier stop)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long counted;
        while ((counted = mentions(get(path))) != expected && !stop.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return counted;
    }

    private static long mentions(HttpResponse<String> windows) throws Exception {
        long sum = 0;
        for (JsonNode w : JSON.readTree(windows.body())) {
            sum += w.get("mentions").asLong();
        }
        return sum;
    }

    private static java.util.Set<String> handles(JsonNode highlights) {
        java.util.Set<String> handles = new java.util.TreeSet<>();
        highlights.get("influencers").forEach(a -> handles.add(a.get("handle").asText()));
        return handles;
    }

    private static Mention vantor(String id, String author, String at) {
        return new Mention("q:" + id, "reddit", Instant.parse(at), new Mention.Author(author, 10, false), "Vantor again " + id, "",
                List.of(), "en", new Mention.Engagement(1, 0, 0, 0), false);
    }

    @Test
    void themesAnswerAnEmptyHourForABrandWithoutMentionsAndRefuseAnHourTheStoreDoesNotHold() throws Exception {
        HttpResponse<String> newest = get("/api/brands/lumora/themes");
        assertEquals(200, newest.statusCode(), newest.body());
        JsonNode body = JSON.readTree(newest.body());
        assertEquals(0, body.get("mentions").asLong(), body.toString());
        assertEquals(0, body.get("themes").size(), body.toString());
        HttpResponse<String> missing = get("/api/brands/lumora/themes?window=2026-11-20T10:00:00Z");
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(JSON.readTree(missing.body()).get("error").asText().endsWith("brand.themes.1h keeps every hour"), missing.body());
        assertEquals(400, get("/api/brands/lumora/themes?window=2026-11-20T10:30:00Z").statusCode());
    }

    @Test
    void answersCarrySecurityHeadersAndTheDashboardItsOwnPolicy() throws Exception {
        HttpResponse<String> api = get("/api/summary");
        assertEquals(200, api.statusCode(), api.body());
        assertEquals("nosniff", api.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", api.headers().firstValue("Referrer-Policy").orElse(""));
        assertEquals("default-src 'none'; frame-ancestors 'none'", api.headers().firstValue("Content-Security-Policy").orElse(""));
        HttpResponse<String> dashboard = get("/dashboard/");
        assertEquals(200, dashboard.statusCode());
        String policy = dashboard.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe-inline"), policy);
        assertFalse(dashboard.body().contains("<script>"), "the dashboard runs no inline script, which its policy would block");
    }

    /**
     * One sample line of the Prometheus text format: a metric name, optional labels, a value. Parsed
     * here by its grammar because no maintained Java parser of the format is published.
     */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*\\})? "
                    + "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* "
            + "(counter|gauge|histogram|summary|untyped)|EOF)");

    @Test
    void metricsAreWellFormedPrometheusTextWithStreamsClientAndJvmMetrics() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : metrics.body().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                assertTrue(COMMENT.matcher(line).matches(), "not a comment line of the format: " + line);
                continue;
            }
            var m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line of the format: " + line);
            samples.merge(m.group(1), 1.0, Double::sum);
        }
        for (String name : List.of("earshot_mentions_parsed_total", "earshot_dead_letters_total",
                "earshot_late_records_total", "earshot_classified_total", "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "jvm_memory_heap_used_bytes", "jetty_threads_busy")) {
            assertTrue(samples.containsKey(name), name + " missing from /metrics");
        }
        assertTrue(samples.keySet().stream().anyMatch(n -> n.startsWith("kafka_stream_")), "Kafka Streams metrics: " + samples.keySet());
        assertTrue(samples.keySet().stream().anyMatch(n -> n.startsWith("kafka_producer_")), "producer metrics");
        assertTrue(samples.keySet().stream().anyMatch(n -> n.startsWith("kafka_consumer_")), "consumer metrics");
    }
}
