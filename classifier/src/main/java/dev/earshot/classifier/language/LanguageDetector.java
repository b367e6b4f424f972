package dev.earshot.classifier.language;

import com.carrotsearch.labs.langid.DetectedLanguage;
import com.carrotsearch.labs.langid.LangIdV3;
import com.carrotsearch.labs.langid.Model;
import dev.earshot.classifier.LinkPrefix;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a mention's language among a configured set, with langid-java (langid.py's naive Bayes model
 * over byte n-grams). Chosen on measurement over Lingua (README, "Language"): on the project's 504
 * short posts in 12 languages it is 0.92 accurate limited to those 12 at about 7 µs a post in 20 MB,
 * where Lingua is more accurate (0.96-0.99) but takes 250-520 µs a post, which the streams app cannot
 * pay for every mention. Limiting the model to the languages a team expects is what makes short posts
 * work: with all 97 of its languages it is 0.86 accurate, 0.75 on posts of 20 characters or fewer.
 *
 * <p>A source's own {@code lang} is a hint: it wins when the model gives it at least half the
 * probability of its own first choice. Thread-safe (one model, one classifier state per thread).
 */
public final class LanguageDetector {
    /** The languages measured in docs/eval/language-short-posts.tsv; {@code languages} in the settings. */
    public static final List<String> DEFAULT_LANGUAGES =
            List.of("en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "tr", "ru", "ja");

    /**
     * Models by language set. langid-java decompresses its model afresh on every call, and a
     * classifier is rebuilt on every reload of brands or rules: one copy per set serves them all.
     */
    private static final Map<Set<String>, Model> MODELS = new ConcurrentHashMap<>();
    private static final Set<String> KNOWN = Set.copyOf(Model.defaultModel().getDetectedLanguages());

    private final Set<String> languages;
    private final ThreadLocal<Scratch> scratch;
    /**
     * The scratch last used, kept beside the thread-local: Lucene's per-batch readers leave the
     * thread-local map full of stale entries, so a lookup there costs a probe through them, and one
     * thread usually classifies with a detector.
     */
    private volatile Scratch last;

    public LanguageDetector(List<String> languages) {
        this.languages = new TreeSet<>();
        for (String language : languages) {
            String code = language.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(code)) {
                throw new IllegalArgumentException("language " + language + " is not one langid-java can tell; it knows "
                        + new TreeSet<>(KNOWN));
            }
            this.languages.add(code);
        }
        if (this.languages.isEmpty()) {
            throw new IllegalArgumentException("at least one language is needed");
        }
        if (this.languages.size() == 1) {
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(null)); // langid-java needs two languages to choose between
        } else {
            Model model = MODELS.computeIfAbsent(Set.copyOf(this.languages),
                    set -> set.size() == KNOWN.size() ? Model.defaultModel() : Model.detectOnly(set));
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(new LangIdV3(model)));
        }
    }

    /** One thread's identifier (null with one language) and the buffer a text's prose is encoded into. */
    static final class Scratch {
        private final Thread owner = Thread.currentThread();
        private final LangIdV3 identifier;
        private byte[] utf8 = new byte[1024];
        private int length;
        private boolean letters;

        Scratch(LangIdV3 identifier) {
            this.identifier = identifier;
        }
    }

    public Set<String> languages() {
        return languages;
    }

    /**
     * The language of {@code text}, or null when it holds no letters to tell it by.
     *
     * @param hint the source's own language tag ({@code en}, {@code en-GB}, …), or null
     */
    public String detect(String text, String hint) {
        return detect(text, hint, List.of());
    }

    /**
     * As {@link #detect(String, String)}, with the brand names the text holds left out: a name is no
     * word of any language, and in a short post ("Lumora 😡") its letters alone would pick one, whose
     * sentiment the scorer then does not read.
     *
     * @param names lower-case names (words or phrases) to leave out where they stand as whole words;
     *              handles, hashtags and domains among them change nothing, being left out anyway
     */
    public String detect(String text, String hint, java.util.Collection<String> names) {
        Scratch s = last;
        if (s == null || s.owner != Thread.currentThread()) {
            s = scratch.get();
            last = s;
        }
        prose(text, s, names);
        if (!s.letters) {
            return null;
        }
        if (s.identifier == null) {
            return languages.iterator().next();
        }
        LangIdV3 identifier = s.identifier;
        identifier.reset();
        identifier.append(s.utf8, 0, s.length);
        // Unnormalised: turning the scores into probabilities is worth its cost only where a hint disagrees.
        String first = identifier.classify(false).langCode;
        if (hint == null || hint.length() < 2 || hint.regionMatches(true, 0, first, 0, 2)) {
            return first;
        }
        String hinted = hint.substring(0, 2).toLowerCase(Locale.ROOT);
        if (!languages.contains(hinted)) {
            return first;
        }
        // The identifier still holds the text's features: rank them all, as probabilities.
        float firstConfidence = 0;
        float hintedConfidence = 0;
        for (DetectedLanguage candidate : identifier.rank(true)) {
            if (candidate.langCode.equals(first)) {
                firstConfidence = candidate.confidence;
            } else if (candidate.langCode.equals(hinted)) {
                hintedConfidence = candidate.confidence;
            }
        }
        return hintedConfidence >= firstConfidence / 2 ? hinted : first;
    }

    /**
     * The characters of a text read for its language: a post's first few thousand tell it as well as
     * all of them, and a long article (a mention may hold 128 Ki characters) would otherwise cost as
     * much as thousands of posts and keep a buffer of that size for each thread.
     */
    static final int MAX_CHARS = 4096;

    /** {@link #prose(String, Scratch)} as a string, for tests. */
    static String prose(String text) {
        return prose(text, List.of());
    }

    /** {@link #prose(String, Scratch, java.util.Collection)} as a string, for tests. */
    static String prose(String text, java.util.Collection<String> names) {
        Scratch s = new Scratch(null);
        prose(text, s, names);
        return new String(s.utf8, 0, s.length, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Writes the text without links, handles, cashtags and the {@code #} of hashtags (words of no
     * language) into {@code into}, as the UTF-8 langid-java reads, noting whether a letter is left.
     * One pass over the text, straight into a buffer the thread keeps, rather than a regular
     * expression, a new string and the library's own encoder: together they cost half again as much
     * as telling the language itself.
     */
    static void prose(String text, Scratch into, java.util.Collection<String> names) {
        int n = Math.min(text.length(), MAX_CHARS);
        if (n < text.length() && Character.isHighSurrogate(text.charAt(n - 1))) {
            n--; // not half a character
        }
        if (into.utf8.length < 3 * n) {
            into.utf8 = new byte[3 * n];
        }
        byte[] out = into.utf8;
        int length = 0;
        boolean letters = false;
        int at = 0;
        int name = 0;
        int none;
        while (at < n) {
            char c = text.charAt(at);
            char lower = (char) (c | 0x20);
            boolean marked = lower == 'h' || lower == 'w' || c == '@' || c == '$';
            boolean wordStart = marked && (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)));
            if (wordStart && LinkPrefix.at(text, at) > 0) {
                while (at < n && !Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                out[length++] = ' ';
            } else if (wordStart && (c == '@' || c == '$') && at + 1 < n && isWordChar(text.charAt(at + 1))) {
                at++;
                while (at < n && isWordChar(text.charAt(at))) {
                    at++;
                }
                out[length++] = ' ';
            } else if (c == '#') {
                out[length++] = ' ';
                at++;
            } else if (!names.isEmpty() && Character.isLetterOrDigit(c) && (at == 0 || !isWordChar(text.charAt(at - 1)))
                    && (name = nameAt(text, at, n, names)) > 0) {
                at += name;
                out[length++] = ' ';
            } else if (c < 0x80) {
                out[length++] = (byte) c;
                letters |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
                at++;
            } else if (Character.isHighSurrogate(c) && at + 1 < n && Character.isLowSurrogate(text.charAt(at + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(at + 1));
                none = noLanguage(cp);
                if (none != KEEP) {
                    if (none == SPACE) {
                        out[length++] = ' ';
                    }
                    at += 2;
                    continue;
                }
                letters |= Character.isLetter(cp);
                out[length++] = (byte) (0xF0 | cp >> 18);
                out[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[length++] = (byte) (0x80 | cp & 0x3F);
                at += 2;
            } else if (Character.isSurrogate(c)) {
                at++; // a lone surrogate has no UTF-8 form; langid-java's own encoder drops it too
            } else if ((none = noLanguage(c)) != KEEP) {
                if (none == SPACE) {
                    out[length++] = ' ';
                }
                at++;
            } else {
                letters |= Character.isLetter(c);
                if (c < 0x800) {
                    out[length++] = (byte) (0xC0 | c >> 6);
                } else {
                    out[length++] = (byte) (0xE0 | c >> 12);
                    out[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                }
                out[length++] = (byte) (0x80 | c & 0x3F);
                at++;
            }
        }
        into.length = length;
        into.letters = letters;
    }

    /** The length of the longest name that stands as a whole word at {@code at} ("vantor one" over "vantor"), or 0. */
    private static int nameAt(String text, int at, int n, java.util.Collection<String> names) {
        int longest = 0;
        for (String name : names) {
            int end = at + name.length();
            if (name.length() > longest && end <= n && Character.isLetterOrDigit(name.charAt(0))
                    && (end == n || !isWordChar(text.charAt(end))) && (text.regionMatches(true, at, name, 0, name.length())
                            || folds(text, at, end, name))) {
                longest = name.length();
            }
        }
        return longest;
    }

    /**
     * Whether the text from {@code at} to {@code end}, with accents folded as the brand queries fold
     * them, is the name: brand names come folded ("nestle"), and a post may write them either way.
     */
    private static boolean folds(String text, int at, int end, String name) {
        for (int i = at; i < end; i++) {
            if (text.charAt(i) >= 0x80) {
                return dev.earshot.classifier.sentiment.SentimentScorer.fold(text.substring(at, end).toLowerCase(Locale.ROOT))
                        .equals(name);
            }
        }
        return false;
    }

    /** What {@link #prose} writes for a character beyond ASCII: the character, a space, or nothing. */
    private static final int KEEP = 0;
    private static final int SPACE = 1;
    private static final int NOTHING = 2;

    /**
     * Whether a character beyond ASCII is of no language, and what stands in its place. A symbol (emoji,
     * a skin tone, ™, ♥, box drawing, the replacement character a broken decoding leaves), a private-use
     * or an unassigned one is a space: their bytes are n-grams like any other to langid-java, and in
     * the complaints data set English tweets whose emoji had become pairs of U+FFFD were told Japanese
     * (22 of 2,294; README, "Language"). The parts that join or restyle emoji (variation selectors, the
     * zero-width joiner, the keycap mark, the tags of flags) are nothing: a joiner inside an Indic word
     * leaves the word whole.
     */
    private static int noLanguage(int cp) {
        if (cp == 0x200D || cp == 0x20E3 || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0020 && cp <= 0xE007F)
                || (cp >= 0xE0100 && cp <= 0xE01EF)) {
            return NOTHING;
        }
        int type = Character.getType(cp);
        return type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED ? SPACE : KEEP;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
