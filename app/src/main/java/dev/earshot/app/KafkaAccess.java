package dev.earshot.app;

import dev.earshot.streams.StreamsApp;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a command starts its work, that Kafka answers and lets this client in, and says
 * what to fix when it does not. Without the check a plaintext client pointed at a TLS listener
 * retries in silence, and a refused login or a missing ACL shows up as a stack trace from a client
 * thread, or as a webhook that answers 503 to everything.
 */
final class KafkaAccess {
    /** How long a command waits for Kafka to answer before it gives up ({@code connect.timeout}). */
    static final String TIMEOUT_KEY = "connect.timeout";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private KafkaAccess() {
    }

    /**
     * Asks the cluster who is in it and describes {@code topics}; topics that do not exist yet pass.
     *
     * @param client client settings, {@code bootstrap.servers} and the {@code kafka.*} ones
     * @throws Refused saying what failed and which settings to look at
     */
    static void check(Map<String, Object> client, Collection<String> topics, Duration timeout) {
        String bootstrap = String.valueOf(client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        // A refused login is final: retrying it for the whole timeout only delays the message.
        settings.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster().nodes().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            TreeSet<String> denied = new TreeSet<>();
            for (var topic : admin.describeTopics(topics).topicNameValues().entrySet()) {
                try {
                    topic.getValue().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicAuthorizationException) {
                        denied.add(topic.getKey());
                    } else if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            }
            if (!denied.isEmpty()) {
                throw new TopicAuthorizationException("Topic authorization failed", denied);
            }
        } catch (ExecutionException e) {
            throw new Refused(explain(e.getCause(), bootstrap, client, timeout), e.getCause());
        } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
            throw new Refused(explain(e, bootstrap, client, timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrap, e);
        }
    }

    /**
     * What a Kafka security or connection failure anywhere in {@code e}'s causes means for the user,
     * or null when it is no such failure.
     */
    static String explain(Throwable e) {
        if (e instanceof Refused) {
            return e.getMessage(); // already explained, with the address
        }
        Throwable refusal = StreamsApp.kafkaRefusal(e);
        return refusal == null ? null : explain(refusal, null, Map.of(), DEFAULT_TIMEOUT);
    }

    private static String explain(Throwable e, String bootstrap, Map<String, Object> client, Duration timeout) {
        String kafka = bootstrap == null ? "Kafka" : "Kafka at " + bootstrap;
        if (e instanceof SaslAuthenticationException) {
            return kafka + " refused the login: " + e.getMessage()
                    + ". Check the user and password in kafka.sasl.jaas.config and kafka.sasl.mechanism.";
        }
        if (e instanceof SslAuthenticationException) {
            return "The TLS handshake with " + kafka + " failed (" + rootMessage(e) + "). Check kafka.ssl.truststore.* "
                    + "(it must hold the authority that signed the broker's certificate) and, where the listener "
                    + "asks for a client certificate, kafka.ssl.keystore.* (signed by an authority the broker trusts).";
        }
        if (e instanceof AuthenticationException) {
            return kafka + " refused to authenticate this client: " + e.getMessage();
        }
        String acls = " Kafka allows only what its ACLs grant: an administrator must grant this client's principal "
                + "access (see the README, Security).";
        if (e instanceof TopicAuthorizationException topics) {
            return kafka + " denied access to the topics " + new TreeSet<>(topics.unauthorizedTopics()) + "." + acls;
        }
        if (e instanceof GroupAuthorizationException group) {
            return kafka + " denied access to the consumer group " + (group.groupId() == null ? "" : group.groupId() + " ")
                    + "(" + e.getMessage() + ")." + acls;
        }
        if (e instanceof TransactionalIdAuthorizationException) {
            return kafka + " denied the transactional id that exactly-once processing writes with (" + e.getMessage()
                    + ")." + acls;
        }
        if (e instanceof ClusterAuthorizationException || e instanceof AuthorizationException) {
            return kafka + " denied an operation: " + e.getMessage() + "." + acls;
        }
        if (e instanceof java.util.concurrent.TimeoutException || e instanceof org.apache.kafka.common.errors.TimeoutException) {
            Object protocol = client.getOrDefault("security.protocol", "PLAINTEXT");
            return kafka + " did not answer within " + timeout.toSeconds() + " s. Check that it runs there, and that "
                    + "kafka.security.protocol (here " + protocol + ") is what its listener speaks: a TLS or SASL "
                    + "listener drops a client that speaks another protocol without an answer.";
        }
        if (e.getCause() != null && e.getCause() != e) {
            // Kafka wraps a client it could not build ("Failed to create new KafkaAdminClient") around the
            // reason: a truststore that does not open, a JAAS entry without its ';'.
            return "cannot use " + kafka + ": " + e.getMessage() + ": " + rootMessage(e)
                    + ". Check the kafka.* settings (EARSHOT_KAFKA_…) that client takes.";
        }
        return "cannot use " + kafka + ": " + e.getMessage();
    }

    /** Kafka could not be reached or refused this client; the message says what to fix. */
    static final class Refused extends IllegalStateException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
