package dev.earshot.streams.query;

import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.KeyFormat;
import dev.earshot.model.output.OutputCodec;
import dev.earshot.model.output.ShareOfVoice;
import dev.earshot.streams.BrandHighlights;
import dev.earshot.streams.BrandThemes;
import dev.earshot.streams.ClassifierHolder;
import dev.earshot.streams.OneKeyWindows;
import dev.earshot.streams.Pipeline;
import dev.earshot.streams.PipelineCounters;
import dev.earshot.streams.StreamsApp;
import dev.earshot.streams.ThemeSettings;
import dev.earshot.streams.PipelineConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /api/} endpoints, each answered from this instance's stores or, for a key another
 * instance owns, from that instance.
 *
 * <ul>
 *   <li>{@code /api/brands/{brand}/windows?size=1m|1h&from=ISO&to=ISO}: a brand's windows;
 *   <li>{@code /api/brands/{brand}/highlights?from=ISO&to=ISO&limit=N}: top authors by audience and
 *       most-shared brand links over that range;
 *   <li>{@code /api/brands/{brand}/themes?window=ISO}: what rose in a brand's hour against its
 *       earlier hours, as {@code brand.themes.1h} publishes it; by default its latest hour with mentions;
 *   <li>{@code /api/sets/{set}/share-of-voice?window=ISO}: a competitor set's share in one hour;
 *   <li>{@code /api/alerts?brand=B&since=ISO&limit=N}: recent feedback-spike alerts from every
 *       instance, newest first;
 *   <li>{@code /api/summary}: brands, competitor sets and this instance's counters.
 * </ul>
 */
final class Endpoints {
    private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

    private final KafkaStreams streams;
    private final PipelineCounters counters;
    private final ClassifierHolder classifier;
    private final HostInfo self;
    private final Forwarding forwarding;
    private final PipelineConfig config;

    Endpoints(StreamsApp app, HostInfo self, Forwarding forwarding) {
        this.streams = app.streams();
        this.counters = app.counters();
        this.config = app.config();
        this.classifier = app.classifier();
        this.self = self;
        this.forwarding = forwarding;
    }

    /** @param forwarded the request came from another instance: answer from here, never pass it on */
    void answer(Exchange exchange, boolean forwarded) {
        String[] parts = exchange.path().split("/");
        if (parts.length == 5 && "brands".equals(parts[2]) && "windows".equals(parts[4])) {
            windows(exchange, parts[3], forwarded);
        } else if (parts.length == 5 && "brands".equals(parts[2]) && "highlights".equals(parts[4])) {
            highlights(exchange, parts[3], forwarded);
        } else if (parts.length == 5 && "brands".equals(parts[2]) && "themes".equals(parts[4])) {
            themes(exchange, parts[3], forwarded);
        } else if (parts.length == 5 && "sets".equals(parts[2]) && "share-of-voice".equals(parts[4])) {
            shareOfVoice(exchange, parts[3], forwarded);
        } else if (parts.length == 3 && "alerts".equals(parts[2])) {
            alerts(exchange, forwarded);
        } else if (parts.length == 3 && "summary".equals(parts[2])) {
            summary(exchange);
        } else {
            exchange.error(404, "no such endpoint: /api/brands/{brand}/windows, /api/brands/{brand}/highlights, "
                    + "/api/brands/{brand}/themes, /api/sets/{set}/share-of-voice, /api/alerts, /api/summary");
        }
    }

    /** How long a range is when the request does not say where it starts. */
    private static final Duration DEFAULT_RANGE = Duration.ofDays(2);

    /**
     * The {@code from} and {@code to} a request names, either null when it names none: a range takes the
     * windows that overlap {@code [from, to)}. Refuses what is not an instant, what a store's
     * milliseconds cannot hold, and a {@code from} not before {@code to}.
     */
    private record Asked(Instant from, Instant to) {
        static Asked of(Exchange exchange) {
            Instant from = instant(exchange.parameter("from"));
            Instant to = instant(exchange.parameter("to"));
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("from must be before to");
            }
            return new Asked(from, to);
        }

        private static Instant instant(String text) {
            if (text == null) {
                return null;
            }
            Instant at = Instant.parse(text);
            at.toEpochMilli(); // throws for an instant beyond what a store's milliseconds hold
            if (at.isBefore(Instant.EPOCH)) {
                throw new IllegalArgumentException("before 1970");
            }
            return at;
        }

        /**
         * The range, its open ends filled: {@code to} by default the end of the brand's newest window here
         * (in a replay of old data, not the clock's), or now with none; {@code from} by default two days before.
         */
        Range anchored(ReadOnlyWindowStore<String, ?> store, String brand, Duration size) {
            Instant end = to;
            if (end == null) {
                end = OneKeyWindows.newest(store, brand).map(kv -> kv.key.window().startTime().plus(size)).orElseGet(Instant::now);
            }
            return new Range(from != null ? from : end.minus(DEFAULT_RANGE), end);
        }
    }

    /** A range of time: the windows of {@code size} that overlap {@code [from, to)}. */
    private record Range(Instant from, Instant to) {
        /** The window starts to fetch, both ends included, as a window store's fetch takes them. */
        Instant firstStart(Duration size) {
            return Instant.ofEpochMilli(Math.max(0, from.toEpochMilli() - size.toMillis() + 1));
        }

        Instant lastStart() {
            return to.minusMillis(1);
        }
    }

    private static final String RANGE = "from and to are ISO-8601 instants from 1970 on, from before to";

    /** Whether the brand is tracked; answers 404 when it is not. */
    private boolean tracked(Exchange exchange, String brand) {
        if (classifier.get().brands().brand(brand) != null) {
            return true;
        }
        exchange.error(404, "no tracked brand " + brand + "; /api/summary lists them");
        return false;
    }

    private void windows(Exchange exchange, String brand, boolean forwarded) {
        String size = exchange.parameter("size");
        if (size != null && !size.equals("1m") && !size.equals("1h")) {
            exchange.error(400, "size is 1m or 1h");
            return;
        }
        boolean hours = "1h".equals(size);
        String store = hours ? Pipeline.HOUR_STORE : Pipeline.MINUTE_STORE;
        Asked asked;
        try {
            asked = Asked.of(exchange);
        } catch (RuntimeException e) {
            exchange.error(400, RANGE);
            return;
        }
        ReadOnlyWindowStore<String, BrandWindow> windows = brandWindowsHere(exchange, store, brand, forwarded);
        if (windows == null) {
            return;
        }
        Duration length = hours ? Duration.ofHours(1) : Duration.ofMinutes(1);
        Range range = asked.anchored(windows, brand, length);
        List<BrandWindow> found = new ArrayList<>();
        if (!range.from().isBefore(range.to())) { // a from after the brand's newest window
            exchange.rawJson(200, OutputCodec.BRAND_WINDOW.encodeArray(found));
            return;
        }
        try (var it = OneKeyWindows.oldestFirst(windows, brand, range.firstStart(length), range.lastStart())) {
            while (it.hasNext()) {
                var kv = it.next();
                Instant start = kv.key.window().startTime();
                found.add(kv.value.withWindow(brand, start, start.plus(length)));
            }
        }
        exchange.rawJson(200, OutputCodec.BRAND_WINDOW.encodeArray(found));
    }

    private void highlights(Exchange exchange, String brand, boolean forwarded) {
        Asked asked;
        int limit;
        try {
            asked = Asked.of(exchange);
        } catch (RuntimeException e) {
            exchange.error(400, RANGE);
            return;
        }
        try {
            limit = Integer.parseInt(exchange.parameter("limit") == null ? "10" : exchange.parameter("limit"));
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1) {
            exchange.error(400, "limit is a number from 1 (at most " + BrandHighlights.KEEP + " are kept)");
            return;
        }
        limit = Math.min(limit, BrandHighlights.KEEP);
        ReadOnlyWindowStore<String, BrandHighlights> windows = brandWindowsHere(exchange, Pipeline.HIGHLIGHTS_STORE, brand, forwarded);
        if (windows == null) {
            return;
        }
        Duration hour = Duration.ofHours(1);
        Range range = asked.anchored(windows, brand, hour);
        BrandHighlights all = BrandHighlights.empty();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        if (range.from().isBefore(range.to())) { // not so for a from after the brand's newest hour
            try (var it = OneKeyWindows.oldestFirst(windows, brand, range.firstStart(hour), range.lastStart())) {
                while (it.hasNext()) {
                    var kv = it.next();
                    all = all.merge(kv.value);
                    first = Math.min(first, kv.key.window().start());
                    last = Math.max(last, kv.key.window().start());
                }
            }
        }
        // Labelled with the hours merged, which a range not on the hour goes beyond: the same hour then
        // reads as brand.highlights.1h publishes it.
        Instant from = first == Long.MAX_VALUE ? range.from() : Instant.ofEpochMilli(first);
        Instant to = first == Long.MAX_VALUE ? range.to() : Instant.ofEpochMilli(last).plus(hour);
        exchange.rawJson(200, OutputCodec.HIGHLIGHTS.encode(all.ranked(brand, from, to, limit)));
    }

    private static final String HOUR_START = "window is the ISO-8601 start of an hour, such as 2026-11-20T10:00:00Z";

    /** The start of an hour written as an ISO-8601 instant, or null for anything else (null included). */
    private static Instant hourStart(String text) {
        try {
            Instant at = Instant.parse(text);
            return at.toEpochMilli() % Duration.ofHours(1).toMillis() == 0 ? at : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void themes(Exchange exchange, String brand, boolean forwarded) {
        Instant window = null;
        if (exchange.parameter("window") != null) {
            window = hourStart(exchange.parameter("window"));
            if (window == null) {
                exchange.error(400, HOUR_START);
                return;
            }
        }
        ReadOnlyWindowStore<String, BrandHighlights> hours = brandWindowsHere(exchange, Pipeline.HIGHLIGHTS_STORE, brand, forwarded);
        if (hours == null) {
            return;
        }
        BrandHighlights hour = null;
        if (window == null) {
            // The brand's newest hour in the store: in a replay of old data, not the clock's.
            var newest = OneKeyWindows.newest(hours, brand);
            if (newest.isPresent()) {
                window = newest.get().key.window().startTime();
                hour = newest.get().value;
            }
            if (window == null) { // no mention of the brand yet: an empty hour, for the dashboard to show
                window = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                hour = BrandHighlights.empty();
            }
        } else {
            hour = hours.fetch(brand, window.toEpochMilli());
        }
        if (hour == null || !hour.countsTerms()) {
            exchange.error(404, "no themes of " + brand + " for the hour from " + window + " here: the store keeps the hours"
                    + " of the last " + storeRetention() + " of event time with mentions counted since themes began;"
                    + " brand.themes.1h keeps every hour");
            return;
        }
        ThemeSettings settings = config.themes();
        // The store drops hours as event time moves on: an hour it still holds may have lost the start of
        // its baseline, and ranked against the rest it would differ from what brand.themes.1h published.
        Instant heldFrom = oldestWholeHour(hours, window);
        if (window.minus(settings.baseline()).isBefore(heldFrom)) {
            exchange.error(404, "the store no longer holds the whole baseline of " + brand + "'s hour from " + window
                    + " (it keeps the last " + storeRetention() + " of event time); brand.themes.1h keeps every hour");
            return;
        }
        exchange.rawJson(200, OutputCodec.THEMES.encode(BrandThemes.rank(brand, window, hour,
                BrandThemes.earlier(hours, h -> h, brand, window, settings), settings)));
    }

    /**
     * The start of the oldest hour the store is sure to hold whole, from its newest hour of any brand
     * (event time has reached at least that hour): the retention back from that hour's end. The hours
     * from {@code hour} on are scanned for it: a window store orders its entries by key within each of its
     * segments, so its first entry backwards is not the newest hour once several brands share it.
     */
    private Instant oldestWholeHour(ReadOnlyWindowStore<String, BrandHighlights> hours, Instant hour) {
        long newest = hour.toEpochMilli();
        try (var it = hours.fetchAll(hour, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            while (it.hasNext()) {
                newest = Math.max(newest, it.next().key.window().start());
            }
        }
        return Instant.ofEpochMilli(newest).plus(Duration.ofHours(1)).minus(Pipeline.highlightsRetention(config));
    }

    private String storeRetention() {
        return Pipeline.highlightsRetention(config).toHours() + " hours";
    }

    private void shareOfVoice(Exchange exchange, String set, boolean forwarded) {
        Instant window = hourStart(exchange.parameter("window"));
        if (window == null) {
            exchange.error(400, HOUR_START);
            return;
        }
        String key = KeyFormat.SET_AT_WINDOW_START.key(set, window);
        Integer partition = partitionHere(exchange, Pipeline.SHARE_OF_VOICE_STORE, key, forwarded);
        if (partition == null) {
            return;
        }
        ReadOnlyKeyValueStore<String, Pipeline.SetWindows> store = streams.store(StoreQueryParameters.fromNameAndType(
                Pipeline.SHARE_OF_VOICE_STORE, QueryableStoreTypes.<String, Pipeline.SetWindows>keyValueStore()).withPartition(partition));
        Pipeline.SetWindows latest = store.get(key);
        if (latest == null) {
            exchange.error(404, "no figures for " + key);
            return;
        }
        ShareOfVoice sov = latest.shareOfVoice(set, classifier.get().brands().competitorSet(set));
        exchange.rawJson(200, OutputCodec.SHARE_OF_VOICE.encode(sov));
    }

    private void alerts(Exchange exchange, boolean forwarded) {
        String brand = exchange.parameter("brand");
        Instant since;
        int limit;
        try {
            since = exchange.parameter("since") != null ? Instant.parse(exchange.parameter("since")) : Instant.EPOCH;
            limit = Integer.parseInt(exchange.parameter("limit") == null ? "50" : exchange.parameter("limit"));
            if (limit < 1 || limit > 1000) {
                throw new NumberFormatException();
            }
        } catch (RuntimeException e) {
            exchange.error(400, "since is an ISO-8601 instant, limit 1 to 1000");
            return;
        }
        List<FeedbackSpike> found = new ArrayList<>();
        var holders = streams.streamsMetadataForStore(Pipeline.ALERT_STORE);
        if (readsOwnAlerts(forwarded, holders.stream().map(org.apache.kafka.streams.StreamsMetadata::hostInfo).toList(), self)) {
            ReadOnlyKeyValueStore<String, FeedbackSpike> local = streams.store(
                    StoreQueryParameters.fromNameAndType(Pipeline.ALERT_STORE, QueryableStoreTypes.keyValueStore()));
            try (var it = local.all()) {
                it.forEachRemaining(kv -> found.add(kv.value));
            }
        }
        if (!forwarded) {
            for (var instance : holders) {
                if (instance.hostInfo().equals(self)) {
                    continue;
                }
                try {
                    HttpResponse<byte[]> response = forwarding.fetch(instance.hostInfo(), exchange.pathAndQuery());
                    if (response.statusCode() != 200) {
                        throw new IOException("answered " + response.statusCode());
                    }
                    found.addAll(readAlerts(response.body()));
                } catch (IllegalArgumentException e) {
                    exchange.error(400, "the query holds characters a URL may not hold unencoded: percent-encode them");
                    return;
                } catch (IOException e) {
                    // A partial list would read as "no alerts" for that instance's brands: say so instead.
                    log.warn("instance {} did not answer an alerts query: {}", instance.hostInfo(), e.toString());
                    exchange.error(502, "instance " + instance.hostInfo() + " did not answer; the list would be incomplete");
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.error(503, "shutting down");
                    return;
                }
            }
        }
        List<FeedbackSpike> recent = found.stream()
                .filter(a -> brand == null || a.brand().equals(brand))
                .filter(a -> !a.windowStart().isBefore(since))
                .sorted(Comparator.comparing(FeedbackSpike::windowStart).reversed().thenComparing(FeedbackSpike::brand)
                        .thenComparing(FeedbackSpike::signal))
                .limit(limit)
                .toList();
        exchange.rawJson(200, OutputCodec.FEEDBACK_SPIKE.encodeArray(recent));
    }

    /**
     * Whether an alerts query reads this instance's store: not when it holds none of the alerts'
     * partitions (more instances than partitions), whose store Kafka Streams refuses for good, so the
     * answer is the others'. A forwarded query, or one before any holder is known, reads it, and a
     * refusal then says why.
     */
    static boolean readsOwnAlerts(boolean forwarded, List<HostInfo> holders, HostInfo self) {
        return forwarded || holders.isEmpty() || holders.contains(self);
    }

    /** Another instance's alerts, as {@link OutputCodec#FEEDBACK_SPIKE} wrote them. */
    private static List<FeedbackSpike> readAlerts(byte[] json) throws IOException {
        List<FeedbackSpike> alerts = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode alert : dev.earshot.edge.Answers.JSON.readTree(json)) {
            alerts.add(OutputCodec.FEEDBACK_SPIKE.decode(dev.earshot.edge.Answers.JSON.writeValueAsBytes(alert)));
        }
        return alerts;
    }

    /** What the dashboard needs first: the brands and sets in force and this instance's counters. */
    private void summary(Exchange exchange) {
        var catalog = classifier.get().brands();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", streams.state().toString());
        out.put("brands", catalog.brands().stream().map(b -> Map.of("id", b.id(), "name", b.name())).toList());
        out.put("competitorSets", catalog.competitorSets().stream()
                .map(set -> Map.of("id", set.id(), "brands", set.brands())).toList());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("parsed", counters.parsed());
        c.put("deadLetters", counters.deadLetters());
        c.put("duplicates", counters.duplicates());
        c.put("unmatched", counters.unmatched());
        c.put("lateForMinutes", counters.lateForMinutes());
        c.put("lateForHours", counters.lateForHours());
        c.put("alerts", counters.alerts());
        c.put("byCategory", counters.byCategory());
        out.put("counters", c);
        exchange.json(200, out);
    }

    /**
     * The partition of a brand's window store held here, or null when the request was answered
     * otherwise: 404 for a brand not tracked, or as {@link #partitionHere} answers.
     */
    private <V> ReadOnlyWindowStore<String, V> brandWindowsHere(Exchange exchange, String store, String brand, boolean forwarded) {
        Integer partition = tracked(exchange, brand) ? partitionHere(exchange, store, brand, forwarded) : null;
        return partition == null ? null : streams.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, V>windowStore()).withPartition(partition));
    }

    /**
     * The partition of {@code store} to read {@code key} from here, or null when the request was
     * answered otherwise: passed to the instance that owns the key, or refused. The store is read in
     * that partition only: during a rebalance an instance named the owner may not hold it yet, and
     * reading whatever partitions it does hold would answer "no figures" (200 [] or 404) for a key that
     * has them. A key no instance holds yet is a 503 ({@link InvalidStateStoreException}), as is one
     * forwarded here that this instance sees owned elsewhere (the two saw the group at different moments).
     */
    private Integer partitionHere(Exchange exchange, String store, String key, boolean forwarded) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.activeHost() == null || owner.activeHost().equals(HostInfo.unavailable())) {
            throw new InvalidStateStoreException("no instance holds " + store + " for " + key + " yet");
        }
        if (owner.activeHost().equals(self)) {
            return owner.partition();
        }
        if (forwarded) {
            exchange.response().getHeaders().put("Retry-After", "2");
            exchange.error(503, "this key is moving between instances; retry shortly");
            return null;
        }
        try {
            HttpResponse<byte[]> response = forwarding.fetch(owner.activeHost(), exchange.pathAndQuery());
            int status = response.statusCode();
            if (status == 200 || status == 400 || status == 404) {
                exchange.rawJson(status, response.body());
            } else if (status == 503) {
                exchange.response().getHeaders().put("Retry-After", response.headers().firstValue("Retry-After").orElse("2"));
                exchange.rawJson(503, response.body());
            } else {
                // Its 401 (a forwarding secret or clock that differs between instances) or anything else is
                // that instance's failure, not this client's: passed on, a 401 would say its token is wrong.
                log.warn("instance {} owning {} answered {} to a forwarded query", owner.activeHost(), key, status);
                exchange.error(502, "the instance owning this key, " + owner.activeHost() + ", answered " + status
                        + "; its log says why");
            }
        } catch (IllegalArgumentException e) {
            exchange.error(400, "the query holds characters a URL may not hold unencoded: percent-encode them");
        } catch (IOException e) {
            log.warn("instance {} owning {} did not answer: {}", owner.activeHost(), key, e.toString());
            exchange.error(502, "the instance owning this key, " + owner.activeHost() + ", did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.error(503, "shutting down");
        }
        return null;
    }
}
