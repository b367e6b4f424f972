/**
 * Sentiment toward a brand. A mention's text enters with the forms of the brand (and of the other
 * tracked brands it names) and the classifier's feedback kind for the pair; a {@code Sentiment}
 * (label and score in [-1, 1]) leaves, on each classified pair of {@code mentions.classified}, and is
 * counted into the brand windows' positive, neutral and negative figures.
 */
package dev.earshot.classifier.sentiment;
