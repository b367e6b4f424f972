/**
 * Sorts mentions by the marketing strategy they show, per tracked brand, with Lucene.
 *
 * <p>What enters: a {@link dev.earshot.model.Mention}, a {@link dev.earshot.classifier.BrandCatalog}
 * (the brand file) and a {@link dev.earshot.classifier.RulePack} (the default rules, optionally
 * extended by a user file). What it becomes: one {@link dev.earshot.model.Classification} per brand
 * the mention names, with its category, every matching category as tags, the feedback kind, the
 * author's reach tier and the ids of the rules that fired. Where it goes: the streams app writes it
 * to {@code mentions.classified}; {@code earshot classify} prints it.
 *
 * <p>How: {@link dev.earshot.classifier.MentionDocument} turns the mention into Lucene fields (text
 * through {@link dev.earshot.classifier.SocialAnalyzer}, hashtags, handles, link hosts, UTM values,
 * flags); {@link dev.earshot.classifier.Classifier} holds brand queries and rule queries in one Lucene
 * Monitor and matches each document once. Rules are data: Lucene query syntax plus a category, a
 * weight and brand conditions ({@link dev.earshot.classifier.BrandCondition}). A trained
 * {@link dev.earshot.classifier.learned.FeedbackModel}, when loaded, is asked beside the rules for
 * the feedback decision ({@code learned/}). No Kafka here.
 */
package dev.earshot.classifier;
