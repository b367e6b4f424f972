package dev.earshot.edge;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers, for health endpoints: a cluster description asked at most every
 * {@link #FRESH}, with a short timeout, so a health check reports Kafka down when it is, answers
 * within about a second either way, and a flood of health checks costs the broker nothing.
 */
public final class KafkaHealth implements AutoCloseable {
    static final Duration FRESH = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofMillis(1_000);

    private final Admin admin;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile boolean up;
    private volatile long checkedAt;

    /** @param clientSettings the Kafka client settings of the process (bootstrap servers, security) */
    public KafkaHealth(Map<String, Object> clientSettings) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "earshot-health");
        settings.keySet().retainAll(AdminClientConfig.configNames());
        this.admin = Admin.create(settings);
        this.checkedAt = System.nanoTime() - FRESH.toNanos() - 1;
        up(); // so the first health check after start does not report a Kafka no one has asked yet
    }

    /** True when Kafka answered the last question, asked within {@link #FRESH}. */
    public boolean up() {
        long now = System.nanoTime();
        if (now - checkedAt > FRESH.toNanos() && asking.compareAndSet(false, true)) {
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                        .nodes().get(TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS);
                up = true;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                up = false;
            } finally {
                checkedAt = System.nanoTime();
                asking.set(false);
            }
        }
        return up;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
