package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class KafkaAccessTest {

    @Test
    void explainsRefusalsFoundAnywhereAmongTheCauses() {
        String topics = KafkaAccess.explain(new StreamsException("task failed",
                new TopicAuthorizationException("no", Set.of("b.topic", "a.topic"))));
        assertTrue(topics.startsWith("Kafka denied access to the topics [a.topic, b.topic]."), topics);
        assertTrue(topics.contains("ACLs grant"), topics);

        String login = KafkaAccess.explain(new IllegalStateException(new SaslAuthenticationException("invalid credentials")));
        assertTrue(login.startsWith("Kafka refused the login: invalid credentials."), login);
        assertTrue(login.contains("kafka.sasl.jaas.config"), login);

        String group = KafkaAccess.explain(new GroupAuthorizationException("Not authorized", "alerts-forwarder"));
        assertTrue(group.contains("consumer group alerts-forwarder"), group);
    }

    @Test
    void leavesOtherFailuresAlone() {
        assertNull(KafkaAccess.explain(new IllegalStateException("disk full", new java.io.IOException("ENOSPC"))));
    }

    @Test
    void aBrokerThatNeverAnswersIsReportedWithTheProtocolToCheck() {
        String nowhere = "127.0.0.1:" + LocalPorts.free();
        KafkaAccess.Refused e = assertThrows(KafkaAccess.Refused.class, () -> KafkaAccess.check(
                Map.of("bootstrap.servers", nowhere, "security.protocol", "SSL"), List.of("t"), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().startsWith("Kafka at " + nowhere + " did not answer within 2 s."), e.getMessage());
        assertTrue(e.getMessage().contains("kafka.security.protocol (here SSL)"), e.getMessage());
    }

    /** A client Kafka cannot build says why, not only that it failed: here, a truststore that is not there. */
    @Test
    void aClientThatCannotBeBuiltIsReportedWithItsCause() {
        String nowhere = "127.0.0.1:" + LocalPorts.free();
        KafkaAccess.Refused e = assertThrows(KafkaAccess.Refused.class, () -> KafkaAccess.check(Map.of("bootstrap.servers", nowhere,
                "security.protocol", "SSL", "ssl.truststore.location", "/nonexistent/truststore.p12", "ssl.truststore.password", "x"),
                List.of("t"), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("/nonexistent/truststore.p12"), e.getMessage());
        assertTrue(e.getMessage().contains("kafka.*"), e.getMessage());
    }
}
