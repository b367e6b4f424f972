package dev.earshot.classifier;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.snowball.SnowballFilter;

/**
 * The words and hashtags a mention is about: what a rise in a brand's feedback is explained by. Its
 * words, lower case, of three characters or more with a letter among them, less the Snowball stop
 * words of the languages Earshot detects by default that Lucene ships lists for and of social posts
 * ("via"), a possessive's {@code 's} taken off ("lumora's" is "lumora"); and its hashtags,
 * lower case with their {@code #}. Links are no terms (a bare domain such as {@code lumora.com} and an
 * email address are links too: "com" is no theme), nor handles but where asked for ({@link
 * #withHandles}), nor is anything longer than
 * {@value #MAX_TERM} characters (a run of letters that long is no word anyone searches for, and would
 * bloat the records that carry terms). Only the first {@value #MAX_CHARS} characters are read: a long
 * article costs no more than a long post. Each term once per mention, so a post that repeats a word
 * counts as one mention of it, and a rise means more people, not more repetitions.
 *
 * <p>One pass over the text of its own rather than the rules' Lucene analysis: it runs once for every
 * classified mention in the streams app (the hour's highlights count its terms for each of its pairs,
 * the minute's feedback terms for each FEEDBACK pair), where the analysis chain (about 7 µs a post)
 * cost a tenth of the drain benchmark's rate. Unlike the analysis it does not fold accents.
 */
public final class ThemeTerms {
    private static final List<String> STOP_LISTS = List.of("english", "german", "french", "spanish", "italian",
            "portuguese", "dutch", "swedish", "russian");
    /**
     * Words of how posts are written rather than what they say: "via @source" credits a share, and
     * "amp" is what is left of an {@code &amp;} some feeds send escaped.
     */
    private static final List<String> SOCIAL_FILLERS = List.of("via", "amp");
    private static final CharArraySet STOP_WORDS = stopWords();
    static final int MAX_TERM = 40;
    static final int MAX_CHARS = 4096;

    private ThemeTerms() {
    }

    /**
     * The mention's terms in the order written: those of {@link #withHandles} that are no handle
     * ({@link dev.earshot.model.output.Themes.Kind#HANDLE}), in the same order, so a caller that
     * needs both reads the text once.
     */
    public static Set<String> of(String text) {
        return read(text, false);
    }

    /**
     * The mention's terms and its handles ({@code @name}, lower case), in the order written: what a
     * brand's hour is about, where who is addressed or cited is part of the story (a spike's terms
     * leave handles out, as complaints address the brand's own support handle whatever they are about).
     */
    public static Set<String> withHandles(String text) {
        return read(text, true);
    }

    private static Set<String> read(String text, boolean handles) {
        Set<String> terms = new LinkedHashSet<>();
        int n = Math.min(text.length(), MAX_CHARS);
        int at = 0;
        while (at < n) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
                continue;
            }
            int chunkEnd = at;
            while (chunkEnd < n && !Character.isWhitespace(text.charAt(chunkEnd))) {
                chunkEnd++;
            }
            if (isLink(text, at, chunkEnd)) {
                at = chunkEnd;
                continue;
            }
            at = words(text, at, chunkEnd, terms, handles);
        }
        return terms;
    }

    /** Reads the words, hashtags and handles of one chunk without whitespace; returns its end. */
    private static int words(String text, int from, int to, Set<String> terms, boolean handles) {
        int at = from;
        while (at < to) {
            char c = text.charAt(at);
            boolean start = at == from || !Character.isLetterOrDigit(text.charAt(at - 1));
            if ((c == '#' || c == '@') && start && at + 1 < to
                    && (Character.isLetterOrDigit(text.charAt(at + 1)) || text.charAt(at + 1) == '_')) {
                int end = MentionDocument.sigilEnd(text, at, to);
                if ((c == '#' || handles) && end - at <= MAX_TERM) {
                    terms.add(text.substring(at, end).toLowerCase(Locale.ROOT));
                }
                at = end;
            } else if (Character.isLetterOrDigit(c)) {
                int end = at;
                boolean letter = false;
                while (end < to) {
                    char w = text.charAt(end);
                    if (Character.isLetterOrDigit(w)) {
                        letter |= Character.isLetter(w);
                        end++;
                    } else if ((w == '\'' || w == '\u2019') && end + 1 < to && Character.isLetter(text.charAt(end + 1))) {
                        end++; // "don't", "it's": one word, as the stop lists write them
                    } else {
                        break;
                    }
                }
                if (letter && end - at >= 3 && end - at <= MAX_TERM) {
                    String word = text.substring(at, end).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
                    if (!STOP_WORDS.contains(word)) {
                        // "it's" is a stop word whole; "lumora's" is the brand's name, and "battery's" the battery
                        String owner = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
                        if (owner.length() >= 3 && !STOP_WORDS.contains(owner)) {
                            terms.add(owner);
                        }
                    }
                }
                at = end;
            } else {
                at++;
            }
        }
        return to;
    }

    /** A link written out: a scheme or {@code www.}, or a bare domain followed by a path ("acme.com/x"). */
    private static boolean isLink(String text, int from, int to) {
        if (LinkPrefix.at(text, from) > 0) {
            return true;
        }
        // Searched within the chunk only: a search to the end of the text for every chunk would cost
        // the square of a long text's length.
        int slash = -1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ':' && i + 2 < to && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/') {
                return true;
            }
            if (c == '/' && slash < 0) {
                slash = i;
            }
        }
        if (slash < 0) {
            return isBareDomainOrEmail(text, from, to);
        }
        boolean dot = false;
        for (int i = from; i < slash; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (i == from || i + 1 == slash) {
                    return false;
                }
                dot = true;
            } else if (!Character.isLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return dot;
    }

    /**
     * A domain without a path ({@code lumora.com}, {@code shop.lumora.co.uk}) or an email address, the
     * punctuation of the sentence around it aside. Its last label must be written in lower-case ASCII
     * letters, as domains nearly always are: "end.Then", two sentences run together, is no domain.
     */
    private static boolean isBareDomainOrEmail(String text, int from, int to) {
        int end = to;
        while (end > from && ",.;:!?)\"'".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        int start = from;
        while (start < end && "(\"'".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        // Looked for within the chunk only, as isLink does: a search back through the whole text for
        // every chunk would cost the square of a long text's length.
        int at = lastIndexIn(text, '@', start, end);
        if (at >= 0) {
            if (at == start) {
                return false; // a handle
            }
            start = at + 1;
        }
        int lastDot = lastIndexIn(text, '.', start, end);
        if (lastDot <= start || end - lastDot - 1 < 2 || end - lastDot - 1 > 6) {
            return false;
        }
        for (int i = lastDot + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        for (int i = start; i < lastDot; i++) {
            char c = text.charAt(i);
            if (c == '.' ? i == start || text.charAt(i - 1) == '.' : !Character.isLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** The last {@code c} in {@code [from, to)}, or -1. */
    private static int lastIndexIn(String text, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(2048, true);
        for (String language : STOP_LISTS) {
            String file = language + "_stop.txt";
            var stream = SnowballFilter.class.getResourceAsStream(file);
            if (stream == null) {
                throw new IllegalStateException("Lucene's stop list " + file + " is missing from lucene-analysis-common");
            }
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                words.addAll(WordlistLoader.getSnowballWordSet(reader));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        words.addAll(SOCIAL_FILLERS);
        return CharArraySet.unmodifiableSet(words);
    }

}
