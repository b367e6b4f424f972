/**
 * Sources that bring mentions into Kafka.
 *
 * <p>What enters: JSONL and CSV files, webhook requests, live public feeds, the synthetic generator.
 * What it becomes: {@link dev.earshot.model.Mention}s checked by the strict codec; what fails is
 * reported with its reason and never sent. Where it goes: the raw mentions topic, keyed by mention
 * id, through {@link dev.earshot.ingest.MentionPublisher}'s idempotent producer.
 */
package dev.earshot.ingest;
