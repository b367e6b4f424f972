/**
 * The trainable scorer of feedback that complements the rules.
 *
 * <p>What enters: labelled examples as sets of named features (words and word pairs of the prose,
 * hashtags, text shapes and the ids of the rules that fired, built by
 * {@link dev.earshot.classifier.Classifier#features}), each with its feedback kind or none. What it
 * becomes: a {@link dev.earshot.classifier.learned.FeedbackModel}, one logistic-regression weight
 * vector per kind, written as a JSON file anyone can read. Where it goes: {@code earshot train}
 * writes it; {@code --model} and the streams setting {@code classifier.model} load it into the
 * {@link dev.earshot.classifier.Classifier}, which asks it only where no feedback rule reached the
 * threshold, and lists the features that weighed most in each decision.
 */
package dev.earshot.classifier.learned;
