/**
 * Live public feeds: Bluesky's Jetstream firehose ({@link dev.earshot.ingest.live.BlueskyJetstream}), a
 * Mastodon instance's public or hashtag timeline ({@link dev.earshot.ingest.live.MastodonTimeline}) and
 * Hacker News items ({@link dev.earshot.ingest.live.HackerNewsItems}).
 *
 * <p>What enters: each platform's own JSON (and the HTML fragments of post bodies, read by jsoup), and
 * for Bluesky its AppView's profiles of the authors ({@code BlueskyProfiles}), as Jetstream carries no
 * handles or follower counts.
 * What it becomes: mentions in the wire format, mapped per platform, of posts whose text names a
 * tracked brand term ({@link dev.earshot.ingest.live.BrandFilter}, a cheap first cut; the classifier
 * decides downstream). Where it goes: a {@link dev.earshot.ingest.live.MentionSink}, in production the
 * publisher to {@code mentions.raw}; each feed keeps its position in a
 * {@link dev.earshot.ingest.live.Cursor} file, saved only after the sink has stored what came before
 * it, so a restart resumes where it stopped and loses nothing it had acknowledged (Hacker News keeps
 * the comments it waits for beside it). Polling is polite (rate limits, backoff, no redirects for
 * tokens, a request in flight ended by a stop) in one place, {@code Poller}.
 */
package dev.earshot.ingest.live;
