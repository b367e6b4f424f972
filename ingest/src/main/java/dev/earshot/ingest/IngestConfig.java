package dev.earshot.ingest;

import dev.earshot.edge.EdgeSettings;
import dev.earshot.model.Settings;
import dev.earshot.model.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings of every ingest source, from a properties file ({@code --config}) with environment
 * overrides ({@code EARSHOT_BOOTSTRAP_SERVERS}, …; see {@link Settings}). Command-line options
 * override both.
 *
 * @param bootstrapServers    Kafka brokers ({@code bootstrap.servers}, default {@code 127.0.0.1:9092})
 * @param topics              topic names, with {@code topic.prefix} (default none)
 * @param kafka               further Kafka client settings ({@code kafka.*}: security, timeouts)
 * @param webhookMaxBodyBytes largest webhook request body ({@code webhook.max.body.bytes}, default 1 MiB)
 * @param webhookReplayWindow how far a signed request's timestamp may be from now
 *                            ({@code webhook.replay.window}, default 5m)
 * @param webhookAckTimeout   how long the webhook waits for Kafka before answering 503
 *                            ({@code webhook.ack.timeout}, default 10s)
 * @param webhookMaxRecords   most mentions in one webhook request ({@code webhook.max.records},
 *                            default 1,000); more is refused with 413 before any is parsed
 * @param http                the webhook server's limits and TLS ({@code http.*}, see {@link EdgeSettings})
 */
public record IngestConfig(
        String bootstrapServers,
        Topics topics,
        Map<String, String> kafka,
        int webhookMaxBodyBytes,
        Duration webhookReplayWindow,
        Duration webhookAckTimeout,
        int webhookMaxRecords,
        EdgeSettings http) {

    public IngestConfig {
        kafka = Map.copyOf(kafka);
        if (webhookMaxBodyBytes <= 0) {
            throw new IllegalArgumentException("webhook.max.body.bytes must be positive");
        }
        if (webhookMaxRecords <= 0) {
            throw new IllegalArgumentException("webhook.max.records must be positive");
        }
        // Zero would refuse every signed request (a window of no time) or answer every request 503 (no
        // time to wait for the broker, though the records still go); negative ones fail deeper, in words
        // that name Kafka's settings rather than these.
        if (webhookReplayWindow.isNegative() || webhookReplayWindow.isZero()) {
            throw new IllegalArgumentException("webhook.replay.window must be longer than zero, not " + webhookReplayWindow);
        }
        if (webhookAckTimeout.isNegative() || webhookAckTimeout.isZero()) {
            throw new IllegalArgumentException("webhook.ack.timeout must be longer than zero, not " + webhookAckTimeout);
        }
    }

    public static IngestConfig from(Settings s) {
        return new IngestConfig(
                s.get("bootstrap.servers", "127.0.0.1:9092"),
                new Topics(s.get("topic.prefix", "")),
                s.withPrefix("kafka."),
                s.getInt("webhook.max.body.bytes", 1 << 20),
                s.getDuration("webhook.replay.window", Duration.ofMinutes(5)),
                s.getDuration("webhook.ack.timeout", Duration.ofSeconds(10)),
                s.getInt("webhook.max.records", 1_000),
                EdgeSettings.from(s));
    }

    public IngestConfig withBootstrapServers(String servers) {
        return servers == null ? this
                : new IngestConfig(servers, topics, kafka, webhookMaxBodyBytes, webhookReplayWindow, webhookAckTimeout,
                        webhookMaxRecords, http);
    }

    /** Client settings for a producer: the bootstrap servers plus every {@code kafka.*} setting. */
    public Map<String, Object> clientSettings() {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put("bootstrap.servers", bootstrapServers);
        return settings;
    }
}
