/**
 * Earshot's wire types and the strict codec that admits them.
 *
 * <p>What enters: untrusted bytes from files, webhooks, live feeds and Kafka topics. What it
 * becomes: a {@link dev.earshot.model.Mention}, or an {@link dev.earshot.model.InvalidMentionException}
 * listing every {@link dev.earshot.model.Problem} with the field it concerns. Where it goes: every
 * other module decodes and encodes mentions only through {@link dev.earshot.model.MentionCodec}, and
 * names topics only through {@link dev.earshot.model.Topics}.
 *
 * <p>This module depends on Jackson alone, so that any consumer of Earshot's topics can read them
 * with the same types.
 */
package dev.earshot.model;
