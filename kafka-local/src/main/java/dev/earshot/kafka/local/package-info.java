/**
 * A real Kafka broker for one machine.
 *
 * <p>{@link dev.earshot.kafka.local.LocalKafkaBroker} starts a single-node KRaft broker in this JVM
 * from the Kafka jars Maven resolved, on loopback, with a data directory that survives restarts. It
 * serves {@code ./earshot broker}, the all-in-one demo, and the integration tests, which get it (or a
 * Testcontainers broker where Docker runs) through this module's test-jar.
 *
 * <p>It is a development broker: one replica, no security unless configured through
 * {@link dev.earshot.kafka.local.LocalKafkaBroker.Builder#property}. Production runs against a real
 * cluster.
 */
package dev.earshot.kafka.local;
