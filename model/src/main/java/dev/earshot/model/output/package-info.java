/**
 * What Earshot publishes: the values of its output topics as types, each with the one codec that
 * writes and reads its JSON, and each topic's key format.
 *
 * <p>What enters: the streams app's figures ({@link dev.earshot.model.output.BrandWindow},
 * {@link dev.earshot.model.output.ShareOfVoice}, {@link dev.earshot.model.output.Highlights},
 * {@link dev.earshot.model.output.FeedbackSpike}), or the bytes of a record read back from a topic.
 * What it becomes: JSON through {@link dev.earshot.model.output.OutputCodec}, or the typed value
 * again. Where it goes: {@link dev.earshot.model.Topics} pairs each output topic with its codec and
 * key format in an {@link dev.earshot.model.output.OutputTopic}; the streams app writes with it, and
 * {@code tail}, {@code report}, {@code alerts} and the query API read with it. The JSON Schema of each
 * topic lies under {@code docs/schemas/}, checked against real output by a test.
 */
package dev.earshot.model.output;
