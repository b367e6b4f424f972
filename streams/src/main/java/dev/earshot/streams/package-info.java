/**
 * The streams app: one exactly-once Kafka Streams topology, built in {@link dev.earshot.streams.Pipeline}.
 *
 * <p>What enters: mentions on {@code mentions.raw}, keyed by id, in the wire format. What they become:
 * parsed and validated ({@link dev.earshot.streams.ParseProcessor}; the rest to {@code mentions.dlq}
 * with a reason), deduplicated by id ({@link dev.earshot.streams.DedupeProcessor}), classified in
 * batches held in a changelogged store ({@link dev.earshot.streams.BatchClassifier}) into one pair per
 * (mention, brand), and summed per brand and minute ({@link dev.earshot.streams.MinutePartial}) and per
 * brand and hour ({@link dev.earshot.streams.BrandHighlights}) before crossing a repartition by brand,
 * in the compact records of {@link dev.earshot.streams.InternalFormat}, a minute partial with its pairs
 * encoded. Behind it, each partial's copies of earlier mentions of the brand are counted and its
 * pairs published with their cluster and suspects ({@link dev.earshot.streams.CopyMarker} against the
 * brand's {@link dev.earshot.streams.CopyClusters}), windowed stores add the partials up per minute and
 * hour; share of voice is computed per competitor set, themes per brand
 * and hour ({@link dev.earshot.streams.BrandThemes}), and feedback spikes per brand
 * ({@link dev.earshot.streams.SpikeDetector}). Where it goes: {@code mentions.classified} and the
 * output topics named in {@link dev.earshot.model.Topics}, each written with its codec from
 * {@code dev.earshot.model.output}; the stores are read by the query API ({@code query}).
 *
 * <p>{@link dev.earshot.streams.StreamsApp} runs the topology with its settings
 * ({@link dev.earshot.streams.PipelineConfig}), creates the topics with their policies
 * ({@link dev.earshot.streams.TopicPolicy}) and reloads brands, rules and models while it runs.
 */
package dev.earshot.streams;
