package dev.earshot.classifier.sentiment;

import dev.earshot.model.Sentiment.Label;
import java.util.Locale;

/** Three-class sentiment scores against labels: per-class precision, recall and F1, macro-F1, the confusion matrix. */
public final class SentimentEvaluation {
    private final long[][] confusion = new long[3][3];

    /**
     * A text as copies of it are told apart: without retweet prefixes ("RT @someone:"), links,
     * handles, case and repeated spaces. A held-out text whose copy is in the tuning part is not
     * unseen: retweets repeat a post word for word, and a model that learned the words of one has
     * learned the other.
     */
    public static String sameText(String text) {
        String t = text.toLowerCase(Locale.ROOT)
                .replaceAll("\\brt\\s+@\\w+:?", " ")
                .replaceAll("https?://\\S+|www\\.\\S+", " ")
                .replaceAll("@\\w+", " ")
                .replaceAll("[^\\p{L}\\p{N}#]+", " ");
        return t.strip();
    }

    public void add(Label expected, Label predicted) {
        confusion[expected.ordinal()][predicted.ordinal()]++;
    }

    public long count() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public double f1(Label label) {
        int k = label.ordinal();
        long tp = confusion[k][k];
        long fp = 0;
        long fn = 0;
        for (int j = 0; j < 3; j++) {
            if (j != k) {
                fp += confusion[j][k];
                fn += confusion[k][j];
            }
        }
        double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    public double macroF1() {
        double sum = 0;
        for (Label label : Label.values()) {
            sum += f1(label);
        }
        return sum / Label.values().length;
    }

    public double accuracy() {
        long right = 0;
        for (int k = 0; k < 3; k++) {
            right += confusion[k][k];
        }
        long n = count();
        return n == 0 ? 0 : right / (double) n;
    }

    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  %,d labelled; accuracy %.3f; macro-F1 %.3f (F1 %s %.3f, %s %.3f, %s %.3f)%n",
                count(), accuracy(), macroF1(), Label.POSITIVE, f1(Label.POSITIVE), Label.NEUTRAL, f1(Label.NEUTRAL),
                Label.NEGATIVE, f1(Label.NEGATIVE)));
        out.append(String.format(Locale.ROOT, "  %-18s %9s %9s %9s%n", "labelled \\ scored", "POSITIVE", "NEUTRAL", "NEGATIVE"));
        for (Label expected : Label.values()) {
            long[] row = confusion[expected.ordinal()];
            out.append(String.format(Locale.ROOT, "  %-18s %,9d %,9d %,9d%n", expected, row[0], row[1], row[2]));
        }
        return out.toString();
    }
}
