package dev.earshot.streams;

import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.KeyFormat;
import dev.earshot.model.output.OutputCodec;
import dev.earshot.model.output.ShareOfVoice;
import dev.earshot.model.output.FeedbackSpike;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.earshot.model.Category;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The HTTP query API over the app's state stores, and its health and metrics.
 *
 * <ul>
 *   <li>{@code GET /health}: the Kafka Streams state (200 when RUNNING or REBALANCING, else 503);
 *   <li>{@code GET /metrics}: Prometheus text: Earshot's counters and every Kafka Streams metric;
 *   <li>{@code GET /api/brands/{brand}/windows?size=1m|1h&from=ISO&to=ISO}: a brand's windows;
 *   <li>{@code GET /api/sets/{set}/share-of-voice?window=ISO}: a competitor set's share in one hour;
 *   <li>{@code GET /api/alerts?brand=B&since=ISO&limit=N}: recent feedback-spike alerts, newest first;
 *   <li>{@code GET /api/brands/{brand}/highlights?from=ISO&to=ISO&limit=N}: top authors by audience and
 *       most-shared brand links over that range;
 *   <li>{@code GET /api/summary}: brands, competitor sets and this instance's counters;
 *   <li>{@code GET /dashboard/}: the live dashboard over these endpoints.
 * </ul>
 * With several instances, a key owned by another instance is fetched from it (its
 * {@code application.server} address) and passed on; alerts, spread over every instance, are
 * gathered from all of them.
 */
public final class QueryServer implements AutoCloseable {
    /** Marks a request one instance passed to another, so that it is answered there and not passed on. */
    private static final String FORWARDED = "X-Earshot-Forwarded";

    private final HttpServer server;
    private final KafkaStreams streams;
    private final PipelineCounters counters;
    private final ClassifierHolder classifier;
    private final HostInfo self;
    private final String token;
    /** What the browser keeps instead of the token itself, so that no answer ever carries the token. */
    private final String cookieValue;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param self this instance's address as other instances reach it: the app's
     *             {@code application.server}
     */
    public QueryServer(String host, int port, StreamsApp app, HostInfo self) throws IOException {
        this(host, port, app, self, null);
    }

    /**
     * @param token when not null, every request but {@code /health} must carry it: as
     *              {@code Authorization: Bearer …}, or once as {@code ?token=…}, which sets a cookie for
     *              the dashboard's later requests
     */
    public QueryServer(String host, int port, StreamsApp app, HostInfo self, String token) throws IOException {
        this.token = token == null || token.isBlank() ? null : token;
        this.cookieValue = this.token == null ? null : sha256("earshot-session:" + this.token);
        this.streams = app.streams();
        this.counters = app.counters();
        this.classifier = app.classifier();
        this.self = self;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.createContext("/health", answered(this::health));
        server.createContext("/metrics", guarded(this::metrics));
        server.createContext("/api/brands/", guarded(this::brandWindows));
        server.createContext("/api/sets/", guarded(this::shareOfVoice));
        server.createContext("/api/alerts", guarded(this::alerts));
        server.createContext("/api/summary", guarded(this::summary));
        server.createContext("/dashboard/", guarded(exchange -> resource(exchange, "dev/earshot/streams/dashboard/"
                + exchange.getRequestURI().getPath().substring("/dashboard/".length()))));
        server.createContext("/webjars/", guarded(exchange -> resource(exchange, "META-INF/resources"
                + exchange.getRequestURI().getPath())));
        server.createContext("/", answered(this::root));
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The handler behind a token check, when a token is set, and an error answer for whatever it throws. */
    private com.sun.net.httpserver.HttpHandler guarded(com.sun.net.httpserver.HttpHandler handler) {
        com.sun.net.httpserver.HttpHandler answered = answered(handler);
        if (token == null) {
            return answered;
        }
        return exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            String given = query(exchange.getRequestURI()).get("token");
            boolean ok = constantTimeEquals(auth, "Bearer " + token)
                    || (cookie != null && java.util.Arrays.stream(cookie.split(";\\s*"))
                            .anyMatch(c -> constantTimeEquals(c, "earshot_session=" + cookieValue)))
                    || constantTimeEquals(given, token);
            if (!ok) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"earshot\"");
                respond(exchange, 401, "application/json",
                        "{\"error\":\"this query API needs its token: Authorization: Bearer <token>, or ?token= once in the browser\"}");
                return;
            }
            if (given != null) {
                exchange.getResponseHeaders().add("Set-Cookie", "earshot_session=" + cookieValue + "; Path=/; HttpOnly; SameSite=Strict");
            }
            answered.handle(exchange);
        };
    }

    /**
     * Answers every failure instead of dropping the connection: 503 while the stores are not
     * queryable (starting, rebalancing, migrating), 500 with the reason otherwise.
     */
    private com.sun.net.httpserver.HttpHandler answered(com.sun.net.httpserver.HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                exchange.getResponseHeaders().set("Retry-After", "2");
                respond(exchange, 503, "application/json", "{\"error\":\"state stores not queryable yet (" + streams.state()
                        + "); retry shortly\"}");
            } catch (RuntimeException e) {
                respond(exchange, 500, "application/json", "{\"error\":\"" + String.valueOf(e.getMessage())
                        .replace("\\", "\\\\").replace("\"", "'") + "\"}");
            }
        };
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return given != null && java.security.MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        KafkaStreams.State state = streams.state();
        boolean ok = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        respond(exchange, ok ? 200 : 503, "application/json", "{\"status\":\"" + state + "\"}");
    }

    private void metrics(HttpExchange exchange) throws IOException {
        StringBuilder out = new StringBuilder();
        counter(out, "earshot_mentions_parsed_total", "Mentions parsed from the raw topic", counters.parsed());
        counter(out, "earshot_dead_letters_total", "Records sent to the dead-letter topic", counters.deadLetters());
        counter(out, "earshot_duplicates_total", "Mentions dropped as repeats of an id already seen", counters.duplicates());
        counter(out, "earshot_unmatched_mentions_total", "Mentions that named no tracked brand", counters.unmatched());
        counter(out, "earshot_late_feedback_total", "FEEDBACK mentions too late for spike detection", counters.lateForSpikes());
        out.append("# HELP earshot_late_records_total (mention, brand) pairs that arrived after their window's grace and were dropped from it\n");
        out.append("# TYPE earshot_late_records_total counter\n");
        out.append("earshot_late_records_total{window=\"1m\"} ").append(counters.lateForMinutes()).append('\n');
        out.append("earshot_late_records_total{window=\"1h\"} ").append(counters.lateForHours()).append('\n');
        var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.append("# HELP jvm_memory_heap_used_bytes Heap in use\n# TYPE jvm_memory_heap_used_bytes gauge\n")
                .append("jvm_memory_heap_used_bytes ").append(heap.getUsed()).append('\n');
        out.append("# HELP jvm_memory_heap_max_bytes Heap limit\n# TYPE jvm_memory_heap_max_bytes gauge\n")
                .append("jvm_memory_heap_max_bytes ").append(heap.getMax()).append('\n');
        counter(out, "earshot_state_restored_records_total", "State store records restored from changelogs since start",
                counters.restored());
        counter(out, "earshot_alerts_total", "Feedback-spike alerts raised", counters.alerts());
        out.append("# HELP earshot_classified_total Classified (mention, brand) pairs by category\n");
        out.append("# TYPE earshot_classified_total counter\n");
        for (Map.Entry<Category, Long> e : counters.byCategory().entrySet()) {
            out.append("earshot_classified_total{category=\"").append(e.getKey()).append("\"} ").append(e.getValue()).append('\n');
        }
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            Object value = e.getValue().metricValue();
            if (!(value instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
                continue;
            }
            MetricName name = e.getKey();
            out.append("kafka_").append(sanitize(name.group())).append('_').append(sanitize(name.name()));
            if (!name.tags().isEmpty()) {
                out.append('{');
                List<String> tags = new ArrayList<>();
                name.tags().forEach((k, v) -> tags.add(sanitize(k) + "=\"" + v.replace("\"", "\\\"") + "\""));
                out.append(String.join(",", tags)).append('}');
            }
            out.append(' ').append(n.doubleValue()).append('\n');
        }
        respond(exchange, 200, "text/plain; version=0.0.4", out.toString());
    }

    private void brandWindows(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (parts.length == 5 && "highlights".equals(parts[4])) {
            highlights(exchange, parts[3]);
            return;
        }
        if (parts.length != 5 || !"windows".equals(parts[4])) {
            respond(exchange, 404, "application/json", "{\"error\":\"use /api/brands/{brand}/windows or /highlights\"}");
            return;
        }
        String brand = parts[3];
        Map<String, String> query = query(exchange.getRequestURI());
        String store = "1h".equals(query.get("size")) ? Pipeline.HOUR_STORE : Pipeline.MINUTE_STORE;
        Instant to;
        Instant from;
        try {
            to = query.containsKey("to") ? Instant.parse(query.get("to")) : Instant.now().plus(Duration.ofDays(1));
            from = query.containsKey("from") ? Instant.parse(query.get("from")) : to.minus(Duration.ofDays(2));
        } catch (RuntimeException e) {
            respond(exchange, 400, "application/json", "{\"error\":\"from and to are ISO-8601 instants\"}");
            return;
        }
        if (forwardIfElsewhere(exchange, store, brand)) {
            return;
        }
        ReadOnlyWindowStore<String, BrandWindow> windows = streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.windowStore()));
        StringBuilder out = new StringBuilder("[");
        try (WindowStoreIterator<BrandWindow> it = windows.fetch(brand, from, to)) {
            boolean first = true;
            while (it.hasNext()) {
                var kv = it.next();
                BrandWindow w = kv.value;
                Duration size = store.equals(Pipeline.HOUR_STORE) ? Duration.ofHours(1) : Duration.ofMinutes(1);
                Instant start = Instant.ofEpochMilli(kv.key);
                out.append(first ? "" : ",").append(OutputCodec.BRAND_WINDOW.toJson(new BrandWindow(brand, start,
                        start.plus(size), w.totals(), w.byCategory())));
                first = false;
            }
        }
        respond(exchange, 200, "application/json", out.append(']').toString());
    }

    /** A brand's top authors and most-shared links over a range of hourly windows. */
    private void highlights(HttpExchange exchange, String brand) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        Instant to;
        Instant from;
        int limit;
        try {
            to = query.containsKey("to") ? Instant.parse(query.get("to")) : Instant.now().plus(Duration.ofDays(1));
            from = query.containsKey("from") ? Instant.parse(query.get("from")) : to.minus(Duration.ofDays(2));
            limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        } catch (RuntimeException e) {
            respond(exchange, 400, "application/json", "{\"error\":\"from and to are ISO-8601 instants, limit a number\"}");
            return;
        }
        if (forwardIfElsewhere(exchange, Pipeline.HIGHLIGHTS_STORE, brand)) {
            return;
        }
        ReadOnlyWindowStore<String, BrandHighlights> windows = streams.store(
                StoreQueryParameters.fromNameAndType(Pipeline.HIGHLIGHTS_STORE, QueryableStoreTypes.windowStore()));
        BrandHighlights all = BrandHighlights.empty();
        try (WindowStoreIterator<BrandHighlights> it = windows.fetch(brand, from, to)) {
            while (it.hasNext()) {
                all = all.merge(it.next().value);
            }
        }
        respond(exchange, 200, "application/json", OutputCodec.HIGHLIGHTS.toJson(
                all.ranked(brand, from, to, Math.max(1, Math.min(limit, BrandHighlights.KEEP)))));
    }

    /** What the dashboard needs first: the brands and sets in force and this instance's counters. */
    private void summary(HttpExchange exchange) throws IOException {
        var catalog = classifier.get().brands();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("state", streams.state().toString());
        out.put("brands", catalog.brands().stream().map(b -> Map.of("id", b.id(), "name", b.name())).toList());
        out.put("competitorSets", catalog.competitorSets().stream()
                .map(set -> Map.of("id", set.id(), "brands", set.brands())).toList());
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("parsed", counters.parsed());
        c.put("deadLetters", counters.deadLetters());
        c.put("duplicates", counters.duplicates());
        c.put("unmatched", counters.unmatched());
        c.put("lateForMinutes", counters.lateForMinutes());
        c.put("lateForHours", counters.lateForHours());
        c.put("alerts", counters.alerts());
        c.put("byCategory", counters.byCategory());
        out.put("counters", c);
        respond(exchange, 200, "application/json", StreamsJson.MAPPER.writeValueAsString(out));
    }

    private void root(HttpExchange exchange) throws IOException {
        if (!"/".equals(exchange.getRequestURI().getPath())) {
            respond(exchange, 404, "application/json", "{\"error\":\"no such path; the dashboard is at /dashboard/\"}");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        exchange.getResponseHeaders().set("Location", "/dashboard/" + (query == null ? "" : "?" + query));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** Serves a file from the classpath: the dashboard's own files and the charting library's WebJar. */
    private void resource(HttpExchange exchange, String path) throws IOException {
        if (path.endsWith("/")) {
            path += "index.html";
        }
        if (path.contains("..") || path.contains("//")) {
            respond(exchange, 400, "application/json", "{\"error\":\"bad path\"}");
            return;
        }
        try (var in = QueryServer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                respond(exchange, 404, "application/json", "{\"error\":\"not found\"}");
                return;
            }
            byte[] body = in.readAllBytes();
            String type = path.endsWith(".html") ? "text/html; charset=utf-8"
                    : path.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : path.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void shareOfVoice(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        Map<String, String> query = query(exchange.getRequestURI());
        if (parts.length != 5 || !"share-of-voice".equals(parts[4])) {
            respond(exchange, 404, "application/json", "{\"error\":\"use /api/sets/{set}/share-of-voice?window=ISO-hour\"}");
            return;
        }
        Instant window;
        try {
            window = Instant.parse(query.get("window"));
        } catch (RuntimeException e) {
            window = null;
        }
        if (window == null || window.toEpochMilli() % 3_600_000 != 0) {
            respond(exchange, 400, "application/json", "{\"error\":\"window is the ISO-8601 start of an hour, such as 2026-11-20T10:00:00Z\"}");
            return;
        }
        String key = KeyFormat.SET_AT_WINDOW_START.key(parts[3], window);
        if (forwardIfElsewhere(exchange, Pipeline.SHARE_OF_VOICE_STORE, key)) {
            return;
        }
        ReadOnlyKeyValueStore<String, Pipeline.SetWindows> store = streams.store(
                StoreQueryParameters.fromNameAndType(Pipeline.SHARE_OF_VOICE_STORE, QueryableStoreTypes.keyValueStore()));
        Pipeline.SetWindows latest = store.get(key);
        if (latest == null) {
            respond(exchange, 404, "application/json", "{\"error\":\"no figures for " + key + "\"}");
            return;
        }
        ShareOfVoice sov = latest.shareOfVoice(parts[3], classifier.get().brands().competitorSet(parts[3]));
        respond(exchange, 200, "application/json", OutputCodec.SHARE_OF_VOICE.toJson(sov));
    }

    private void alerts(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String brand = query.get("brand");
        Instant since;
        int limit;
        try {
            since = query.containsKey("since") ? Instant.parse(query.get("since")) : Instant.EPOCH;
            limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            if (limit < 1 || limit > 1000) {
                throw new NumberFormatException();
            }
        } catch (RuntimeException e) {
            respond(exchange, 400, "application/json", "{\"error\":\"since is an ISO-8601 instant, limit 1 to 1000\"}");
            return;
        }
        List<FeedbackSpike> found = new ArrayList<>();
        ReadOnlyKeyValueStore<String, FeedbackSpike> local = streams.store(
                StoreQueryParameters.fromNameAndType(Pipeline.ALERT_STORE, QueryableStoreTypes.keyValueStore()));
        try (var it = local.all()) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        if (!exchange.getRequestHeaders().containsKey(FORWARDED)) {
            for (var instance : streams.streamsMetadataForStore(Pipeline.ALERT_STORE)) {
                if (instance.hostInfo().equals(self)) {
                    continue;
                }
                URI target = URI.create("http://" + instance.host() + ":" + instance.port() + exchange.getRequestURI());
                try {
                    HttpResponse<String> response = http.send(forwardRequest(target), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IOException(target + " answered " + response.statusCode());
                    }
                    found.addAll(List.of(StreamsJson.MAPPER.readValue(response.body(), FeedbackSpike[].class)));
                } catch (IOException e) {
                    // A partial list would read as "no alerts" for that instance's brands: say so instead.
                    respond(exchange, 502, "application/json", "{\"error\":\"instance " + instance.hostInfo()
                            + " did not answer: " + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    respond(exchange, 503, "application/json", "{\"error\":\"interrupted\"}");
                    return;
                }
            }
        }
        List<FeedbackSpike> recent = found.stream()
                .filter(a -> brand == null || a.brand().equals(brand))
                .filter(a -> !a.windowStart().isBefore(since))
                .sorted(java.util.Comparator.comparing(FeedbackSpike::windowStart).reversed()
                        .thenComparing(FeedbackSpike::brand))
                .limit(limit)
                .toList();
        respond(exchange, 200, "application/json", StreamsJson.MAPPER.writeValueAsString(recent));
    }

    /** A request to another instance: marked as forwarded, with the token all instances share. */
    private HttpRequest forwardRequest(URI target) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target).header(FORWARDED, "1").timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** Passes the request to the instance that owns the key; true when it did. */
    private boolean forwardIfElsewhere(HttpExchange exchange, String store, String key) throws IOException {
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.activeHost() == null || owner.activeHost().equals(self)
                || owner.activeHost().equals(HostInfo.unavailable()) || exchange.getRequestHeaders().containsKey(FORWARDED)) {
            return false;
        }
        URI target = URI.create("http://" + owner.activeHost().host() + ":" + owner.activeHost().port()
                + exchange.getRequestURI());
        try {
            HttpResponse<String> response = http.send(forwardRequest(target), HttpResponse.BodyHandlers.ofString());
            respond(exchange, response.statusCode(), "application/json", response.body());
        } catch (IOException e) {
            respond(exchange, 502, "application/json", "{\"error\":\"the instance owning " + key.replace("\"", "'")
                    + ", " + owner.activeHost() + ", did not answer: " + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "application/json", "{\"error\":\"interrupted\"}");
        }
        return true;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return out;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String sanitize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
