package dev.earshot.streams;

import dev.earshot.streams.query.QueryServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.kafka.local.LoopbackPorts;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import dev.earshot.model.output.FeedbackSpike;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two app instances share one application id and split the partitions; each one's query API answers
 * for every brand, serving the other's keys by asking it, and lists the spike alerts both keep.
 */
class QueryForwardingIT {
    private static final int PARTITIONS = 3;
    private static final int MENTIONS = 3_000;

    @TempDir
    Path dir;

    @Test
    void eachInstanceAnswersForKeysTheOtherOwns() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "fwd" + System.nanoTime() + ".";
        List<String> brands = brandsCoveringEveryPartition();
        StringBuilder yaml = new StringBuilder("brands:\n");
        brands.forEach(b -> yaml.append("  - {id: ").append(b).append(", keywords: [").append(b).append("]}\n"));
        Path brandFile = Files.writeString(dir.resolve("brands.yaml"), yaml);

        Map<String, String> common = Map.of("bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix,
                "application.id", "earshot-" + prefix, "topic.partitions", String.valueOf(PARTITIONS));
        PipelineConfig first = config(common, "a");
        StreamsApp.createTopics(first, Map.of("bootstrap.servers", kafka.bootstrapServers()));

        // The expectation, computed here from what is sent: mentions per brand and hour.
        Map<String, Long> expected = new TreeMap<>();
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        List<Mention> mentions = new ArrayList<>();
        for (int i = 0; i < MENTIONS; i++) {
            String brand = brands.get(i % brands.size());
            Instant at = t0.plusSeconds(i * 3L);
            mentions.add(mention("fwd:" + i, "u" + i, at, "thinking about " + brand + " today"));
            expected.merge(brand + "@" + at.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
        }
        produce(kafka.bootstrapServers(), first.topics().raw(), mentions);

        int portA = LoopbackPorts.free();
        int portB = LoopbackPorts.free();
        try (StreamsApp a = new StreamsApp(first, brandFile, null, ClassifierSettings.DEFAULT,
                Map.of("application.server", "127.0.0.1:" + portA));
             StreamsApp b = new StreamsApp(config(common, "b"), brandFile, null, ClassifierSettings.DEFAULT,
                     Map.of("application.server", "127.0.0.1:" + portB))) {
            a.start(Duration.ofSeconds(60));
            b.start(Duration.ofSeconds(60));
            try (QueryServer queryA = new QueryServer("127.0.0.1", portA, a, new HostInfo("127.0.0.1", portA));
                 QueryServer queryB = new QueryServer("127.0.0.1", portB, b, new HostInfo("127.0.0.1", portB))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline && !(running(a) && running(b)
                        && a.counters().parsed() + b.counters().parsed() >= MENTIONS && owners(a, brands).size() == 2)) {
                    Thread.sleep(200);
                }
                assertEquals(MENTIONS, a.counters().parsed() + b.counters().parsed(),
                        "every mention parsed once across the two instances");
                Map<String, HostInfo> owner = new HashMap<>();
                for (String brand : brands) {
                    owner.put(brand, a.streams().queryMetadataForKey(Pipeline.HOUR_STORE, brand,
                            Serdes.String().serializer()).activeHost());
                }
                assertEquals(2, Set.copyOf(owner.values()).size(), "both instances own some brands: " + owner);

                HttpClient http = HttpClient.newHttpClient();
                for (int port : new int[] {portA, portB}) {
                    Map<String, Long> answered = awaitHours(http, port, brands, expected);
                    assertEquals(expected, answered, "instance on " + port + " answers for every brand, its own and the other's");
                }
                String brandOfB = brands.stream().filter(x -> owner.get(x).port() == portB).findFirst().orElseThrow();
                assertNotEquals(portA, owner.get(brandOfB).port());
                HttpResponse<String> alerts = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + portA + "/api/alerts")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, alerts.statusCode(), alerts.body());
                assertTrue(StreamsJson.MAPPER.readTree(alerts.body()).isArray());

                // Then a spike of complaints for every brand: each alert is kept by the instance that
                // owns its brand, and each instance's list holds the other's as well as its own.
                Instant burst = sendSpikes(kafka.bootstrapServers(), first.topics().raw(), brands,
                        () -> a.counters().batchedMentions() + b.counters().batchedMentions());
                for (int port : new int[] {portA, portB}) {
                    assertEquals(new TreeSet<>(brands), awaitAlertedBrands(http, port, burst, brands.size()),
                            "instance on " + port + " lists the spike alerts of every brand, its own and the other's");
                }
                System.out.println("[earshot-it] two instances: " + MENTIONS + " mentions, brands by owner " + owner
                        + "; both query APIs gave the expected hourly totals for all " + brands.size() + " brands"
                        + " and the spike alerts of all of them");
            }
        }
    }

    /**
     * Polls until the answers equal the expectation or time runs out; returns the last answer, with
     * the last refusal if one was seen. A refusal (503 while a later rebalance moves the stores) is
     * asked again: what is checked is the answer once the group has settled.
     */
    private static Map<String, Long> awaitHours(HttpClient http, int port, List<String> brands, Map<String, Long> expected)
            throws Exception {
        Map<String, Long> answered = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            answered = new TreeMap<>();
            for (String brand : brands) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/brands/"
                        + brand + "/windows?size=1h&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    answered.put(brand + " refused " + r.statusCode() + ": " + r.body(), -1L);
                    continue;
                }
                for (JsonNode w : StreamsJson.MAPPER.readTree(r.body())) {
                    answered.put(brand + "@" + w.get("windowStart").asText(), w.get("mentions").asLong());
                }
            }
            if (answered.equals(expected)) {
                return answered;
            }
            Thread.sleep(500);
        }
        return answered;
    }

    /**
     * For every brand, two hours of steady complaints (four per 15-minute window), then forty in one
     * window, after the first part's mentions in event time and interleaved across brands in time
     * order; once both instances have classified them all, a quiet mention per brand 20 minutes
     * later. The spike detector ends a window when a partial of a later one arrives, and the brand's
     * partials come from the tasks of all three input partitions: sent at once, a quiet mention
     * classified by one task could end the burst's window before another task's share of the burst
     * had arrived. Returns the burst window's start.
     */
    private static Instant sendSpikes(String bootstrap, String topic, List<String> brands,
                                      java.util.function.LongSupplier classified) throws Exception {
        Instant calm = Instant.parse("2026-11-20T13:00:00Z");
        Instant burst = calm.plus(Duration.ofHours(2));
        List<Mention> spikes = new ArrayList<>();
        for (int window = 0; window < 8; window++) {
            for (int i = 0; i < 4; i++) {
                for (String brand : brands) {
                    spikes.add(spike(spikes.size(), calm.plus(Duration.ofMinutes(15L * window)).plusSeconds(60L * i),
                            brand + " still waiting for my refund, unacceptable"));
                }
            }
        }
        for (int i = 0; i < 40; i++) {
            for (String brand : brands) {
                spikes.add(spike(spikes.size(), burst.plusSeconds(10L * i), brand + " the app keeps crashing, terrible"));
            }
        }
        long before = classified.getAsLong();
        produce(bootstrap, topic, spikes);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (classified.getAsLong() < before + spikes.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(classified.getAsLong() >= before + spikes.size(), "the calm and the burst classified before the quiet mentions");
        List<Mention> quiet = new ArrayList<>();
        for (String brand : brands) {
            quiet.add(spike(spikes.size() + quiet.size(), burst.plus(Duration.ofMinutes(20)), "thinking about " + brand + " today"));
        }
        produce(bootstrap, topic, quiet);
        return burst;
    }

    /** The {@code n}th mention of the spikes, each by an author of its own. */
    private static Mention spike(int n, Instant at, String text) {
        return mention("spike:" + n, "s" + n, at, text);
    }

    /** A post on reddit by an author of 10 followers, liked once. */
    private static Mention mention(String id, String author, Instant at, String text) {
        return new Mention(id, "reddit", at, new Mention.Author(author, 10, false), text, "", List.of(), "en",
                new Mention.Engagement(1, 0, 0, 0), false);
    }

    private static void produce(String bootstrap, String topic, List<Mention> mentions) throws Exception {
        MentionCodec codec = MentionCodec.strict();
        TestKafka.send(bootstrap, mentions.stream().map(m -> TestKafka.record(topic, m.id(), codec.encode(m))).toList());
    }

    /** Polls an instance's {@code /api/alerts} until it lists {@code expected} brands alerted at the burst, or time runs out. */
    private static Set<String> awaitAlertedBrands(HttpClient http, int port, Instant burst, int expected) throws Exception {
        Set<String> alerted = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/alerts?since=" + burst)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                alerted = new TreeSet<>();
                for (JsonNode alert : StreamsJson.MAPPER.readTree(r.body())) {
                    FeedbackSpike spike = dev.earshot.model.output.OutputCodec.FEEDBACK_SPIKE.fromJson(alert.toString());
                    if (spike.windowStart().equals(burst)) {
                        alerted.add(spike.brand());
                    }
                }
                if (alerted.size() >= expected) {
                    return alerted;
                }
            }
            Thread.sleep(500);
        }
        return alerted;
    }

    private static Set<HostInfo> owners(StreamsApp app, List<String> brands) {
        Set<HostInfo> hosts = new java.util.HashSet<>();
        for (String brand : brands) {
            var meta = app.streams().queryMetadataForKey(Pipeline.HOUR_STORE, brand, Serdes.String().serializer());
            if (meta != null && meta.activeHost() != null) {
                hosts.add(meta.activeHost());
            }
        }
        hosts.remove(HostInfo.unavailable());
        return hosts;
    }

    private static boolean running(StreamsApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING;
    }

    private PipelineConfig config(Map<String, String> common, String instance) {
        Map<String, String> settings = new HashMap<>(common);
        settings.put("state.dir", dir.resolve("state-" + instance).toString());
        return PipelineConfig.from(Settings.of(settings));
    }

    /** Brand ids whose keys land on every partition of the brand-keyed topics, so each instance owns one. */
    private static List<String> brandsCoveringEveryPartition() {
        Set<Integer> covered = new TreeSet<>();
        List<String> brands = new ArrayList<>();
        for (int i = 0; covered.size() < PARTITIONS || brands.size() < 6; i++) {
            String brand = "brand" + (char) ('a' + i % 26) + (i / 26);
            int partition = Utils.toPositive(Utils.murmur2(brand.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (covered.add(partition) || brands.size() < 6) {
                brands.add(brand);
            }
        }
        return brands;
    }
}
