/**
 * The trainable scorers that complement the rules: one of feedback, one of sentiment.
 *
 * <p>What enters: labelled examples as sets of named features. For feedback, the words and word
 * pairs of the prose, hashtags, text shapes and the ids of the rules that fired
 * ({@link dev.earshot.classifier.Classifier#features}), each with its feedback kind or none; for
 * sentiment, the words with their negation, word pairs, emoji and the sentiment rules' own reading
 * toward the brand ({@link dev.earshot.classifier.Classifier#sentimentFeatures}), each with
 * POSITIVE, NEUTRAL or NEGATIVE. What it becomes: a {@link dev.earshot.classifier.learned.FeedbackModel}
 * or a {@link dev.earshot.classifier.learned.SentimentModel}, one logistic-regression weight vector
 * per label (liblinear, one against the rest), written as a JSON file anyone can read. Where it
 * goes: {@code earshot train} and {@code earshot train-sentiment} write them; {@code --model} and
 * {@code --sentiment-model} (the streams settings {@code classifier.model} and
 * {@code classifier.sentiment.model}) load them into the {@link dev.earshot.classifier.Classifier}.
 * The feedback model decides the kind, or that a pair is no feedback, wherever the rules' kind
 * falls short of the weight the model trusts ({@code trustRulesFrom}), makes a pair the rules did
 * not call feedback feedback where it is sure ({@code feedbackFrom}), and lists the features that
 * weighed most in each decision; the sentiment model decides each English pair's sentiment.
 */
package dev.earshot.classifier.learned;
