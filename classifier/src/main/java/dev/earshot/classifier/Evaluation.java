package dev.earshot.classifier;

import dev.earshot.classifier.sentiment.SentimentEvaluation;
import dev.earshot.model.Category;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Sentiment;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Precision, recall and F1 per category, macro-F1 and the confusion matrix of a classifier against
 * labelled data; also how well it tells the feedback kind. Pure bookkeeping: callers feed it
 * (expected, predicted) pairs.
 */
public final class Evaluation {
    private final long[][] confusion = new long[Category.values().length][Category.values().length];
    private final Map<FeedbackKind, long[]> kinds = new EnumMap<>(FeedbackKind.class);
    /** Sentiment toward each brand with a sentiment label. */
    private final SentimentEvaluation sentiment = new SentimentEvaluation();
    private long missedBrands;
    private long unexpectedBrands;
    private long total;

    /**
     * Records one (mention, brand) pair.
     *
     * @param expectedKind the labelled kind for FEEDBACK, or null
     * @param predictedKind the predicted kind, or null
     */
    public void add(Category expected, FeedbackKind expectedKind, Category predicted, FeedbackKind predictedKind) {
        confusion[expected.ordinal()][predicted.ordinal()]++;
        total++;
        for (FeedbackKind kind : FeedbackKind.values()) {
            long[] counts = kinds.computeIfAbsent(kind, k -> new long[3]); // tp, fp, fn
            boolean isExpected = expected == Category.FEEDBACK && expectedKind == kind;
            boolean isPredicted = predicted == Category.FEEDBACK && predictedKind == kind;
            if (isExpected && isPredicted) {
                counts[0]++;
            } else if (isPredicted) {
                counts[1]++;
            } else if (isExpected) {
                counts[2]++;
            }
        }
    }

    /**
     * Whether a labelled mention belongs to the held-out part of its set: a third of the mentions,
     * chosen by a hash of the id, so the split is fixed before any tuning, the same on every machine,
     * and unchanged when mentions are added. Rules are tuned on the other part; a figure on the
     * held-out part is one the rules were not written to.
     */
    public static boolean heldOut(String id) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue() % 3 == 0;
    }

    /** Scores a classifier on labelled mentions. */
    public static Evaluation of(Classifier classifier, Iterable<LabelledMention> labelled) {
        Evaluation evaluation = new Evaluation();
        for (LabelledMention lm : labelled) {
            evaluation.add(lm, classifier.classify(lm.mention()));
        }
        return evaluation;
    }

    /** Scores one labelled mention against the classifier's results for it. */
    public void add(LabelledMention lm, java.util.List<dev.earshot.model.Classification> results) {
        for (Map.Entry<String, LabelledMention.Expected> label : lm.labels().entrySet()) {
            LabelledMention.Expected expected = label.getValue();
            dev.earshot.model.Classification found = null;
            for (dev.earshot.model.Classification c : results) {
                if (label.getKey().equals(LabelledMention.ANY_BRAND) || label.getKey().equals(c.brand())) {
                    found = c;
                    break;
                }
            }
            if (found == null) {
                addMissedBrand(expected.category(), expected.kind());
            } else {
                add(expected.category(), expected.kind(), found.category(), found.feedbackKind());
            }
            Sentiment.Label expectedSentiment = lm.sentiments().get(label.getKey());
            if (expectedSentiment != null) {
                // A brand not found, or a language the scorer does not read, says nothing of the brand: NEUTRAL.
                Sentiment.Label predicted = found == null || found.sentiment() == null ? Sentiment.Label.NEUTRAL
                        : found.sentiment().label();
                sentiment.add(expectedSentiment, predicted);
            }
        }
        for (dev.earshot.model.Classification c : results) {
            if (c.brand() != null && !lm.labels().containsKey(c.brand()) && !lm.labels().containsKey(LabelledMention.ANY_BRAND)) {
                unexpectedBrands++;
            }
        }
    }

    public long unexpectedBrands() {
        return unexpectedBrands;
    }

    /** A labelled brand the classifier did not find in the mention; recorded as predicted OTHER. */
    public void addMissedBrand(Category expected, FeedbackKind expectedKind) {
        missedBrands++;
        add(expected, expectedKind, Category.OTHER, null);
    }

    public long total() {
        return total;
    }

    public long missedBrands() {
        return missedBrands;
    }

    public double precision(Category c) {
        long tp = confusion[c.ordinal()][c.ordinal()];
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c.ordinal()];
        }
        return predicted == 0 ? 0 : (double) tp / predicted;
    }

    public double recall(Category c) {
        long tp = confusion[c.ordinal()][c.ordinal()];
        long actual = 0;
        for (long n : confusion[c.ordinal()]) {
            actual += n;
        }
        return actual == 0 ? 0 : (double) tp / actual;
    }

    public double f1(Category c) {
        return f1(precision(c), recall(c));
    }

    public long support(Category c) {
        long actual = 0;
        for (long n : confusion[c.ordinal()]) {
            actual += n;
        }
        return actual;
    }

    /** Mean F1 over the categories that occur in the labels. */
    public double macroF1() {
        return meanF1(Category.values(), this::support, this::f1);
    }

    /**
     * Mean F1 over the feedback kinds that occur in the labels: how well the kind of a labelled
     * FEEDBACK pair is told, a pair found FEEDBACK with another kind or not found FEEDBACK counting
     * against it. Beside {@link #macroF1}, which takes no account of the kind.
     */
    public double kindMacroF1() {
        return meanF1(FeedbackKind.values(), this::kindSupport, this::kindF1);
    }

    private static <T> double meanF1(T[] classes, java.util.function.ToLongFunction<T> support,
                                     java.util.function.ToDoubleFunction<T> f1) {
        double sum = 0;
        int n = 0;
        for (T c : classes) {
            if (support.applyAsLong(c) > 0) {
                sum += f1.applyAsDouble(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public double kindPrecision(FeedbackKind k) {
        long[] c = kinds.getOrDefault(k, new long[3]);
        return c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
    }

    public double kindRecall(FeedbackKind k) {
        long[] c = kinds.getOrDefault(k, new long[3]);
        return c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
    }

    public double kindF1(FeedbackKind k) {
        return f1(kindPrecision(k), kindRecall(k));
    }

    public long kindSupport(FeedbackKind k) {
        long[] c = kinds.getOrDefault(k, new long[3]);
        return c[0] + c[2];
    }

    public long count(Category expected, Category predicted) {
        return confusion[expected.ordinal()][predicted.ordinal()];
    }

    /** How the sentiment toward each brand with a sentiment label came out. */
    public SentimentEvaluation sentiment() {
        return sentiment;
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The report as a text table. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-14s %9s %9s %9s %8s%n", "category", "precision", "recall", "f1", "support"));
        for (Category c : Category.values()) {
            out.append(String.format(Locale.ROOT, "%-14s %9.3f %9.3f %9.3f %8d%n", c, precision(c), recall(c), f1(c), support(c)));
        }
        out.append(String.format(Locale.ROOT, "%-14s %29.3f %8d%n", "macro-F1", macroF1(), total));
        out.append(String.format(Locale.ROOT, "%nfeedback kind (FEEDBACK pairs only)%n"));
        for (FeedbackKind k : FeedbackKind.values()) {
            out.append(String.format(Locale.ROOT, "%-14s %9.3f %9.3f %9.3f %8d%n", k, kindPrecision(k), kindRecall(k),
                    kindF1(k), kindSupport(k)));
        }
        out.append(String.format(Locale.ROOT, "%nconfusion (rows: expected, columns: predicted)%n%-14s", ""));
        for (Category c : Category.values()) {
            out.append(String.format(Locale.ROOT, " %13s", c));
        }
        out.append('\n');
        for (Category e : Category.values()) {
            out.append(String.format(Locale.ROOT, "%-14s", e));
            for (Category p : Category.values()) {
                out.append(String.format(Locale.ROOT, " %13d", count(e, p)));
            }
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "%nlabelled brands not found in their mention: %d; brands found but not labelled: %d%n",
                missedBrands, unexpectedBrands));
        if (sentiment.count() > 0) {
            out.append(String.format(Locale.ROOT, "%nsentiment toward each brand:%n"));
            out.append(sentiment.report());
        }
        return out.toString();
    }
}
