package dev.earshot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.classifier.LinkPrefix;
import dev.earshot.ingest.IngestConfig;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.OutputCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code earshot alerts --webhook-file FILE}: forwards feedback-spike alerts to a Slack-compatible webhook.
 *
 * <p>Delivery is at least once with an idempotency key: an alert's offset is committed only after the
 * receiver accepted it, so a clean stop resends nothing and a crash resends at most the alerts in
 * flight, under the same {@code Idempotency-Key} header (the alert's id: {@code brand@windowStart}, with
 * {@code /updated} or {@code /resolved} after an incident's later records), which a receiver that
 * honours it uses to drop the repeat (Slack's incoming webhooks do not: there a repeat shows twice).
 * An answer that refuses the alert for what it holds (413, 422, and a 400 but for Slack's errors
 * that name the webhook) is reported, counted and skipped. Every other failure is retried with
 * exponential backoff, without end, in order, nothing committed meanwhile: a later alert never
 * overtakes an earlier one of the same partition. That includes connection errors, 408, 409 (a
 * receiver still busy with the same key), 429 and 5xx, and a webhook refused as such (Slack's 403
 * invalid_token, 404 no_service, 410 channel_is_archived, 400 no_team): a revoked, deleted or archived
 * webhook refuses every alert, and once it is mended they all go out, where skipping would have lost
 * them. Staying up rather than exiting keeps a supervisor from restarting the forwarder in a loop.
 *
 * <p>Stopping interrupts nothing: the stop hook raises a flag that the waits between retries and
 * the wait for the receiver's answer check, and wakes the consumer, whose commit is then made again.
 * An interrupt would outlive the loop and fail the consumer's close.
 */
@Command(name = "alerts",
        mixinStandardHelpOptions = true,
        description = {"Forwards feedback-spike alerts to a Slack-compatible webhook, at least once: offsets committed only",
            "after delivery, retries with backoff, an idempotency key per alert for receivers that drop repeats.",
            "Runs until Ctrl+C; a webhook refused as such (revoked, archived) is retried, nothing skipped."})
final class AlertsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--webhook-file", description = {"File holding the webhook URL (Slack incoming webhook or compatible).",
        "Else EARSHOT_ALERTS_WEBHOOK. The URL is the credential: it is never logged beyond its scheme and host."})
    java.nio.file.Path webhookFile;

    @Option(names = "--webhook", description = "The webhook URL itself; visible to anyone who can list processes, so prefer --webhook-file.")
    String webhookArgument;

    URI webhook;

    @Option(names = "--group", defaultValue = "earshot-alert-forwarder",
            description = "Consumer group: its committed offsets remember what was delivered (default: ${DEFAULT-VALUE}).")
    String group;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--since", defaultValue = "1h",
            description = {"Where a group with no committed position starts: with the alerts written in this last span",
                "(default: ${DEFAULT-VALUE}; 30m, 24h, 7d, or all for every alert the topic keeps). A group's committed",
                "position always wins."})
    String since;

    @Option(names = "--max-backoff", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest wait between retries (default: ${DEFAULT-VALUE}).")
    Duration backoffCap;

    @Option(names = "--unhealthy-after", defaultValue = "5m", converter = DurationConverter.class,
            description = {"With --metrics-port, /healthz answers 503 once one alert has failed to go out for this long",
                "(default: ${DEFAULT-VALUE}); 200 again when it goes out."})
    Duration unhealthyAfter;

    /** When the alert now being delivered first failed (System.currentTimeMillis), or -1; and why it last failed. */
    private volatile long failingSince = -1;
    private volatile String lastFailure;

    /**
     * What /healthz reports: null while alerts go out, or have failed for less than {@code after}; else
     * since when and why. Alive is not healthy: a forwarder retrying one alert for an hour delivers nothing.
     */
    static String deliveryProblem(long failingSince, String lastFailure, long now, Duration after) {
        if (failingSince < 0 || now - failingSince < after.toMillis()) {
            return null;
        }
        return "an alert has failed to go out for " + Duration.ofMillis(now - failingSince).toSeconds() + " s (last: "
                + lastFailure + ")";
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean stopping;
    /** Counted down by the stop hook: ends a wait between retries at once. */
    private final CountDownLatch stop = new CountDownLatch(1);

    /** What became of one alert. */
    enum Outcome {
        /** The receiver took it. */
        DELIVERED,
        /** Not an alert, or refused for its own content: skipped, its offset committed. */
        SKIPPED,
        /** Stopping first: left uncommitted, it goes out after the restart. */
        STOPPING
    }

    /**
     * Slack's answers to a webhook that is gone or not allowed, whatever it is sent: some come with a
     * 400, like the answers to a bad message, and only the body tells them apart.
     */
    private static final java.util.Set<String> SLACK_WEBHOOK_ERRORS = java.util.Set.of("no_service", "no_service_id", "no_team",
            "team_disabled", "invalid_token", "channel_not_found", "channel_is_archived", "action_prohibited",
            "posting_to_general_channel_denied");

    /**
     * What an answer means for the alert: delivered, skipped, or null to retry it. Skipped only when
     * it refuses what was sent (413, 422, a 400 such as Slack's invalid_payload); a refused webhook
     * ({@link #refusesTheWebhook}) and every other failure are retried.
     */
    static Outcome outcome(int status, String body) {
        if (status / 100 == 2) {
            return Outcome.DELIVERED;
        }
        if ((status == 400 && !refusesTheWebhook(status, body)) || status == 413 || status == 422) {
            return Outcome.SKIPPED;
        }
        return null;
    }

    /** Whether an answer refuses the webhook itself (its address or credential), not the alert. */
    static boolean refusesTheWebhook(int status, String body) {
        return status == 401 || status == 403 || status == 404 || status == 410
                || (status == 400 && body != null && SLACK_WEBHOOK_ERRORS.contains(body.strip()));
    }

    @Override
    public Integer call() throws Exception {
        String url = webhookFile == null && webhookArgument != null ? webhookArgument
                : CommandSecrets.of(webhookFile, kafka.settings(), "alerts.webhook");
        if (url == null || url.isBlank()) {
            System.err.println("Give the webhook URL with --webhook-file FILE or EARSHOT_ALERTS_WEBHOOK (or --webhook URL).");
            return 2;
        }
        webhook = WebAddress.parse(url).orElse(null);
        if (webhook == null) {
            System.err.println("The webhook must be an http or https URL with a host.");
            return 2;
        }
        Duration backSince;
        try {
            backSince = "all".equals(since) ? null : new DurationConverter().convert(since);
        } catch (IllegalArgumentException e) {
            System.err.println("--since takes a duration such as 30m, 24h or 7d, or all: " + e.getMessage());
            return 2;
        }
        if (backSince != null && (backSince.isNegative() || backSince.isZero())) {
            System.err.println("--since must be longer than zero (or all).");
            return 2;
        }
        if (backoffCap.compareTo(Duration.ofSeconds(1)) < 0) {
            System.err.println("--max-backoff must be at least 1s: retries without a pause would hammer the receiver.");
            return 2;
        }
        IngestConfig config = kafka.connect(t -> List.of(t.feedbackSpikes()));
        String topic = config.topics().feedbackSpikes();
        Map<String, Object> settings = new HashMap<>(config.clientSettings());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        // The streams app creates the alerts topic with its policy; subscribing first must not create
        // it with the broker's defaults.
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // A receiver that is down for long keeps one alert in retry: stay in the group meanwhile.
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.MAX_VALUE);
        CountDownLatch finished = new CountDownLatch(1);
        long delivered = 0;
        java.util.concurrent.atomic.AtomicLong deliveredCount = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong skippedCount = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
                dev.earshot.edge.EdgeMetrics meters = new dev.earshot.edge.EdgeMetrics()
                        .bind(new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer))
                        .bind(registry -> io.micrometer.core.instrument.FunctionCounter.builder("earshot.alerts.delivered",
                                deliveredCount, java.util.concurrent.atomic.AtomicLong::get)
                                .description("Alerts the webhook accepted").register(registry))
                        .bind(registry -> io.micrometer.core.instrument.FunctionCounter.builder("earshot.alerts.skipped",
                                skippedCount, java.util.concurrent.atomic.AtomicLong::get)
                                .description("Records skipped: not alerts, or alerts the webhook refused for their content")
                                .register(registry));
                dev.earshot.edge.MetricsServer metricsServer = metrics.start(meters,
                        () -> deliveryProblem(failingSince, lastFailure, System.currentTimeMillis(), unhealthyAfter))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping = true;
                stop.countDown();
                consumer.wakeup();
                DemoCommand.awaitQuietly(finished);
            }, "alerts-stop"));
            consumer.subscribe(List.of(topic), new StartOfANewGroup(consumer, backSince));
            System.out.printf("Forwarding alerts from %s (group %s) to %s. Ctrl+C stops.%n", topic, group, redacted(webhook));
            try {
                forwarding:
                while (!stopping) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        Outcome outcome = deliver(r, backoffCap);
                        if (outcome == Outcome.STOPPING) {
                            break forwarding; // this alert stays uncommitted and goes out after the restart
                        }
                        commit(consumer, r);
                        if (outcome == Outcome.DELIVERED) {
                            delivered++;
                            deliveredCount.incrementAndGet();
                        } else {
                            skippedCount.incrementAndGet();
                        }
                    }
                }
            } catch (WakeupException e) {
                // stopping, in a poll
            }
        } finally {
            System.out.printf("Stopped after delivering %d alerts.%n", delivered);
            finished.countDown();
        }
        return 0;
    }

    /**
     * Places a group that has no committed position in a partition at the alerts written in the last
     * {@code --since} (at the oldest the topic keeps for {@code all}): a forwarder started for the first
     * time on a topic that keeps alerts for 90 days would otherwise post three months of them to the
     * channel. The position chosen is committed at once, so the partition is placed this way only once.
     */
    private static final class StartOfANewGroup implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> consumer;
        private final Duration since; // null: every alert kept

        StartOfANewGroup(KafkaConsumer<String, String> consumer, Duration since) {
            this.consumer = consumer;
            this.since = since;
        }

        @Override
        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            List<TopicPartition> placed = partitions.stream().filter(p -> committed.get(p) == null).toList();
            if (placed.isEmpty()) {
                return;
            }
            if (since == null) {
                consumer.seekToBeginning(placed);
            } else {
                TopicSnapshot.seekToTime(consumer, placed, System.currentTimeMillis() - since.toMillis());
            }
            // Committed at once: the group's position is otherwise saved only after a delivery, and a
            // rebalance or restart before one (a webhook refused for an hour) would place the partition
            // again, an hour later, past the alert still waiting to go out.
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            placed.forEach(p -> start.put(p, new OffsetAndMetadata(consumer.position(p))));
            consumer.commitSync(start);
        }

        @Override
        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
            // positions are committed after each delivery: nothing to do
        }
    }

    /**
     * Commits what follows the record. A stop's wakeup fails the commit it lands in, which is made again
     * (a wakeup is spent on the call it fails): the alert was delivered, and left uncommitted it would
     * be sent again after the restart. Should that fail too (the group rebalancing as the stop comes),
     * the alert goes out again after the restart, under its key, as after a crash.
     */
    private static void commit(KafkaConsumer<String, String> consumer, ConsumerRecord<String, String> r) {
        Map<TopicPartition, OffsetAndMetadata> next = Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        try {
            consumer.commitSync(next);
        } catch (WakeupException e) {
            try {
                consumer.commitSync(next);
            } catch (org.apache.kafka.common.KafkaException again) {
                System.err.printf("stopping: offset %d of %s not committed (%s); it is sent again after the restart%n",
                        r.offset(), r.topic(), again.getClass().getSimpleName());
            }
        }
    }

    /** Delivers one alert and says what became of it. */
    private Outcome deliver(ConsumerRecord<String, String> record, Duration backoffCap) {
        FeedbackSpike alert;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("a tombstone");
            }
            alert = OutputCodec.FEEDBACK_SPIKE.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            System.err.printf("skipping offset %d of %s: not an alert (%s)%n", record.offset(), record.topic(), e.getMessage());
            return Outcome.SKIPPED;
        }
        String key = idempotencyKey(alert.id());
        byte[] body = payload(alert, record.value());
        Duration wait = Duration.ofSeconds(1);
        for (int attempt = 1; !stopping; attempt++) {
            String failure;
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(webhook)
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
                if (response == null) {
                    return Outcome.STOPPING;
                }
                int status = response.statusCode();
                Outcome outcome = outcome(status, response.body());
                if (outcome == Outcome.DELIVERED) {
                    System.out.printf("delivered %s (attempt %d)%n", key, attempt);
                    failingSince = -1;
                    return outcome;
                }
                if (outcome == Outcome.SKIPPED) {
                    System.err.printf("the webhook refused %s with %d, not retrying it: %s%n", key, status, clip(response.body()));
                    failingSince = -1;
                    return outcome;
                }
                failure = refusesTheWebhook(status, response.body())
                        ? "HTTP " + status + ", " + clip(response.body()) + ": the webhook itself is refused (revoked, deleted, "
                                + "archived or mistyped?); this alert and those after it wait, uncommitted, until it is mended"
                        : "HTTP " + status;
                retryAfter = response.headers().firstValue("Retry-After").map(AlertsCommand::seconds).orElse(null);
            } catch (IOException e) {
                // The exception may name the URL, which is the credential.
                failure = e.getClass().getSimpleName();
            } catch (IllegalArgumentException e) {
                System.err.printf("cannot send %s (%s); skipping it%n", key, e.getMessage());
                return Outcome.SKIPPED;
            }
            Duration pause = pause(retryAfter, wait);
            lastFailure = failure;
            if (failingSince < 0) {
                failingSince = System.currentTimeMillis();
            }
            System.err.printf("delivering %s failed (%s); retry %d in %d s%n", key, failure, attempt, pause.toSeconds());
            if (awaitStop(pause)) {
                return Outcome.STOPPING;
            }
            wait = wait.multipliedBy(2).compareTo(backoffCap) > 0 ? backoffCap : wait.multipliedBy(2);
        }
        return Outcome.STOPPING;
    }

    /** The receiver's answer, or null when stopping first. */
    private HttpResponse<String> send(HttpRequest request) throws IOException {
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        while (true) {
            try {
                return answer.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (stopping) {
                    answer.cancel(true);
                    return null;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof IllegalArgumentException bad) {
                    throw bad;
                }
                throw new IOException(e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Waits, unless a stop comes first; true if it did. */
    private boolean awaitStop(Duration pause) {
        try {
            return stop.await(pause.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * How long to wait before the next try: the receiver's Retry-After where it asks for longer than
     * the backoff. A "Retry-After: 0" honoured as such would retry at once, for as long as it refuses.
     */
    static Duration pause(Duration retryAfter, Duration backoff) {
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }

    /** The webhook as it may be shown: scheme and host, never the path that holds its secret. */
    static String redacted(URI webhook) {
        return webhook.getScheme() + "://" + webhook.getHost() + "/…";
    }

    /**
     * The {@code Idempotency-Key} header for an alert's id: without the characters {@link
     * TailCommand#printable} takes out, as a key with a line break would be refused as a header, again
     * after every restart.
     */
    static String idempotencyKey(String id) {
        return TailCommand.printable(id);
    }

    /**
     * Text from a record as Slack shows it literally: {@code &}, {@code <} and {@code >} escaped as
     * Slack's formatting rules ask, so {@code <!channel>} pings no one and {@code <url|label>} is no
     * disguised link; control characters taken out.
     */
    static String slackText(String s) {
        StringBuilder out = new StringBuilder(s.length());
        TailCommand.printable(s).codePoints().forEach(c -> out.append(slackEscaped(c)));
        return out.toString();
    }

    /** One character as {@link #slackText} writes it. */
    private static String slackEscaped(int c) {
        return c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : new String(Character.toChars(c));
    }

    /** Slack refuses a header longer than this, and any other text object longer than {@link #TEXT_MAX}. */
    static final int HEADER_MAX = 150;
    static final int TEXT_MAX = 3000;
    /**
     * The escaped characters a loud mention's author and shown address may take, and how long an
     * address may be to be linked (escaping can make each character five): with the excerpt (at most
     * 141 characters) its block stays under {@link #TEXT_MAX}, and the one-line text far under the
     * 40,000 Slack takes, however much of them is escaped. A longer address is shown cut, as text.
     */
    private static final int AUTHOR_MAX = 200;
    private static final int LINKED_URL_MAX = 400;
    private static final int SHOWN_URL_MAX = 1000;
    /** An excerpt escaped, every character at worst an entity of five, and its ellipsis. */
    private static final int EXCERPT_MAX = 5 * FeedbackSpike.Sample.EXCERPT + 5;

    /**
     * Slack's message: {@code blocks} laid out for people (a header, the figures, the rising terms, the
     * loudest mentions, the incident); {@code text}, a plain summary for notifications and clients that
     * show no blocks; every value from the record escaped in both; and for machines the alert as it is
     * on the topic (a field a later version adds passes through).
     */
    /**
     * The count against the usual: as a multiple, but not of a usual under one mention a window, for
     * which the record's ratio is the count itself (12 against a usual 0.4 is no "12×").
     */
    private static String againstTheUsual(FeedbackSpike alert, String bold) {
        return alert.ratioIsAMultiple()
                ? String.format(Locale.ROOT, "%s%.1f×%s the usual %.1f", bold, alert.ratio(), bold, alert.baseline())
                : String.format(Locale.ROOT, "against a usual %.1f", alert.baseline());
    }

    static byte[] payload(FeedbackSpike alert, String json) {
        ObjectNode out = JSON.createObjectNode();
        boolean negative = alert.signal() == FeedbackSpike.Signal.NEGATIVE_SENTIMENT;
        String spike = negative ? "Negative-sentiment" : "Feedback";
        String mentions = negative ? "negative" : "feedback";
        String window = time(alert.windowStart()) + "–" + time(alert.windowEnd()) + " UTC";
        ArrayNode blocks = out.putArray("blocks");
        if (alert.status() == FeedbackSpike.Status.RESOLVED) {
            // An incident still above its threshold when it has lasted as long as one may (96 windows:
            // a day of 15-minute windows) is closed as the brand's new normal.
            String why = alert.count() >= alert.threshold()
                    ? String.format(Locale.ROOT, "still over the threshold of %.1f (usual %.1f) after the longest an incident"
                            + " lasts: closed as the brand's new normal", alert.threshold(), alert.baseline())
                    : String.format(Locale.ROOT, "under the threshold of %.1f (usual %.1f)", alert.threshold(), alert.baseline());
            out.put("text", String.format(Locale.ROOT, ":white_check_mark: %s spike for *%s* resolved: %d %s mentions in %s, %s.",
                    spike, slackText(alert.brand()), alert.count(), mentions, window, why));
            header(blocks, "✅ " + spike + " spike resolved: " + alert.brand());
            section(blocks, String.format(Locale.ROOT, "*%d* %s mentions in %s, %s.", alert.count(), mentions, window, why));
            incident(blocks, alert);
            return withAlert(out, json);
        }
        boolean updated = alert.status() == FeedbackSpike.Status.UPDATED;
        // A negative-sentiment alert's copies are those its detection held back; like tail and the
        // dashboard, the message shows copies for feedback spikes only.
        String copies = alert.amplified() > 0 && !negative ? String.format(Locale.ROOT, "%.0f%%", 100 * alert.amplifiedShare()) : "";
        out.put("text", String.format(Locale.ROOT,
                ":rotating_light: %s spike for *%s*%s: %d %s mentions in %s, %s%s%s%s.%s Samples: %s%s",
                spike, slackText(alert.brand()), updated ? " goes on" : "",
                alert.count(), mentions, window, againstTheUsual(alert, ""),
                alert.severity() > 0 ? " (severity " + alert.severity() + "/10)" : "",
                copies.isEmpty() ? "" : ", " + copies + " of them copies",
                alert.suspect() > 0 ? String.format(Locale.ROOT, ", %d suspect (spam, bots, floods)", alert.suspect()) : "",
                alert.risingTerms().isEmpty() ? "" : " Rising: " + slackText(String.join(", ", alert.risingTerms())) + ".",
                slackText(String.join(", ", alert.sampleIds())), loudest(alert)));

        header(blocks, "🚨 " + spike + " spike" + (updated ? " goes on" : "") + ": " + alert.brand());
        ObjectNode figures = section(blocks, String.format(Locale.ROOT, "*%d* %s mentions in %s, %s (threshold %.1f).",
                alert.count(), mentions, window, againstTheUsual(alert, "*"), alert.threshold()));
        ArrayNode fields = figures.putArray("fields");
        if (alert.severity() > 0) { // an alert written before severities has none
            field(fields, "Severity", alert.severityText());
        }
        if (!copies.isEmpty()) {
            field(fields, "Copies", copies + " (" + alert.amplified() + ")");
        }
        if (alert.suspect() > 0) {
            field(fields, "Suspect", alert.suspect() + " (spam, bots, floods)");
        }
        if (fields.isEmpty()) {
            figures.remove("fields"); // Slack refuses an empty list
        }
        if (!alert.risingTerms().isEmpty()) {
            section(blocks, "*Rising:* " + slackText(String.join(", ", alert.risingTerms()), TEXT_MAX - 20));
        }
        alert.topSamples().stream().limit(3).forEach(sample -> section(blocks, String.format(Locale.ROOT,
                "*%s* (%,d followers)\n>%s%s",
                sample.author().isEmpty() ? "(unknown)" : slackText(sample.author(), AUTHOR_MAX), sample.followers(),
                slackText(sample.excerpt(), EXCERPT_MAX),
                sample.url().isEmpty() ? "" : "\n" + address(sample.url()))));
        incident(blocks, alert);
        return withAlert(out, json);
    }

    private static void header(ArrayNode blocks, String text) {
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", slackText(text, HEADER_MAX));
    }

    /**
     * A section of mrkdwn {@code text}, already escaped and within {@link #TEXT_MAX}. Verbatim, so a
     * sample's "@here" or "#general" stays text: Slack otherwise turns such words into mentions and
     * channel links.
     */
    private static ObjectNode section(ArrayNode blocks, String mrkdwn) {
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("verbatim", true).put("text", mrkdwn);
        return section;
    }

    /**
     * A post's address as a link when it is a short enough http(s) address without white space, as
     * escaped text otherwise (cut when long): verbatim text links nothing by itself, and a {@code |}
     * would end the address and start a label.
     */
    static String address(String url) {
        boolean web = LinkPrefix.schemeAt(url, 0) > 0;
        boolean oneWord = url.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
        if (web && oneWord && url.length() <= LINKED_URL_MAX) {
            return "<" + slackText(url).replace("|", "%7C") + ">";
        }
        return slackText(url, SHOWN_URL_MAX);
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("verbatim", true).put("text", "*" + name + "*\n" + value);
    }

    /** The incident all of an alert's records share, the alert's own id and its sample ids, small print. */
    private static void incident(ArrayNode blocks, FeedbackSpike alert) {
        String text = "Incident " + (alert.incident() == null ? alert.id() : alert.incident()) + " · alert " + alert.id()
                + (alert.sampleIds().isEmpty() ? "" : " · samples " + String.join(", ", alert.sampleIds()));
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("verbatim", true).put("text", slackText(text, TEXT_MAX));
    }

    /**
     * {@link #slackText} of at most {@code max} characters: cut between characters of the original,
     * never inside an entity or a surrogate pair, with an ellipsis where it was cut.
     */
    static String slackText(String s, int max) {
        String whole = slackText(s);
        if (whole.length() <= max) {
            return whole;
        }
        StringBuilder out = new StringBuilder(max);
        String clean = TailCommand.printable(s);
        for (int i = 0; i < clean.length(); ) {
            int c = clean.codePointAt(i);
            String escaped = slackEscaped(c);
            if (out.length() + escaped.length() > max - 1) {
                break;
            }
            out.append(escaped);
            i += Character.charCount(c);
        }
        return out.append('…').toString();
    }

    private static byte[] withAlert(ObjectNode out, String json) {
        try {
            out.set("alert", JSON.readTree(json));
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The loudest of the alert's mentions, three at most, each on its own line: author, audience, excerpt, address. */
    private static String loudest(FeedbackSpike alert) {
        StringBuilder out = new StringBuilder();
        alert.topSamples().stream().limit(3).forEach(s -> out.append(String.format(Locale.ROOT, "\n> %s (%,d followers): %s%s",
                s.author().isEmpty() ? "(unknown)" : slackText(s.author(), AUTHOR_MAX), s.followers(),
                slackText(s.excerpt(), EXCERPT_MAX), s.url().isEmpty() ? "" : " " + slackText(s.url(), SHOWN_URL_MAX))));
        return out.toString();
    }

    private static String time(java.time.Instant t) {
        return t.toString().substring(0, 16).replace('T', ' ');
    }

    private static Duration seconds(String header) {
        try {
            return Duration.ofSeconds(Math.min(300, Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
