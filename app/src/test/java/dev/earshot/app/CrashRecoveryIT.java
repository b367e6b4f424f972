package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.CopySignature;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.ingest.MentionGenerator;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.kafka.local.ConsumerGroups;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Classification;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.OutputCodec;
import dev.earshot.streams.BrandHighlights;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app as its own process, killed with SIGKILL three times and stopped cleanly once while
 * generated mentions flow in (some of them sent twice): the final value of every key of every output
 * topic, read with read_committed, equals what the test computes from the input on its own; no alert
 * appears twice; the clean restart restores (almost) nothing, the killed ones rebuild their state.
 *
 * <p>{@code -Dearshot.crash.mentions=N} sets the volume (200,000 by default).
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MENTIONS = Integer.getInteger("earshot.crash.mentions", 200_000);

    @TempDir
    Path dir;

    @Test
    void exactOutputThroughFourKillsAndACleanRestart() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "crash" + System.nanoTime() + ".";
        String appId = "earshot-" + prefix;
        Path brands = dir.resolve("brands.yaml");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo-brands.yaml")) {
            Files.write(brands, in.readAllBytes());
        }
        // A bulk load interleaves three raw partitions at their own paces: the default grace (24 h)
        // covers the whole span.
        Path props = Files.writeString(dir.resolve("earshot.properties"), String.join("\n",
                "topic.prefix=" + prefix, "application.id=" + appId,
                "kafka.commit.interval.ms=200",
                // The generator's spike repeats five texts, each about 110 times a minute at this volume,
                // which the default limit (60) takes for floods; the test's own flood is 300 in a minute.
                "suspect.copies-per-minute=200", ""));
        int port = LocalPorts.free();
        String[] args = {"streams", "--bootstrap-servers", kafka.bootstrapServers(), "--brands", brands.toString(),
            "--config", props.toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", String.valueOf(port)};

        // The input, and the expectation computed from it with the classifier alone.
        BrandCatalog catalog = BrandCatalog.load(brands);
        Instant start = Instant.parse("2026-11-20T00:00:00Z");
        List<Mention> input = new ArrayList<>(MENTIONS);
        // Suspects: a flood of one complaint to Vantor (300 copies within a minute, from as many
        // accounts), and posts of three links each to Pixelo, one every 20 seconds for an hour (the same
        // words: copies, but too few a minute to flood).
        List<Mention> suspects = new ArrayList<>();
        Instant flood = start.plus(Duration.ofMinutes(90));
        for (int i = 0; i < 300; i++) {
            suspects.add(new Mention("x:flood-" + i, "x", flood.plusMillis(150L * i), new Mention.Author("@fl" + i, 3, false),
                    "@vantor the checkout keeps failing, fix it now", "", List.of(), "en", new Mention.Engagement(0, 0, 0, 0), false));
        }
        for (int i = 0; i < 180; i++) {
            suspects.add(new Mention("x:links-" + i, "x", start.plus(Duration.ofMinutes(10)).plusSeconds(20L * i),
                    new Mention.Author("@deals" + i, 5, false), "Pixelo deals today https://a.example/" + i
                    + " https://b.example/" + i + " https://c.example/" + i, "", List.of(), "en", new Mention.Engagement(0, 0, 0, 0),
                    false));
        }
        // Three hours of event time whatever the volume, with a Lumora spike in the third.
        new MentionGenerator(GeneratorBrands.of(catalog), 42, MENTIONS - suspects.size(), start, MENTIONS / 10_800.0,
                new MentionGenerator.Spike("lumora", start.plus(Duration.ofHours(2)), Duration.ofMinutes(15), 0.5))
                .forEachRemaining(input::add);
        input.addAll(suspects);
        input.sort(java.util.Comparator.comparing(Mention::createdAt)); // stable: the generator's order kept
        // brand@hour -> suspect pairs: the flood's copies (all of them, as its minute crossed 60 copies;
        // its first post is the original) and the posts of three links or more.
        Map<String, Long> hourSuspect = new TreeMap<>();
        Map<String, long[]> hours = new TreeMap<>();   // brand@hour -> mentions, likes, reach
        Map<String, Long> minutes = new TreeMap<>();   // brand@minute -> mentions
        Map<String, List<Long>> hourSentiment = new TreeMap<>(); // brand@hour -> positive, neutral, negative
        Map<String, Map<String, Long>> hourTerms = new TreeMap<>(); // brand@hour -> term -> mentions that used it
        // brand@hour -> pairs whose text, normalised, the brand had seen before: the generator's texts are
        // templates, whose copies are word for word once links and handles are gone, and no two templates
        // of one brand come near the similarity that makes a copy; a template's first mention is in the
        // first minutes of the run (or at the spike's start, for the spike's), far from an hour's end, so
        // which partition's copy the app sees first does not move an original to another hour.
        Map<String, Long> hourAmplified = new TreeMap<>();
        Map<String, java.util.Set<String>> brandTexts = new HashMap<>();
        java.util.Set<String> pairs = new java.util.HashSet<>(); // id|brand: what mentions.classified should hold once each
        try (Classifier classifier = Classifier.create(catalog, RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            for (Mention m : input) {
                for (Classification c : classifier.classify(m)) {
                    List<Long> s = hourSentiment.computeIfAbsent(c.brand() + "@" + m.createdAt().truncatedTo(ChronoUnit.HOURS),
                            k -> new java.util.ArrayList<>(List.of(0L, 0L, 0L)));
                    if (c.sentiment() != null) {
                        s.set(c.sentiment().label().ordinal(), s.get(c.sentiment().label().ordinal()) + 1);
                    }
                    long[] h = hours.computeIfAbsent(c.brand() + "@" + m.createdAt().truncatedTo(ChronoUnit.HOURS), k -> new long[3]);
                    h[0]++;
                    h[1] += m.engagement().likes();
                    h[2] += m.author().followers();
                    minutes.merge(c.brand() + "@" + m.createdAt().truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
                    pairs.add(m.id() + "|" + c.brand());
                    boolean copy = !brandTexts.computeIfAbsent(c.brand(), k -> new java.util.HashSet<>())
                            .add(CopySignature.normalise(m.text(), false));
                    boolean flooded = copy && m.id().startsWith("x:flood-");
                    boolean links = m.text().split("https?://", -1).length - 1 >= 3;
                    hourSuspect.merge(c.brand() + "@" + m.createdAt().truncatedTo(ChronoUnit.HOURS), flooded || links ? 1L : 0L,
                            Long::sum);
                    hourAmplified.merge(c.brand() + "@" + m.createdAt().truncatedTo(ChronoUnit.HOURS), copy ? 1L : 0L, Long::sum);
                    Map<String, Long> terms = hourTerms.computeIfAbsent(c.brand() + "@" + m.createdAt().truncatedTo(ChronoUnit.HOURS),
                            k -> new HashMap<>());
                    BrandHighlights.empty().add(m, catalog.brand(c.brand())).terms().forEach((t, n) -> terms.merge(t, n, Long::sum));
                }
            }
        }

        Process app = EarshotProcess.start(args);
        EarshotProcess.awaitLine(app, "query API on", Duration.ofSeconds(90));
        AtomicLong sent = new AtomicLong();
        // The producer waits at the spike's end (nothing later reaches the app, so the window after the
        // spike cannot close and resolve the incident) until the fourth kill is done.
        Instant spikeStart = start.plus(Duration.ofHours(2));
        java.util.concurrent.CountDownLatch afterFourthKill = new java.util.concurrent.CountDownLatch(1);
        Thread producer = new Thread(() -> produce(kafka, prefix, input, sent, spikeStart.plus(Duration.ofMinutes(30)), afterFourthKill),
                "crash-producer");
        producer.start();

        List<String> log = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        long[] restoredAfterKill = new long[4];
        for (int kill = 0; kill < 3; kill++) {
            long target = (long) MENTIONS * (kill + 1) / 5;
            ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), appId, prefix + "mentions.raw", target, Duration.ofMinutes(10));
            app.destroyForcibly(); // SIGKILL
            assertTrue(app.waitFor(30, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            app = EarshotProcess.start(args);
            EarshotProcess.awaitLine(app, "query API on", Duration.ofSeconds(120));
            // Kafka Streams 4.3 must not open a killed run's stores at start-up (StreamsApp.forgetStateOfAKilledRun).
            assertTrue(EarshotProcess.output(app).stream().anyMatch(l -> l.contains(KILLED_RUN)),
                    "the start after a kill wipes the killed run's state first");
            awaitRunning(http, port);
            restoredAfterKill[kill] = LocalPorts.metric(port, "earshot_state_restored_records_total");
            log.add(String.format("SIGKILL at %,d committed input records; back to RUNNING in %d ms, %,d state records restored",
                    target, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), restoredAfterKill[kill]));
        }
        // A fourth kill while the spike's incident is open: its OPENED alert committed, its RESOLVED not.
        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        assertFalse(awaitSpikeOpened(client, prefix + "alerts.feedback-spikes", "lumora", spikeStart),
                "the producer holds back what would resolve the incident");
        app.destroyForcibly();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS));
        long tKill = System.nanoTime();
        app = EarshotProcess.start(args);
        EarshotProcess.awaitLine(app, "query API on", Duration.ofSeconds(120));
        awaitRunning(http, port);
        restoredAfterKill[3] = LocalPorts.metric(port, "earshot_state_restored_records_total");
        afterFourthKill.countDown();
        log.add(String.format("SIGKILL with lumora's incident open; back to RUNNING in %d ms, %,d state records restored",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tKill), restoredAfterKill[3]));
        ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), appId, prefix + "mentions.raw", (long) MENTIONS * 4 / 5, Duration.ofMinutes(10));
        EarshotProcess.terminate(app);
        assertTrue(app.waitFor(60, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        app = EarshotProcess.start(args);
        EarshotProcess.awaitLine(app, "query API on", Duration.ofSeconds(120));
        assertTrue(EarshotProcess.output(app).stream().noneMatch(l -> l.contains(KILLED_RUN)),
                "the start after a clean stop keeps its state");
        awaitRunning(http, port);
        long restoredAfterStop = LocalPorts.metric(port, "earshot_state_restored_records_total");
        log.add(String.format("clean stop at %,d; back to RUNNING in %d ms, %,d state records restored", (long) MENTIONS * 4 / 5,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), restoredAfterStop));

        producer.join(TimeUnit.MINUTES.toMillis(10));
        assertEquals(MENTIONS + MENTIONS / 100, sent.get(), "every mention (and the repeats) acknowledged by the broker");
        ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), appId, prefix + "mentions.raw", MENTIONS + MENTIONS / 100, Duration.ofMinutes(10));
        ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), appId, appId + "-mentions-by-brand-repartition", -1, Duration.ofMinutes(10));
        EarshotProcess.terminate(app);
        assertTrue(app.waitFor(60, TimeUnit.SECONDS));

        Map<String, JsonNode> hourOut = latest(client, prefix + "brand.engagement.1h");
        Map<String, long[]> hourSeen = new TreeMap<>();
        hourOut.forEach((k, v) -> hourSeen.put(k, new long[] {v.get("mentions").asLong(), v.get("likes").asLong(), v.get("reach").asLong()}));
        assertEquals(hours.keySet(), hourSeen.keySet());
        hours.forEach((k, v) -> assertEquals(List.of(v[0], v[1], v[2]), List.of(hourSeen.get(k)[0], hourSeen.get(k)[1], hourSeen.get(k)[2]), k));
        // Sentiment counts too: every pair's label counted once, through the kills.
        hourSentiment.forEach((k, v) -> {
            JsonNode seen = hourOut.get(k).get("sentiment");
            assertEquals(v, List.of(seen.get("positive").asLong(), seen.get("neutral").asLong(), seen.get("negative").asLong()),
                    "sentiment of " + k);
        });
        assertTrue(hourSentiment.values().stream().anyMatch(v -> v.get(2) > 0), "the generated complaints come out negative");
        // Copies: each counted once, through the kills.
        hourAmplified.forEach((k, v) -> assertEquals(v, hourOut.get(k).get("amplified").asLong(), "copies in " + k));
        assertTrue(hourAmplified.values().stream().mapToLong(Long::longValue).sum() > MENTIONS / 2, "the templates repeat");
        // Suspects: each counted once, through the kills.
        hourSuspect.forEach((k, v) -> assertEquals(v, hourOut.get(k).get("suspect").get("mentions").asLong(), "suspects in " + k));
        assertEquals(299 + 180, hourSuspect.values().stream().mapToLong(Long::longValue).sum(), "the flood's copies and the link posts");
        Map<String, Long> minuteSeen = new TreeMap<>();
        latest(client, prefix + "brand.engagement.1m").forEach((k, v) -> minuteSeen.put(k, v.get("mentions").asLong()));
        assertEquals(minutes, minuteSeen, "every 1-minute window exact");
        for (Map.Entry<String, JsonNode> e : latest(client, prefix + "brand.share-of-voice.1h").entrySet()) {
            String hour = e.getKey().substring(e.getKey().indexOf('@') + 1);
            e.getValue().get("brands").fields().forEachRemaining(b -> assertEquals( // suspects left out
                    hours.containsKey(b.getKey() + "@" + hour)
                            ? hours.get(b.getKey() + "@" + hour)[0] - hourSuspect.get(b.getKey() + "@" + hour) : 0L,
                    b.getValue().get("mentions").asLong(), e.getKey() + " " + b.getKey()));
        }
        // Each hour's themes: no theme counted more often than the hour's mentions used it, through
        // the kills (a term the store trimmed away restarts its count, so fewer is possible, never
        // more); the spike's topic, used by far the most, exactly as often.
        Map<String, JsonNode> themesOut = latest(client, prefix + "brand.themes.1h");
        assertEquals(hours.keySet(), themesOut.keySet());
        int themesChecked = 0;
        for (Map.Entry<String, JsonNode> e : themesOut.entrySet()) {
            assertEquals(hours.get(e.getKey())[0], e.getValue().get("mentions").asLong(), "mentions of " + e.getKey());
            for (JsonNode theme : e.getValue().get("themes")) {
                String term = theme.get("term").asText();
                long used = hourTerms.get(e.getKey()).getOrDefault(term, 0L);
                assertTrue(theme.get("mentions").asLong() <= used, term + " in " + e.getKey() + ": " + theme + ", used " + used);
                themesChecked++;
            }
        }
        assertTrue(themesChecked > 0, "the hours have themes: " + themesOut);
        String spikeHour = "lumora@" + start.plus(Duration.ofHours(2));
        JsonNode battery = null;
        for (JsonNode theme : themesOut.get(spikeHour).get("themes")) {
            battery = theme.get("term").asText().equals("battery") ? theme : battery;
        }
        assertTrue(battery != null, "the spike's topic is among its hour's themes: " + themesOut.get(spikeHour));
        assertEquals(hourTerms.get(spikeHour).get("battery"), battery.get("mentions").asLong(), "battery in " + spikeHour);

        // mentions.classified: every pair published once through the kills, and a wording's copies under
        // one cluster, another wording's never under it.
        ClassifiedMentionCodec pairCodec = new ClassifiedMentionCodec(MentionCodec.strict());
        Map<String, Integer> pairsSeen = new HashMap<>();
        Map<String, java.util.Set<String>> clustersOfWording = new HashMap<>();
        Map<String, java.util.Set<String>> wordingsOfCluster = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(client, prefix + "mentions.classified")) {
            ClassifiedMention pair = pairCodec.decode(r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String brand = pair.classification().brand();
            pairsSeen.merge(pair.mention().id() + "|" + brand, 1, Integer::sum);
            String wording = brand + "|" + CopySignature.normalise(pair.mention().text(), false);
            clustersOfWording.computeIfAbsent(wording, k -> new java.util.HashSet<>()).add(pair.clusterId());
            wordingsOfCluster.computeIfAbsent(brand + "|" + pair.clusterId(), k -> new java.util.HashSet<>()).add(wording);
        }
        assertEquals(pairs, pairsSeen.keySet(), "every pair published");
        pairsSeen.forEach((k, n) -> assertEquals(1, n, "pair " + k + " published once"));
        clustersOfWording.forEach((k, ids) -> assertEquals(1, ids.size(), "one cluster for the copies of " + k + ": " + ids));
        wordingsOfCluster.forEach((k, w) -> assertEquals(1, w.size(), "one wording in cluster " + k + ": " + w));

        Map<String, Integer> alerts = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(client, prefix + "alerts.feedback-spikes")) {
            JsonNode a = JSON.readTree(r.value());
            alerts.merge(a.get("brand").asText() + "@" + a.get("windowStart").asText(), 1, Integer::sum);
        }
        assertTrue(alerts.keySet().stream().anyMatch(k -> k.startsWith("lumora@")), "the spike raised an alert: " + alerts);
        alerts.forEach((k, n) -> assertEquals(1, n, "alert " + k + " written once"));
        // The lifecycle through the kills: every incident opened once, its later records under its
        // incident and after its opening, resolved at most once and last; the spike's resolved.
        Map<String, List<FeedbackSpike>> incidents = new TreeMap<>();
        for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(client, prefix + "alerts.feedback-spikes")) {
            FeedbackSpike a = OutputCodec.FEEDBACK_SPIKE.fromJson(r.value());
            incidents.computeIfAbsent(a.incident() == null ? a.id() : a.incident(), k -> new ArrayList<>()).add(a);
        }
        incidents.forEach((incident, records) -> {
            assertEquals(FeedbackSpike.Status.OPENED, records.get(0).status(), "incident " + incident + " opens first: " + records);
            assertEquals(incident, records.get(0).id(), "an incident is named by its OPENED alert");
            assertEquals(1, records.stream().filter(a -> a.status() == FeedbackSpike.Status.OPENED).count(), incident + ": " + records);
            long resolved = records.stream().filter(a -> a.status() == FeedbackSpike.Status.RESOLVED).count();
            assertTrue(resolved <= 1, incident + " resolved once at most: " + records);
            if (resolved == 1) {
                assertEquals(FeedbackSpike.Status.RESOLVED, records.get(records.size() - 1).status(), incident + " ends resolved");
            }
            for (int i = 1; i < records.size(); i++) {
                assertTrue(records.get(i).windowStart().isAfter(records.get(i - 1).windowStart()), incident + " in window order: " + records);
            }
        });
        // One incident for the spike: state lost in a kill would open a second one (the cooldown keeps a
        // brand from alerting again within the hour).
        List<List<FeedbackSpike>> spikeIncidents = incidents.entrySet().stream()
                .filter(e -> e.getKey().startsWith("lumora@" + start.plus(Duration.ofHours(2)).toString().substring(0, 13)))
                .map(Map.Entry::getValue).toList();
        assertEquals(1, spikeIncidents.size(), "one incident in the spike's hour: " + spikeIncidents);
        List<FeedbackSpike> spike = spikeIncidents.get(0);
        log.add("the spike's incident: " + spike.stream().map(a -> a.status() + " " + a.windowStart() + " (" + a.count() + ")").toList());
        assertEquals(FeedbackSpike.Status.RESOLVED, spike.get(spike.size() - 1).status(), "the spike's incident is resolved: " + spike);
        for (long restored : restoredAfterKill) {
            assertTrue(restored > 0, "a killed instance rebuilds its state from the changelogs: " + log);
        }
        assertTrue(restoredAfterStop * 10 < restoredAfterKill[2], "a clean restart reuses its checkpointed state: " + log);
        log.forEach(line -> System.out.println("[earshot-it] crash: " + line));
        System.out.printf("[earshot-it] crash: %,d mentions + %,d repeats in; %d hourly and %d minute windows, share of voice and %d"
                + " alerts exact, %d themes within their input counts, after 4 SIGKILLs and a clean restart; %s themes: %s%n", MENTIONS, MENTIONS / 100,
                hours.size(), minutes.size(), alerts.size(), themesChecked, spikeHour, themesOut.get(spikeHour).get("themes"));
    }

    /**
     * Sends the input at a steady pace, repeating every hundredth mention later on (duplicates to drop),
     * and waits for {@code resume} before the first mention at or after {@code holdAt}.
     */
    private static void produce(TestKafka kafka, String prefix, List<Mention> input, AtomicLong sent, Instant holdAt,
                                java.util.concurrent.CountDownLatch resume) {
        try (MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                prefix + "mentions.raw", MentionCodec.strict())) {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            boolean held = false;
            for (int i = 0; i < input.size(); i++) {
                if (!held && !input.get(i).createdAt().isBefore(holdAt)) {
                    held = true;
                    if (!resume.await(15, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("the test did not let the producer go on");
                    }
                }
                acks.add(publisher.publish(input.get(i)).thenRun(sent::incrementAndGet));
                if (i % 100 == 99) {
                    acks.add(publisher.publish(input.get(i - 50)).thenRun(sent::incrementAndGet));
                }
                if (i % 2_000 == 1_999) {
                    Thread.sleep(200); // a flow, not one burst: the kills land while records arrive
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the brand's incident of the spike (opened at or after its start) is OPENED on the
     * alerts topic (read committed), and says whether it was already resolved there.
     */
    private static boolean awaitSpikeOpened(Map<String, Object> client, String topic, String brand, Instant spikeStart)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            String incident = null;
            boolean resolved = false;
            for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(client, topic)) {
                FeedbackSpike a = OutputCodec.FEEDBACK_SPIKE.fromJson(r.value());
                if (a.brand().equals(brand) && a.status() == FeedbackSpike.Status.OPENED && !a.windowStart().isBefore(spikeStart)
                        && incident == null) {
                    incident = a.id();
                }
                resolved |= incident != null && incident.equals(a.incident()) && a.status() == FeedbackSpike.Status.RESOLVED;
            }
            if (incident != null) {
                return resolved;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(brand + " raised no alert");
    }

    /** What the streams app logs when it wipes the state a killed run left. */
    private static final String KILLED_RUN = "the last run did not stop cleanly";

    private static void awaitRunning(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("RUNNING")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the restarted app did not reach RUNNING");
    }


    private static Map<String, JsonNode> latest(Map<String, Object> client, String topic) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Map.Entry<String, String> e : TopicSnapshot.latestByKey(client, topic).entrySet()) {
            out.put(e.getKey(), JSON.readTree(e.getValue()));
        }
        return out;
    }
}
