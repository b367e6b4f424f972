package dev.earshot.app;

import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.OutputCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.earshot.kafka.local.TestKafka;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code earshot alerts} as its own process against a local webhook receiver: one call per alert,
 * retries on a 503, nothing resent across a clean restart, nothing missing after kill -9.
 */
class AlertsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * Every call the receiver got, in order: the idempotency key, the status it was answered with, the
     * message's text and the headline of its blocks.
     */
    record Call(String key, int status, String text, String headline) {
    }

    /** A test's own alerts topic on the shared broker, and the settings that point a forwarder at it. */
    record Alerts(TestKafka kafka, String prefix, String topic, Path props) {
        /** A forwarder of its own group posting to the receiver, retrying at most a second apart. */
        String[] forwarderArguments(HttpServer receiver) {
            return forwarderArguments(receiver, "fwd-" + prefix);
        }

        /** The same in another group, with more arguments. */
        String[] forwarderArguments(HttpServer receiver, String group, String... more) {
            List<String> args = new java.util.ArrayList<>(List.of("alerts", "--webhook",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--config", props.toString(), "--group", group, "--max-backoff", "1s"));
            args.addAll(List.of(more));
            return args.toArray(String[]::new);
        }
    }

    private Alerts alertsTopic(int partitions) throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "alerts" + System.nanoTime() + ".";
        String topic = prefix + "alerts.feedback-spikes";
        TestKafka.createTopic(kafka.bootstrapServers(), topic, partitions);
        return new Alerts(kafka, prefix, topic, Files.writeString(dir.resolve("earshot.properties"), "topic.prefix=" + prefix + "\n"));
    }

    @Test
    void deliversEachAlertOnceAcrossRestartsAndNoneGoMissingAfterKill9() throws Exception {
        Alerts alerts = alertsTopic(2);
        TestKafka kafka = alerts.kafka();
        String topic = alerts.topic();

        List<Call> calls = new CopyOnWriteArrayList<>();
        Map<String, Integer> failFirst = new ConcurrentHashMap<>(Map.of("brand02@2026-11-20T10:00:00Z", 1));
        CountDownLatch slowStarted = new CountDownLatch(1);
        String slowKey = "brand10@2026-11-20T10:00:00Z";
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/hook", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            int status = failFirst.merge(key, -1, Integer::sum) >= 0 ? 503 : 200;
            if (key.equals(slowKey) && slowStarted.getCount() > 0) {
                slowStarted.countDown();
                sleep(10_000); // the forwarder is killed while it waits for this answer
            }
            calls.add(new Call(key, status, body.path("text").asText(), body.path("blocks").path(0).path("text").path("text").asText()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        String[] args = alerts.forwarderArguments(receiver);
        try {
            Process first = EarshotProcess.start(args);
            EarshotProcess.awaitLine(first, "Forwarding alerts", Duration.ofSeconds(60));
            send(kafka, topic, 1, 5);
            await(() -> delivered(calls) == 5, "five alerts delivered", calls);
            assertEquals(2, calls.stream().filter(c -> c.key().equals("brand02@2026-11-20T10:00:00Z")).count(),
                    "the 503 was retried with the same idempotency key");
            // Alerts of different brands sit on different partitions: no order between them is promised.
            Call brand01 = calls.stream().filter(c -> c.key().equals("brand01@2026-11-20T10:00:00Z")).findFirst().orElseThrow();
            assertTrue(brand01.text().contains("Feedback spike for *brand01*: 40 feedback mentions"), brand01.text());
            EarshotProcess.terminate(first);
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertTrue(EarshotProcess.output(first).stream().noneMatch(l -> l.contains("Exception")),
                    "a clean stop ends without an error: " + EarshotProcess.output(first));

            Process second = EarshotProcess.start(args);
            EarshotProcess.awaitLine(second, "Forwarding alerts", Duration.ofSeconds(60));
            Thread.sleep(5_000);
            assertEquals(6, calls.size(), "a clean restart resends nothing");
            send(kafka, topic, 6, 4);
            await(() -> delivered(calls) == 9, "nine alerts delivered", calls);

            // brand10's alert is answered slowly; kill -9 the forwarder while it waits.
            sendOne(kafka, topic, slowKey);
            sendOne(kafka, topic, "brand11@2026-11-20T10:00:00Z");
            assertTrue(slowStarted.await(60, TimeUnit.SECONDS), "the slow alert reached the receiver");
            second.destroyForcibly(); // SIGKILL
            assertTrue(second.waitFor(30, TimeUnit.SECONDS));

            Process third = EarshotProcess.start(args);
            EarshotProcess.awaitLine(third, "Forwarding alerts", Duration.ofSeconds(60));
            await(() -> calls.stream().filter(c -> c.status() == 200).map(Call::key).distinct().count() == 11,
                    "every alert delivered after the kill", calls);
            // A RESOLVED is delivered like any alert, under its own key: one key for the whole incident would
            // make a receiver that drops repeats drop it.
            String resolvedKey = "brand01@2026-11-20T10:15:00Z/resolved";
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "acks", "all"), new StringSerializer(), new StringSerializer())) {
                Instant window = Instant.parse("2026-11-20T10:15:00Z");
                producer.send(new ProducerRecord<>(topic, "brand01", OutputCodec.FEEDBACK_SPIKE.toJson(new FeedbackSpike("brand01",
                        window, window.plusSeconds(900), 3, 4.0, 10.0, 0.75, List.of(), FeedbackSpike.Signal.FEEDBACK, 0, List.of(),
                        List.of(), FeedbackSpike.Status.RESOLVED, "brand01@2026-11-20T10:00:00Z")))).get(30, TimeUnit.SECONDS);
            }
            await(() -> calls.stream().anyMatch(c -> c.key().equals(resolvedKey) && c.status() == 200), "the RESOLVED delivered", calls);
            Call resolved = calls.stream().filter(c -> c.key().equals(resolvedKey)).findFirst().orElseThrow();
            assertEquals("✅ Feedback spike resolved: brand01", resolved.headline());
            assertTrue(resolved.text().contains("resolved: 3 feedback mentions"), resolved.text());
            Map<String, Long> perKey = new java.util.TreeMap<>();
            calls.stream().filter(c -> c.status() == 200).forEach(c -> perKey.merge(c.key(), 1L, Long::sum));
            perKey.forEach((key, n) -> assertEquals(key.equals(slowKey) ? n : 1L, n,
                    "only the alert in flight at the kill may arrive twice, under the same key: " + perKey));
            EarshotProcess.terminate(third);
            assertTrue(third.waitFor(30, TimeUnit.SECONDS));
            assertTrue(EarshotProcess.output(third).stream().noneMatch(l -> l.contains("Exception")),
                    "a clean stop ends without an error: " + EarshotProcess.output(third));
            System.out.println("[earshot-it] alerts: 11 alerts and a RESOLVED, 1 retried after a 503, nothing resent after a clean restart, "
                    + "none missing after kill -9 (the one in flight arrived " + perKey.get(slowKey) + " times under its key)");
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * A webhook refused as such (Slack's 404 no_service for a deleted one) refuses every alert: the
     * forwarder keeps the alert, uncommitted, and retries until the webhook is mended, then delivers
     * every alert. An alert refused for its own content (400 invalid_payload) is skipped and the rest
     * delivered.
     */
    @Test
    void aRefusedWebhookLosesNoAlertAndAnAlertRefusedForItselfIsSkipped() throws Exception {
        Alerts alerts = alertsTopic(1);
        TestKafka kafka = alerts.kafka();
        String topic = alerts.topic();
        List<Call> calls = new CopyOnWriteArrayList<>();
        String refusedForItself = "brand02@2026-11-20T10:00:00Z";
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/hook", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            exchange.getRequestBody().readAllBytes();
            // Deleted for the first three calls, then mended.
            int status = calls.size() < 3 ? 404 : key.equals(refusedForItself) ? 400 : 200;
            calls.add(new Call(key, status, "", ""));
            byte[] body = (status == 404 ? "no_service" : status == 400 ? "invalid_payload" : "ok").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.start();
        String[] args = alerts.forwarderArguments(receiver);
        try {
            send(kafka, topic, 1, 3);
            Process forwarder = EarshotProcess.start(args);
            await(() -> calls.stream().filter(c -> c.status() == 200).count() == 2, "the alerts delivered once mended", calls);
            await(() -> calls.stream().anyMatch(c -> c.key().equals(refusedForItself)), "the refused alert tried", calls);
            EarshotProcess.terminate(forwarder);
            assertTrue(forwarder.waitFor(30, TimeUnit.SECONDS));
            String b1 = "brand01@2026-11-20T10:00:00Z";
            assertEquals(List.of(b1, b1, b1, b1, refusedForItself, "brand03@2026-11-20T10:00:00Z"),
                    calls.stream().map(Call::key).toList(),
                    "the first alert retried against the refused webhook until it was mended, the one refused for itself "
                            + "tried once and skipped, the third delivered");
            List<String> said = EarshotProcess.output(forwarder);
            assertTrue(said.stream().anyMatch(l -> l.contains("the webhook itself is refused")), said.toString());
            assertTrue(said.stream().noneMatch(l -> l.contains("Exception")), said.toString());
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * A new group's forwarder starts with the alerts written in the last hour, not with all the topic
     * keeps (90 days by default), which it would post to the channel at once; with --since all it
     * starts at the oldest.
     */
    @Test
    void aNewGroupStartsWithTheLastHoursAlertsNotAllTheTopicKeeps() throws Exception {
        Alerts alerts = alertsTopic(2);
        long now = System.currentTimeMillis();
        sendOne(alerts.kafka(), alerts.topic(), "brand01@2026-11-20T10:00:00Z", now - Duration.ofDays(30).toMillis());
        sendOne(alerts.kafka(), alerts.topic(), "brand02@2026-11-20T10:00:00Z", now - Duration.ofHours(2).toMillis());
        sendOne(alerts.kafka(), alerts.topic(), "brand03@2026-11-20T10:00:00Z", now - Duration.ofMinutes(10).toMillis());
        List<Call> calls = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(calls, () -> 200);
        try {
            Process lastHour = EarshotProcess.start(alerts.forwarderArguments(receiver));
            await(() -> delivered(calls) == 1, "the alert of the last hour delivered", calls);
            sendOne(alerts.kafka(), alerts.topic(), "brand04@2026-11-20T10:00:00Z");
            await(() -> delivered(calls) == 2, "an alert written after the start delivered", calls);
            EarshotProcess.terminate(lastHour);
            assertTrue(lastHour.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of("brand03@2026-11-20T10:00:00Z", "brand04@2026-11-20T10:00:00Z"),
                    calls.stream().map(Call::key).toList(), "the alerts written 2 hours and 30 days ago are not sent");

            calls.clear();
            Process everything = EarshotProcess.start(alerts.forwarderArguments(receiver, "fwd-all-" + alerts.prefix(), "--since", "all"));
            await(() -> delivered(calls) == 4, "every alert the topic keeps delivered", calls);
            EarshotProcess.terminate(everything);
            assertTrue(everything.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of("brand01@2026-11-20T10:00:00Z", "brand02@2026-11-20T10:00:00Z", "brand03@2026-11-20T10:00:00Z",
                    "brand04@2026-11-20T10:00:00Z"), calls.stream().map(Call::key).sorted().toList());
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * The position a new group starts from is kept: a forwarder stopped while its first alert is still
     * refused, and started again when that alert is older than --since, delivers it.
     */
    @Test
    void aNewGroupsStartingPositionIsKeptUntilItsFirstAlertIsDelivered() throws Exception {
        Alerts alerts = alertsTopic(1);
        sendOne(alerts.kafka(), alerts.topic(), "brand01@2026-11-20T10:00:00Z", System.currentTimeMillis() - Duration.ofMinutes(10).toMillis());
        List<Call> calls = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean mended = new java.util.concurrent.atomic.AtomicBoolean();
        HttpServer receiver = receiver(calls, () -> mended.get() ? 200 : 404);
        try {
            Process refused = EarshotProcess.start(alerts.forwarderArguments(receiver));
            await(() -> !calls.isEmpty(), "the alert tried against the refused webhook", calls);
            EarshotProcess.terminate(refused);
            assertTrue(refused.waitFor(30, TimeUnit.SECONDS));
            mended.set(true);
            // Started again with a span the alert is older than: the group's position, not the span, decides.
            Process again = EarshotProcess.start(alerts.forwarderArguments(receiver, "fwd-" + alerts.prefix(), "--since", "5m"));
            await(() -> delivered(calls) == 1, "the alert delivered after the restart", calls);
            EarshotProcess.terminate(again);
            assertTrue(again.waitFor(30, TimeUnit.SECONDS));
        } finally {
            receiver.stop(0);
        }
    }

    /** A receiver, started, that answers each call with {@code status} and an empty body, noting it in {@code calls}. */
    private static HttpServer receiver(List<Call> calls, java.util.function.IntSupplier status) throws java.io.IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int answer = status.getAsInt();
            calls.add(new Call(exchange.getRequestHeaders().getFirst("Idempotency-Key"), answer, "", ""));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    private static long delivered(List<Call> calls) {
        return calls.stream().filter(c -> c.status() == 200).count();
    }

    private static void send(TestKafka kafka, String topic, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            sendOne(kafka, topic, String.format("brand%02d@2026-11-20T10:00:00Z", i));
        }
    }

    private static void sendOne(TestKafka kafka, String topic, String key) throws Exception {
        sendOne(kafka, topic, key, null);
    }

    /** One alert, written at {@code writtenAt} (epoch milliseconds; null: now). */
    private static void sendOne(TestKafka kafka, String topic, String key, Long writtenAt) throws Exception {
        String brand = key.substring(0, key.indexOf('@'));
        Instant start = Instant.parse(key.substring(key.indexOf('@') + 1));
        String alert = OutputCodec.FEEDBACK_SPIKE.toJson(new FeedbackSpike(brand, start, start.plusSeconds(900), 40, 4.0, 10.0,
                10.0, List.of("x:1"), FeedbackSpike.Signal.FEEDBACK));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, null, writtenAt, brand, alert)).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Two minutes: after a SIGKILL the next forwarder gets the partitions only once the killed member's
     * session (45 s, the consumer's default) has expired.
     */
    private static void await(BooleanSupplier condition, String what, List<Call> calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), what + "; calls: " + calls);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
