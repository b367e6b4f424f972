package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.ingest.MentionGenerator;
import dev.earshot.ingest.MentionPublisher;
import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Settings;
import dev.earshot.streams.PipelineConfig;
import dev.earshot.streams.query.QueryServer;
import dev.earshot.streams.StreamsApp;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the dashboard in a real headless Chromium against the running app and checks that every
 * panel filled and that the figures it shows are those on the output topics. Saves
 * {@code target/dashboard.png}. Needs Debian's {@code chromium}, which {@code .ci/run} installs;
 * elsewhere the test is skipped when it is missing, in CI it fails.
 */
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyPanelShowsThePipelinesFigures() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must have /usr/bin/chromium: .ci/run installs it");
            }
            Assumptions.abort("no /usr/bin/chromium here (apt-get install chromium); skipped outside CI");
        }
        TestKafka kafka = TestKafka.shared();
        String prefix = "dash" + System.nanoTime() + ".";
        Path brands = dir.resolve("brands.yaml");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo-brands.yaml")) {
            Files.write(brands, in.readAllBytes());
        }
        PipelineConfig config = PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "topic.prefix", prefix, "application.id", "earshot-" + prefix, "state.dir", dir.resolve("state").toString(),
                "topic.partitions", "1")));
        StreamsApp.createTopics(config, Map.of("bootstrap.servers", kafka.bootstrapServers()));

        // The demo's backfill: 90 minutes of traffic with a Lumora spike 20 minutes before its end (the
        // detector alerts only after an hour of baseline).
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int count = 16_200;
        try (MentionPublisher publisher = new MentionPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                config.topics().raw(), MentionCodec.strict())) {
            MentionGenerator generator = new MentionGenerator(GeneratorBrands.of(BrandCatalog.load(brands)), 7, count,
                    end.minus(Duration.ofMinutes(90)), count / 5400.0,
                    new MentionGenerator.Spike("lumora", end.minus(Duration.ofMinutes(20)), Duration.ofMinutes(15), 0.5));
            List<CompletableFuture<?>> acks = new ArrayList<>();
            generator.forEachRemaining(m -> acks.add(publisher.publish(m)));
            // One hostile complaint, by the loudest author of all: its handle must reach the influencers'
            // table as text, and nothing a post holds may become an element anywhere.
            acks.add(publisher.publish(new Mention("bluesky:hostile", "bluesky", end.minus(Duration.ofMinutes(14)),
                    new Mention.Author(HOSTILE_HANDLE, 9_000_000, false), HOSTILE_TEXT, "", List.of(), "en",
                    new Mention.Engagement(1, 0, 0, 0), false)));
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }

        int port = LocalPorts.free();
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT,
                Map.of("application.server", "127.0.0.1:" + port));) {
            app.start(Duration.ofSeconds(60));
            try (QueryServer query = new QueryServer("127.0.0.1", port, app, new HostInfo("127.0.0.1", port))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                while (app.counters().parsed() < count + 1 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertEquals(count + 1, app.counters().parsed());
                // Parsing runs ahead of the brand-keyed stages behind the repartition topic.
                while (app.counters().alerts() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertTrue(app.counters().alerts() >= 1, "the spike raised an alert; categories " + app.counters().byCategory()
                        + ", late for spikes " + app.counters().lateForSpikes());
                // The brand-keyed stages finish the backlog and commit: wait until the minute topic has
                // stopped changing across a few commits (the input ended long before).
                Map<String, Long> settled = latest(kafka, config.topics().engagementMinute(), "lumora@");
                while (System.nanoTime() < deadline) {
                    Thread.sleep(3_000);
                    Map<String, Long> now = latest(kafka, config.topics().engagementMinute(), "lumora@");
                    if (now.equals(settled)) {
                        break;
                    }
                    settled = now;
                }

                String url = "http://127.0.0.1:" + port + "/dashboard/";
                String dom = chromium(chromium, "--dump-dom", url);
                assertTrue(dom.contains("data-ready=\"true\""), "every panel filled:\n" + panels(dom));

                // The strategy chart's last 60 minutes of Lumora equal the 1-minute topic's latest values.
                Map<String, Long> minutes = latest(kafka, config.topics().engagementMinute(), "lumora@");
                long shown = minutes.values().stream().skip(Math.max(0, minutes.size() - 60)).mapToLong(Long::longValue).sum();
                assertEquals(String.valueOf(shown), attribute(dom, "strategy-panel", "data-mentions"));
                // The share-of-voice doughnut equals the share-of-voice topic for the hour it shows.
                String window = attribute(dom, "sov-panel", "data-window");
                JsonNode sov = JSON.readTree(latestValue(kafka, config.topics().shareOfVoice(), "phones@" + window));
                JsonNode shownSov = JSON.readTree(attribute(dom, "sov-panel", "data-mentions").replace("&quot;", "\""));
                sov.get("brands").fields().forEachRemaining(e ->
                        assertEquals(e.getValue().get("mentions").asLong(), shownSov.get(e.getKey()).asLong(), e.getKey()));

                // The sentiment mix shows the 1-minute topic's sentiment counts of the same minutes.
                Map<String, JsonNode> minuteValues = latestValues(kafka, config.topics().engagementMinute(), "lumora@");
                long negative = minuteValues.values().stream().skip(Math.max(0, minuteValues.size() - 60))
                        .mapToLong(v -> v.get("sentiment").get("negative").asLong()).sum();
                assertEquals(String.valueOf(negative), attribute(dom, "sentiment-mix-panel", "data-negative"));
                assertTrue(negative > 0, "the demo's complaints come out negative");

                // The themes panel shows what brand.themes.1h published for Lumora's latest hour; the hour
                // the generator's spike falls in (it may straddle two) names its topic, a battery drained
                // by an update.
                // The page read the store, which can be a commit ahead of the topic: wait for the topic.
                String shownTerms = attribute(dom, "themes-panel", "data-terms");
                TreeMap<String, JsonNode> themes = latestValues(kafka, config.topics().themesHour(), "lumora@");
                long themesDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!termsOf(themes.lastEntry().getValue()).equals(shownTerms) && System.nanoTime() < themesDeadline) {
                    Thread.sleep(500);
                    themes = latestValues(kafka, config.topics().themesHour(), "lumora@");
                }
                assertEquals(termsOf(themes.lastEntry().getValue()), shownTerms, "the panel shows the latest hour's themes");
                Instant spikeStart = end.minus(Duration.ofMinutes(20));
                Map<String, JsonNode> allThemes = themes;
                List<JsonNode> spikeHours = java.util.stream.Stream.of(spikeStart, spikeStart.plus(Duration.ofMinutes(14)))
                        .map(t -> allThemes.get("lumora@" + t.truncatedTo(ChronoUnit.HOURS))).filter(java.util.Objects::nonNull)
                        .distinct().toList();
                assertTrue(spikeHours.stream().anyMatch(h -> h.get("themes").toString().contains("\"battery\"")),
                        "the spike's hour names its topic among its themes: " + spikeHours);

                // The alerts table explains each alert as the query API gives it (grade, rising terms,
                // loudest mention), row for row in the API's order.
                JsonNode apiAlerts = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/alerts?limit=20")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                int tableAt = dom.indexOf("<tbody id=\"alerts\">");
                List<String> rows = new ArrayList<>(List.of(dom.substring(tableAt, dom.indexOf("</tbody>", tableAt)).split("</tr>")));
                int explained = 0;
                while (explained < apiAlerts.size() && "RESOLVED".equals(apiAlerts.get(explained).path("status").asText())) {
                    explained++; // a resolved record has no grade, terms or samples to show
                }
                assertTrue(explained < apiAlerts.size() && explained < rows.size(), "an alert that explains itself: " + apiAlerts);
                String firstRow = rows.get(explained);
                JsonNode first = apiAlerts.get(explained);
                assertTrue(firstRow.contains("<td>" + first.get("brand").asText() + "</td>"), firstRow);
                assertTrue(firstRow.contains(">" + first.get("severity").asInt() + "/10<"), "its severity: " + firstRow);
                List<String> rising = new ArrayList<>();
                first.get("risingTerms").forEach(t -> rising.add(t.asText()));
                assertTrue(!rising.isEmpty() && firstRow.contains(">" + html(String.join(", ", rising)) + "<"),
                        "its rising terms " + rising + ": " + firstRow);
                JsonNode loudest = first.get("topSamples").get(0);
                assertTrue(firstRow.contains(html(loudest.get("author").asText() + ": " + loudest.get("excerpt").asText())),
                        "its loudest mention " + loudest + ": " + firstRow);

                // What anyone's post carries is text on the page: the hostile author's markup shown, not made.
                String influencers = tbody(dom, "influencers");
                assertTrue(influencers.contains("<td>" + html(HOSTILE_HANDLE) + "</td>"), "the loudest author, as text: " + influencers);
                for (String table : List.of("alerts", "themes", "influencers")) {
                    String body = tbody(dom, table);
                    assertTrue(!body.contains("<img") && !body.contains("<script") && !body.contains("<a "),
                            "no element made from a post in #" + table + ": " + body);
                }

                // The analysts' and alerting users' commands read the same topics.
                Path props = Files.writeString(dir.resolve("earshot.properties"), "topic.prefix=" + prefix + "\n");
                CommandLineRun report = CommandLineRun.of("report", "--set", "phones", "--since", "1d",
                        "--bootstrap-servers", kafka.bootstrapServers(), "--config", props.toString());
                assertEquals(0, report.exitCode(), report.err());
                long lumoraHours = latest(kafka, config.topics().engagementHour(), "lumora@").values().stream()
                        .mapToLong(Long::longValue).sum();
                assertTrue(report.out().contains(String.format(java.util.Locale.ROOT, "| lumora | %,d |", lumoraHours)),
                        "report's share of voice counts every hourly mention of lumora (" + lumoraHours + "):\n" + report.out());
                assertTrue(report.out().lines().anyMatch(l -> l.startsWith("| lumora | 20")), "the spike is listed:\n" + report.out());
                assertTrue(report.out().lines().anyMatch(l -> l.startsWith("| lumora | battery |")),
                        "the report lists the spike's topic among Lumora's themes:\n" + report.out());
                CommandLineRun tail = CommandLineRun.of("tail", "alerts", "--brand", "lumora", "--since", "1d", "--max", "1",
                        "--bootstrap-servers", kafka.bootstrapServers(), "--config", props.toString());
                assertEquals(0, tail.exitCode(), tail.err());
                assertTrue(tail.out().lines().skip(1).findFirst().orElse("").startsWith("lumora"), tail.out());
                // The generator's spike is about a battery drained by an update, which its usual complaints never mention.
                assertTrue(tail.out().lines().skip(1).findFirst().orElse("").contains("battery"),
                        "the alert's rising terms name the spike's topic:\n" + tail.out());

                Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
                chromium(chromium, "--screenshot=" + screenshot, url);
                assertTrue(Files.size(screenshot) > 20_000, "a screenshot with content at " + screenshot);
                System.out.println("[earshot-it] dashboard: all panels filled in headless Chromium; Lumora's last 60 minutes show "
                        + shown + " mentions as on the topic; share of voice for phones@" + window + " matches; screenshot "
                        + screenshot);
            }
        }
    }

    private String chromium(Path chromium, String action, String url) throws Exception {
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("chromium"),
                "--window-size=1400,1250", "--virtual-time-budget=15000", action, url);
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("chromium.log").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(dir.resolve("chromium.log")));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static String attribute(String dom, String id, String name) {
        Matcher m = Pattern.compile("<[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
        assertTrue(m.find(), id + " in the page");
        Matcher a = Pattern.compile(name + "=\"([^\"]*)\"").matcher(m.group());
        assertTrue(a.find(), name + " on " + id + ": " + m.group());
        return a.group(1);
    }

    /** Text as Chromium's DOM dump writes it. */
    /** A handle and a complaint that would run as markup if a page made elements of them. */
    private static final String HOSTILE_HANDLE = "@<img src=x onerror=alert(1)>";
    private static final String HOSTILE_TEXT = "Lumora charged me twice <script>alert(2)</script> javascript:alert(3)";

    /** The rows of the table body {@code id} as the page holds them. */
    private static String tbody(String dom, String id) {
        int at = dom.indexOf("<tbody id=\"" + id + "\">");
        assertTrue(at >= 0, id + " in the page");
        return dom.substring(at, dom.indexOf("</tbody>", at));
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;");
    }

    private static String panels(String dom) {
        Matcher m = Pattern.compile("<(section|body)[^>]*data-(filled|ready)=\"[^\"]*\"[^>]*>").matcher(dom);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            out.append(m.group()).append('\n');
        }
        return out.toString();
    }

    /** Latest mentions per key with the prefix, in key order (keys end with the ISO window start). */
    private static Map<String, Long> latest(TestKafka kafka, String topic, String keyPrefix) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic)) {
            if (r.key().startsWith(keyPrefix)) {
                out.put(r.key(), JSON.readTree(r.value()).get("mentions").asLong());
            }
        }
        return out;
    }

    /** A themes record's terms as the dashboard's panel lists them, space-separated. */
    private static String termsOf(JsonNode themes) {
        List<String> terms = new ArrayList<>();
        themes.get("themes").forEach(t -> terms.add(t.get("term").asText()));
        return String.join(" ", terms);
    }

    /** The latest value of each key with the prefix, in key order (minutes sort as they run). */
    private static TreeMap<String, JsonNode> latestValues(TestKafka kafka, String topic, String keyPrefix) throws Exception {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic)) {
            if (r.key().startsWith(keyPrefix)) {
                out.put(r.key(), JSON.readTree(r.value()));
            }
        }
        return out;
    }

    private static String latestValue(TestKafka kafka, String topic, String key) {
        String value = null;
        for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic)) {
            if (r.key().equals(key)) {
                value = r.value();
            }
        }
        assertTrue(value != null, key + " on " + topic);
        return value;
    }
}
