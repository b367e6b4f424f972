/**
 * The language of a mention. A mention's text enters, cleaned of links, handles and the {@code #} of
 * hashtags; an ISO 639-1 code (or null) leaves, and goes onto each of its classified pairs. The
 * sentiment scorer reads only the languages it has a lexicon for.
 */
package dev.earshot.classifier.language;
