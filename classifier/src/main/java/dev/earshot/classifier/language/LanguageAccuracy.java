package dev.earshot.classifier.language;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often a detector names the language a labelled post is in: in all, on posts of
 * {@value #SHORT} characters or fewer, and per language. Read from a TSV of ISO 639-1 code and text
 * per line, {@code #} starting a comment, as {@code docs/eval/language-short-posts.tsv}.
 */
public final class LanguageAccuracy {
    public static final int SHORT = 20;

    /** Posts and how many of them were told right. */
    public record Tally(int posts, int right) {
        public double accuracy() {
            return posts == 0 ? 0 : right / (double) posts;
        }

        Tally plus(boolean ok) {
            return new Tally(posts + 1, right + (ok ? 1 : 0));
        }
    }

    private Tally all = new Tally(0, 0);
    private Tally shortPosts = new Tally(0, 0);
    private final Map<String, Tally> byLanguage = new TreeMap<>();

    public static LanguageAccuracy measure(LanguageDetector detector, Path tsv) throws IOException {
        LanguageAccuracy accuracy = new LanguageAccuracy();
        for (String row : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] parts = row.split("\t", 2);
            if (parts.length < 2) {
                continue;
            }
            boolean ok = parts[0].equals(detector.detect(parts[1], null));
            accuracy.all = accuracy.all.plus(ok);
            if (parts[1].codePointCount(0, parts[1].length()) <= SHORT) {
                accuracy.shortPosts = accuracy.shortPosts.plus(ok);
            }
            accuracy.byLanguage.merge(parts[0], new Tally(1, ok ? 1 : 0), (a, b) -> new Tally(a.posts + b.posts, a.right + b.right));
        }
        return accuracy;
    }

    public Tally all() {
        return all;
    }

    public Tally shortPosts() {
        return shortPosts;
    }

    public Map<String, Tally> byLanguage() {
        return java.util.Collections.unmodifiableMap(byLanguage);
    }
}
