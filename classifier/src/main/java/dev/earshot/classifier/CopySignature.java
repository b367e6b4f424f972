package dev.earshot.classifier;

import java.util.Arrays;

/**
 * A MinHash signature of a post's wording, to tell a copy (a retweet, a copy-paste campaign, a reprint
 * with its own tracking link) from a post of its own. Two posts whose wording is the same or nearly the
 * same have signatures that agree in most of their {@link #BUCKETS} places; {@link #similarity}
 * estimates the Jaccard similarity of their sets of five-character shingles (two posts of a hundred
 * characters that differ in one word share about 80% of them; two posts about the same brand in their
 * own words, a few).
 *
 * <p>The wording is the text after {@link #normalise}: lower case, without links, handles, the words
 * "rt" and "via", punctuation and symbols (emoji included), with runs of spaces made one. A text that
 * has nothing left after that (a bare link) keeps its links, so bare links to different pages are not
 * taken for copies of each other; a text with nothing but handles, emoji and punctuation is taken as
 * it is.
 *
 * <p>Written here rather than with Lucene's {@code MinHashFilter}: that filter is a token stream, which
 * costs an analysis chain per post, and gives its hashes as terms; this is one pass over the text with
 * one hash per shingle, spread over the buckets ("one permutation hashing") and the empty buckets
 * filled from their neighbours ("densification by rotation", Shrivastava 2017), so short posts get a
 * full signature too. Values are kept in 16 bits: two different shingle sets agree by chance in one
 * place about once in 65,536, far below the similarities that matter here.
 */
public final class CopySignature {
    /** Places in a signature. */
    public static final int BUCKETS = 32;
    /** Length of a shingle in characters. */
    static final int SHINGLE = 5;
    /** Only the start of a long text is read: copies agree from the start, and a post is short. */
    static final int MAX_CHARS = 2_000;

    private CopySignature() {
    }

    /** The signature of a post's text. */
    public static short[] of(String text) {
        String words = normalise(text, false);
        if (words.isEmpty()) {
            words = normalise(text, true);
        }
        if (words.isEmpty()) {
            // Nothing but handles, emoji and punctuation: only the same characters make a copy.
            String start = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
            words = String.join(" ", start.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+"));
        }
        long[] min = new long[BUCKETS];
        Arrays.fill(min, Long.MAX_VALUE);
        int shingles = Math.max(1, words.length() - SHINGLE + 1);
        for (int i = 0; i < shingles; i++) {
            long h = 0;
            for (int j = i, end = Math.min(words.length(), i + SHINGLE); j < end; j++) {
                h = h * 0x100000001b3L + words.charAt(j);
            }
            h = mix(h);
            int bucket = (int) (h >>> 59);
            long value = h & 0x07FF_FFFF_FFFF_FFFFL;
            if (value < min[bucket]) {
                min[bucket] = value;
            }
        }
        short[] signature = new short[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            // An empty bucket takes the value of the next filled one to its right, told apart by the distance.
            int from = b;
            int distance = 0;
            while (min[from] == Long.MAX_VALUE) {
                from = (from + 1) % BUCKETS;
                distance++;
            }
            signature[b] = (short) mix(min[from] + distance * 0x9E3779B97F4A7C15L);
        }
        return signature;
    }

    /** The estimated share of shingles two texts have in common: the share of places where their signatures agree. */
    public static double similarity(short[] a, short[] b) {
        int same = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same / (double) BUCKETS;
    }

    /**
     * The wording of a text as copies share it: lower case, the runs of letters and digits (of any
     * script) with one space between them, without links (unless {@code keepLinks}), handles, and the
     * words "rt" and "via". A link starts with {@code http://}, {@code https://} or {@code www.} after
     * anything but a letter or digit, {@code (https://…} included, and runs to the next space; a handle
     * is an {@code @} and the letters, digits and underscores after it, {@code .@brand} and
     * {@code RT@user} included. Only the first {@link #MAX_CHARS} characters are read.
     */
    public static String normalise(String text, boolean keepLinks) {
        int end = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(end);
        int i = 0;
        while (i < end) {
            char c = text.charAt(i);
            if (!keepLinks && isLinkStart(text, i, end)) {
                while (i < end && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            } else if (c == '@') {
                i++;
                while (i < end && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetterOrDigit(text.codePointAt(i))) {
                int wordStart = out.length();
                while (i < end && Character.isLetterOrDigit(text.codePointAt(i))) {
                    int cp = text.codePointAt(i);
                    out.appendCodePoint(Character.toLowerCase(cp));
                    i += Character.charCount(cp);
                }
                if (isDropped(out, wordStart)) {
                    out.setLength(wordStart);
                } else {
                    out.append(' ');
                }
            } else {
                i++;
            }
        }
        if (out.length() > 0) {
            out.setLength(out.length() - 1); // the space after the last word
        }
        return out.toString();
    }

    private static boolean isLinkStart(String text, int at, int end) {
        if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
            return false;
        }
        return LinkPrefix.at(text, at) > 0;
    }

    /** Whether the word just written from {@code start} is "rt" or "via", which mark a copy rather than word it. */
    private static boolean isDropped(StringBuilder out, int start) {
        int length = out.length() - start;
        return (length == 2 && out.charAt(start) == 'r' && out.charAt(start + 1) == 't')
                || (length == 3 && out.charAt(start) == 'v' && out.charAt(start + 1) == 'i' && out.charAt(start + 2) == 'a');
    }

    /** MurmurHash3's 64-bit finaliser: every bit of the input moves every bit of the output. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb53fe63fc1a7L;
        h ^= h >>> 33;
        return h;
    }
}
