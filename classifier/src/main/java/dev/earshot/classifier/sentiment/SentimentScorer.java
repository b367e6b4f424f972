package dev.earshot.classifier.sentiment;

import dev.earshot.classifier.LinkPrefix;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Sentiment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sentiment toward a brand in an English mention: the VADER valence lexicon read with rules of
 * Earshot's own, in the spirit of Hutto and Gilbert's (ICWSM 2014) and measured on data no rule was
 * written to (README, "Sentiment").
 *
 * <p>Each word, emoticon and emoji carries the lexicon's valence (-4..4). Around it: a negation in
 * the three words before flips and weakens it; intensifiers ("really", "so") and dampeners ("kinda")
 * move it by distance; a word in capitals among lower case, and letters repeated ("sooo goood"),
 * strengthen it; after the first "but" (or "however") words count one and a half times and before it
 * half; exclamation
 * marks add emphasis. Phrases of social and customer talk that single words misread ("can't wait",
 * "still waiting", "rip off", "on hold") carry a valence of their own. The classifier's own
 * judgement counts too: a COMPLAINT pulls toward negative and PRAISE toward positive. Where a
 * mention names another tracked brand in a clause that does not name this one, that clause is left
 * out of this brand's score, so "love my Lumora but Vantor's support is useless" is positive for
 * one and negative for the other; a clause that compares two tracked brands says of the one it
 * measures against the opposite of what it says of the other ({@link Comparison}). The sum is
 * squashed to [-1, 1] as VADER's compound score.
 *
 * <p>Not read: sarcasm, irony, domain slang outside the lexicon, and languages other than English
 * (the caller gives those a null sentiment). Thread-safe and allocation-light: a few objects a word.
 */
public final class SentimentScorer {
    /** Scores at or above {@code positive} are POSITIVE, at or below {@code negative} NEGATIVE. */
    public record Thresholds(double positive, double negative) {
        public Thresholds {
            if (!(negative < positive)) {
                throw new IllegalArgumentException("the negative threshold must lie below the positive one");
            }
        }
    }

    /**
     * Chosen on the tuning part of the SXSW tweets (README): wider than VADER's ±0.05, because most
     * mentions that use a mildly positive word ("nice", "free", "cool") say nothing of the brand.
     */
    public static final Thresholds DEFAULT_THRESHOLDS = new Thresholds(0.35, -0.5);

    private static final double NEGATION = -0.74;
    private static final double BOOST = 0.293;
    private static final double CAPS = 0.733;
    private static final double EXCLAMATION = 0.292;
    private static final double FEEDBACK = 1.5;
    private static final double NORMALISER = 15;
    /** The longest emoticon of the lexicon is shorter; longer tokens with punctuation are words. */
    private static final int MAX_EMOTICON = 8;

    /** Words that deny what follows; {@link Comparison} reads them too. Without apostrophes, as a reading's words are. */
    static final Set<String> NEGATORS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
            "nor", "nowhere", "cannot", "without", "aint", "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt",
            "cant", "couldnt", "wont", "wouldnt", "shouldnt", "havent", "hasnt", "hadnt", "mustnt", "neednt", "rarely",
            "seldom", "despite");
    private static final Map<String, Double> BOOSTERS = boosters();
    private static final Set<String> CONTRAST = Set.of("but", "however");
    /** Phrases read as one item; their words' own valences and negations are not counted again. */
    private static final Map<String, Double> PHRASES = phrases();
    private static final Map<String, List<Phrase>> PHRASE_STARTS = phraseStarts();
    private static final Map<Integer, Double> EMOJI = emoji();

    private final Words words;
    private final Thresholds thresholds;
    private final boolean rules;

    private SentimentScorer(Words words, Thresholds thresholds, boolean rules) {
        this.words = words;
        this.thresholds = thresholds;
        this.rules = rules;
    }

    /**
     * Words the lexicon rates as positive that in customer talk are mostly nouns or the words of a
     * request ("customer support", "please help"), read as neutral; and "pretty", mostly a degree word
     * ("pretty bad"), read as an intensifier instead.
     */
    private static final Set<String> NEUTRAL_IN_CUSTOMER_TALK = Set.of("support", "care", "help", "please", "share",
            "sharing", "pretty");

    private static final class Shared {
        static final Map<String, Double> LEXICON = loadLexicon();
        static final Words LEXICON_WORDS = Words.of(LEXICON);
        static final Words CUSTOMER_TALK_WORDS = Words.of(customerTalk(LEXICON));
        static final boolean[] EMOTICON_ENDS = emoticonEnds(LEXICON);
    }

    /**
     * The first and last characters (ASCII, lower case) of the lexicon's emoticons, as {@code 128 *
     * first + last}: a token with punctuation ("camera," "it.") is looked up as an emoticon only when
     * some emoticon begins and ends as it does, where looking each one up cost a string and a lookup.
     */
    private static boolean[] emoticonEnds(Map<String, Double> lexicon) {
        boolean[] ends = new boolean[128 * 128];
        for (String entry : lexicon.keySet()) {
            if (entry.length() <= MAX_EMOTICON && !entry.chars().allMatch(Character::isLetterOrDigit)) {
                char first = Character.toLowerCase(entry.charAt(0));
                char last = Character.toLowerCase(entry.charAt(entry.length() - 1));
                if (first < 128 && last < 128) {
                    ends[128 * first + last] = true;
                }
            }
        }
        return ends;
    }

    /** Whether the token from {@code from} to {@code to} may be an emoticon of the lexicon. */
    private static boolean mayBeEmoticon(String text, int from, int to) {
        char first = Character.toLowerCase(text.charAt(from));
        char last = Character.toLowerCase(text.charAt(to - 1));
        return first >= 128 || last >= 128 || Shared.EMOTICON_ENDS[128 * first + last];
    }

    /**
     * What the rules know of one word: its valence when the lexicon rates it (else null), whether it
     * negates, its intensity (0 for none), whether it turns a contrast, and the phrases it starts. One
     * lookup a word gives all of it, where a map for each cost a lookup each for every word read.
     */
    private record Word(Double valence, boolean negator, double booster, boolean contrast, List<Phrase> phrases) {
    }

    /**
     * The lexicon's words with what the rules know of each, and the words the rules know outside it,
     * behind a filter (see {@link #known(String)}); built once per lexicon and shared by its scorers.
     */
    private record Words(Map<String, Word> map, org.apache.lucene.util.FixedBitSet filter) {
        static Words of(Map<String, Double> lexicon) {
            Set<String> known = new java.util.HashSet<>(lexicon.keySet());
            known.addAll(NEGATORS);
            known.addAll(BOOSTERS.keySet());
            known.addAll(CONTRAST);
            known.addAll(PHRASE_STARTS.keySet());
            Map<String, Word> words = new HashMap<>(known.size() * 2);
            for (String word : known) {
                words.put(word, new Word(lexicon.get(word), NEGATORS.contains(word), BOOSTERS.getOrDefault(word, 0.0),
                        CONTRAST.contains(word), PHRASE_STARTS.get(word)));
            }
            return new Words(java.util.Collections.unmodifiableMap(words), SentimentScorer.filter(known));
        }
    }

    /** The scorer the classifier uses. */
    public static SentimentScorer defaults() {
        return new SentimentScorer(Shared.CUSTOMER_TALK_WORDS, DEFAULT_THRESHOLDS, true);
    }

    private static Map<String, Double> customerTalk(Map<String, Double> lexicon) {
        Map<String, Double> adjusted = new HashMap<>(lexicon);
        NEUTRAL_IN_CUSTOMER_TALK.forEach(adjusted::remove);
        return java.util.Collections.unmodifiableMap(adjusted);
    }

    public SentimentScorer withThresholds(Thresholds other) {
        return new SentimentScorer(words, other, rules);
    }

    /**
     * The baseline the evaluation compares against: the VADER lexicon alone, each word's valence
     * summed and squashed as VADER does, with VADER's ±0.05 thresholds; no rules, no brand, no
     * classifier signals.
     */
    public static SentimentScorer plainLexicon() {
        return new SentimentScorer(Shared.LEXICON_WORDS, new Thresholds(0.05, -0.05), false);
    }

    /** Sentiment of the whole text, toward no brand in particular. */
    public Sentiment score(String text) {
        return score(text, List.of(), List.of(), null);
    }

    /**
     * Sentiment toward one brand.
     *
     * @param brandForms the brand's keywords, handles, hashtags and domains, lower case
     * @param otherForms the same for the other tracked brands this mention names
     * @param kind       the classifier's feedback kind for this brand, or null
     */
    public Sentiment score(String text, Collection<String> brandForms, Collection<String> otherForms, FeedbackKind kind) {
        return score(read(text), brandForms, otherForms, kind);
    }

    /**
     * Sentiment toward one brand of a text already read: a mention that names several brands is
     * read once and scored toward each.
     */
    public Sentiment score(Reading reading, Collection<String> brandForms, Collection<String> otherForms, FeedbackKind kind) {
        double compound = Sentiment.onTheWire(compound(reading, brandForms, otherForms, kind));
        Sentiment.Label label = compound >= thresholds.positive() ? Sentiment.Label.POSITIVE
                : compound <= thresholds.negative() ? Sentiment.Label.NEGATIVE : Sentiment.Label.NEUTRAL;
        return new Sentiment(label, compound);
    }

    /**
     * What a trained {@link dev.earshot.classifier.learned.SentimentModel} reads of a text toward one
     * brand: each word as {@code w:word} ({@code w:not_word} within a negation's reach), each pair of
     * neighbouring words in a clause as {@code b:first_second}, the brand's own names as
     * {@code <brand>}, other tracked brands' as {@code <other>} and other handles as {@code @user},
     * links as {@code link}, emoji and emoticons by the sign of their valence ({@code emoji:+},
     * {@code emoji:-}), {@code !} when the text exclaims, the rules' label and score in quarter steps
     * toward the brand ({@code rules:NEGATIVE}, {@code rules:-2}), and the classifier's feedback kind
     * ({@code kind:COMPLAINT}). The rules' reading is a feature, so a model learns how far to trust it
     * on its owner's data, as the feedback model does with the rules that fired.
     */
    public Set<String> features(Reading reading, Collection<String> brandForms, Collection<String> otherForms,
                                FeedbackKind kind) {
        Set<String> features = new java.util.LinkedHashSet<>();
        List<Item> items = reading.items;
        String previous = null;
        int clause = -1;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String token;
            if (item.word.isEmpty()) {
                if (item.raw().isEmpty()) {
                    features.add(item.valence > 0 ? "emoji:+" : "emoji:-");
                    continue;
                }
                token = "link";
            } else if (names(brandForms, item)) {
                token = "<brand>";
            } else if (names(otherForms, item)) {
                token = "<other>";
            } else if (item.word.charAt(0) == '@') {
                token = "@user";
            } else {
                token = negated(items, i) ? "not_" + item.word : item.word;
            }
            features.add("w:" + token);
            if (previous != null && item.clause == clause) {
                features.add("b:" + previous + "_" + token);
            }
            previous = token;
            clause = item.clause;
        }
        if (reading.exclamations > 0) {
            features.add("!");
        }
        Sentiment rules = score(reading, brandForms, otherForms, kind);
        features.add("rules:" + rules.label());
        features.add("rules:" + Math.round(rules.score() * 4));
        if (kind != null) {
            features.add("kind:" + kind);
        }
        return features;
    }

    /** Whether an item is one of these names, also with a possessive ("Apple's") or without its {@code #}. */
    private static boolean names(Collection<String> forms, Item item) {
        if (forms.isEmpty()) {
            return false;
        }
        String raw = fold(item.raw());
        if (raw.endsWith("'s") || raw.endsWith("\u2019s")) {
            raw = raw.substring(0, raw.length() - 2);
        }
        return forms.contains(raw) || forms.contains(fold(item.word));
    }

    /**
     * A brand's name or a clause as the brand queries compare them: lower case, accents and other
     * marks folded to ASCII as Lucene's {@code ASCIIFoldingFilter} does, so "Nestlé" in a brand entry
     * and "nestle" in a post (or the other way round) are the same name here as in matching.
     * Brand forms passed to {@link #score} and {@link #features} are expected folded.
     */
    public static String fold(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) < 0x80) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        char[] input = text.toCharArray();
        char[] output = new char[input.length * 4];
        int length = org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter.foldToASCII(input, 0, output, 0, input.length);
        return new String(output, 0, length);
    }

    /** One word, emoticon or emoji of the text, as the rules see it. */
    private static final class Item {
        final String word;
        /** As written, or already lower case; see {@link #raw()}. */
        private String raw;
        private boolean lowered;
        double valence;
        boolean caps;
        boolean stretched;
        /** What the rules know of the word, or null. */
        Word known;
        int clause;
        boolean phrase;
        /** A comma or colon ends the token before: a negation does not reach past it ("No problems, love it"). */
        boolean pause;
        /**
         * Words of a phrase that ends in a negation ("still no", "no longer"): before a word the lexicon
         * rates, the phrase negates it ("still no complaints") rather than counting itself.
         */
        boolean negatesNext;
        /** On a phrase's first word, how many words it has. */
        int phraseWords;

        Item(String word, String raw, boolean lowered) {
            this.word = word;
            this.raw = raw;
            this.lowered = lowered;
        }

        /**
         * The item as written, in lower case. A link is lowered only when asked for (a clause's
         * brands or a model's features): most are never looked at again.
         */
        String raw() {
            if (!lowered) {
                raw = raw.toLowerCase(Locale.ROOT);
                lowered = true;
            }
            return raw;
        }
    }

    /** A text split into the items the rules read, with what holds for the whole of it. */
    public static final class Reading {
        private final List<Item> items;
        private final int clauses;
        private final int firstContrast;
        private final int exclamations;
        private final boolean anyLower;
        /** The clauses whose last token's closing punctuation holds a question mark ("why?", "really?!"); null for none. */
        private final java.util.BitSet questions;
        /** Each {@code >} between words ("Lumora > Vantor"), which reads as no item: the item after it and its clause; null for none. */
        private final List<int[]> ranks;
        /** Each clause's stretch of the text, from its first token to its last; -1 for a clause of no token; null unless asked for. */
        private final int[] spanFrom;
        private final int[] spanTo;
        /** Each clause's items, built when a comparison asks. */
        private int[][] clauseItems;

        /** Each clause's words in lower case between spaces, built when a second brand asks; one thread reads a reading. */
        private String[] clauseTexts;
        /** Each clause's words as {@link Comparison} reads them, built when a clause names two brands. */
        private List<List<String>> clauseWords;
        /** The item each of {@link #clauseWords} was read from ({@code >} gives the item after it). */
        private List<List<Integer>> clauseWordItems;

        private Reading(List<Item> items, int clauses, int firstContrast, int exclamations, boolean anyLower,
                        java.util.BitSet questions, List<int[]> ranks, int[] spanFrom, int[] spanTo) {
            this.items = items;
            this.clauses = clauses;
            this.firstContrast = firstContrast;
            this.exclamations = exclamations;
            this.anyLower = anyLower;
            this.questions = questions;
            this.ranks = ranks;
            this.spanFrom = spanFrom;
            this.spanTo = spanTo;
        }

        private List<String> clauseWords(int clause) {
            if (clauseWords == null) {
                clauseWords = new ArrayList<>(clauses);
                clauseWordItems = new ArrayList<>(clauses);
                for (int c = 0; c < clauses; c++) {
                    clauseWords.add(new ArrayList<>());
                    clauseWordItems.add(new ArrayList<>());
                }
                List<int[]> ranks = this.ranks == null ? List.of() : this.ranks;
                int rank = 0;
                for (int i = 0; i <= items.size(); i++) { // one past the items: a ">" may end the text
                    for (; rank < ranks.size() && ranks.get(rank)[0] <= i; rank++) {
                        // A ">" that ended its clause's words (before a full stop, or at the end) stays in its clause.
                        clauseWords.get(ranks.get(rank)[1]).add(">");
                        clauseWordItems.get(ranks.get(rank)[1]).add(i);
                    }
                    Item item = i < items.size() ? items.get(i) : null;
                    if (item != null && !item.word.isEmpty()) {
                        // "Lumora-made" names Lumora, as the clause texts and the brand queries read it.
                        for (String part : item.raw().indexOf('-') > 0 ? item.raw().split("-") : new String[] {item.raw()}) {
                            String word = Comparison.word(part);
                            if (!word.isEmpty()) {
                                clauseWords.get(item.clause).add(word);
                                clauseWordItems.get(item.clause).add(i);
                            }
                        }
                    }
                }
            }
            return clauseWords.get(clause);
        }

        /** The item of a clause's word {@code word} of {@link #clauseWords}. */
        private int itemOf(int clause, int word) {
            return clauseWordItems.get(clause).get(word);
        }

        /** The items of a clause, in order. */
        private int[] itemsOf(int clause) {
            if (clauseItems == null) {
                int[] counts = new int[clauses];
                for (Item item : items) {
                    counts[item.clause]++;
                }
                clauseItems = new int[clauses][];
                for (int c = 0; c < clauses; c++) {
                    clauseItems[c] = new int[counts[c]];
                    counts[c] = 0;
                }
                for (int i = 0; i < items.size(); i++) {
                    int c = items.get(i).clause;
                    clauseItems[c][counts[c]++] = i;
                }
            }
            return clauseItems[clause];
        }

        private String[] clauseTexts() {
            if (clauseTexts == null) {
                StringBuilder[] texts = new StringBuilder[clauses];
                for (Item item : items) {
                    if (texts[item.clause] == null) {
                        texts[item.clause] = new StringBuilder(" ");
                    }
                    texts[item.clause].append(item.raw()).append(' ');
                    if (item.raw().indexOf('-') > 0) {
                        // "Lumora-made" names Lumora, as the brand queries find it among a word's parts.
                        texts[item.clause].append(item.raw().replace('-', ' ')).append(' ');
                    }
                }
                clauseTexts = new String[clauses];
                for (int c = 0; c < clauses; c++) {
                    clauseTexts[c] = texts[c] == null ? " " : fold(texts[c].toString());
                }
            }
            return clauseTexts;
        }
    }

    /** What {@link #read} has gathered so far of one text. */
    private static final class Scan {
        final List<Item> items;
        int exclamations;
        int clause;
        boolean newClause;
        boolean pauseNext;
        int firstContrast = -1;
        boolean anyLower;
        /** Made when a text first has one: most have neither, and a text is read for every pair. */
        java.util.BitSet questions;
        List<int[]> ranks;
        /**
         * Each clause's stretch of the text, from its first token to its last, items or not; -1 for
         * none. Kept only for {@link #clausesAbout}.
         */
        int[] spanFrom;
        int[] spanTo;

        Scan(int length, boolean spans) {
            items = new ArrayList<>(length / 4 + 4);
            if (spans) {
                spanFrom = new int[] {-1, -1, -1, -1};
                spanTo = new int[4];
            }
        }

        void span(int from, int to) {
            if (clause >= spanFrom.length) {
                int old = spanFrom.length;
                int size = Math.max(clause + 1, old * 2);
                spanFrom = java.util.Arrays.copyOf(spanFrom, size);
                spanTo = java.util.Arrays.copyOf(spanTo, size);
                java.util.Arrays.fill(spanFrom, old, size, -1);
            }
            if (spanFrom[clause] < 0) {
                spanFrom[clause] = from;
            }
            spanTo[clause] = to;
        }
    }

    /**
     * Reads a text once, for scoring toward one brand or several.
     *
     * <p>One loop over the tokens here, and a method for each kind of token: written as one method with
     * a loop for each, it was compiled by C2 three or four times over (each loop's on-stack
     * replacement, then the whole), about 1 s of a cold drain's compiler time on two cores.
     */
    public Reading read(String text) {
        return read(text, false);
    }

    /** {@link #read(String)}, keeping each clause's stretch of the text when {@code spans}. */
    private Reading read(String text, boolean spans) {
        Scan scan = new Scan(text.length(), spans);
        int n = text.length();
        int at = skipSpaces(text, 0);
        while (at < n) {
            int end = tokenEnd(text, at);
            readToken(text, at, end, scan);
            at = skipSpaces(text, end);
        }
        if (rules) {
            markPhrases(scan.items);
        }
        return new Reading(scan.items, scan.clause + 1, scan.firstContrast, scan.exclamations, scan.anyLower, scan.questions,
                scan.ranks, scan.spanFrom, scan.spanTo);
    }

    private static int skipSpaces(String text, int at) {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static int tokenEnd(String text, int at) {
        while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    /** Reads the token {@code [from, to)}, and marks its first item when a comma or colon came before it. */
    private void readToken(String text, int from, int to, Scan scan) {
        boolean pause = scan.pauseNext;
        char last = text.charAt(to - 1);
        scan.pauseNext = last == ',' || last == ':';
        int first = scan.items.size();
        readTokenItems(text, from, to, scan);
        if (pause && scan.items.size() > first) {
            scan.items.get(first).pause = true;
        }
        // The token belongs to the clause it ends in: a "but" glued to an emoji ("👍but") starts the next.
        if (scan.spanFrom != null) {
            scan.span(from, to);
        }
    }

    /** Reads the token {@code [from, to)}: a link, an emoticon, or a word with the emoji in it. */
    private void readTokenItems(String text, int from, int to, Scan scan) {
        boolean plain = true; // letters and digits only
        boolean symbols = false; // something past U+2000 that may be an emoji
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '!') {
                scan.exclamations++;
            }
            plain &= Character.isLetterOrDigit(c);
            symbols |= c >= 0x2000;
        }
        if (scan.newClause) {
            scan.clause++;
        }
        char last = text.charAt(to - 1);
        scan.newClause = last == '.' || last == '!' || last == '?' || last == ';';
        if (scan.newClause && asks(text, from, to)) {
            if (scan.questions == null) {
                scan.questions = new java.util.BitSet();
            }
            scan.questions.set(scan.clause);
        }
        if (text.charAt(from) == '>' && Comparison.word(text.substring(from, to)).equals(">")) {
            if (scan.ranks == null) {
                scan.ranks = new ArrayList<>(2);
            }
            scan.ranks.add(new int[] {scan.items.size(), scan.clause});
            return;
        }
        // A link, or one cut short ("http…", as a retweet cuts a long post's last link): either is no word.
        if (LinkPrefix.at(text, from) > 0 || text.startsWith("http", from)) {
            Item link = new Item("", text.substring(from, to), false);
            link.clause = scan.clause;
            scan.items.add(link);
            return;
        }
        if (!plain && to - from <= MAX_EMOTICON && mayBeEmoticon(text, from, to)) {
            Double emoticon = valence(text.substring(from, to).toLowerCase(Locale.ROOT));
            if (emoticon != null) {
                Item item = new Item("", "", true);
                item.valence = emoticon;
                item.clause = scan.clause;
                scan.items.add(item);
                return;
            }
        }
        if (symbols && rules) { // emoji valences are Earshot's, not the lexicon's
            readEmoji(text, from, to, scan);
        }
        readWord(text, from, to, scan);
    }

    /** Whether a token's closing punctuation holds a question mark ("why?", "really?!"). */
    private static boolean asks(String text, int from, int to) {
        for (int i = to - 1; i >= from && !Character.isLetterOrDigit(text.charAt(i)); i--) {
            if (text.charAt(i) == '?') {
                return true;
            }
        }
        return false;
    }

    private static void readEmoji(String text, int from, int to, Scan scan) {
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            Double value = EMOJI.get(cp);
            if (value != null) {
                Item item = new Item("", "", true);
                item.valence = value;
                item.clause = scan.clause;
                scan.items.add(item);
            }
            i += Character.charCount(cp);
        }
    }

    /**
     * Where the word in {@code text[from, to)} starts: past the punctuation before it, a leading handle's
     * or hashtag's sign kept. {@link Comparison#word} reads a word as the scorer does.
     */
    static int wordStart(String text, int from, int to) {
        int start = from;
        while (start < to && !Character.isLetterOrDigit(text.charAt(start)) && text.charAt(start) != '@'
                && text.charAt(start) != '#') {
            start++;
        }
        return start;
    }

    /** Where the word in {@code text[start, to)} ends: before the punctuation after it. */
    static int wordEnd(String text, int start, int to) {
        int end = to;
        while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** The word in the token, without the punctuation around it (a leading handle's or hashtag's sign stays). */
    private void readWord(String text, int from, int to, Scan scan) {
        int start = wordStart(text, from, to);
        int end = wordEnd(text, start, to);
        if (start >= end) {
            return;
        }
        boolean hasUpper = false;
        boolean hasLower = false;
        boolean hasLetter = false;
        boolean apostrophe = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            hasUpper |= Character.isUpperCase(c);
            hasLower |= Character.isLowerCase(c);
            hasLetter |= Character.isLetter(c);
            apostrophe |= c == '\'' || c == '\u2019';
        }
        scan.anyLower |= hasLower;
        String core = text.substring(start, end);
        String lowered = hasUpper ? core.toLowerCase(Locale.ROOT) : core;
        String word = lowered;
        if (word.charAt(0) == '#') {
            word = word.substring(1);
        }
        if (apostrophe) {
            word = word.replace("'", "").replace("\u2019", "");
        }
        Item item = new Item(word, lowered, true);
        item.clause = scan.clause;
        item.caps = end - start > 1 && hasLetter && !hasLower;
        item.known = word.isEmpty() || word.charAt(0) == '@' ? null : known(word);
        Double value = item.known == null ? null : item.known.valence();
        if (value == null && rules && word.length() > 3 && hasRun(word)) {
            String squeezed = squeeze(word, 2);
            value = valence(squeezed);
            if (value == null) {
                value = valence(squeeze(word, 1));
            }
            item.stretched = value != null;
        }
        item.valence = value == null ? 0 : value;
        if (rules && item.known != null && item.known.contrast()) {
            if (scan.firstContrast < 0) {
                scan.firstContrast = scan.items.size();
            }
            scan.clause++;
            item.clause = scan.clause;
        }
        scan.items.add(item);
    }

    private static final int FILTER_BITS = 1 << 17;

    /**
     * Two bits for each known word in a set of 16 KB, small enough to stay in the processor's cache
     * beside Lucene's and langid-java's tables where the map of 7,500 words does not: most words of a
     * post are not in the lexicon, and a probe here tells most of them apart without reaching the map.
     * About one unknown word in a hundred passes the filter and is looked up for nothing.
     */
    private static org.apache.lucene.util.FixedBitSet filter(java.util.Set<String> known) {
        org.apache.lucene.util.FixedBitSet bits = new org.apache.lucene.util.FixedBitSet(FILTER_BITS);
        for (String word : known) {
            int h = word.hashCode();
            bits.set(h & FILTER_BITS - 1);
            bits.set(second(h) & FILTER_BITS - 1);
        }
        return bits;
    }

    private static int second(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ h >>> 15;
    }

    /** What the rules know of a word, or null. */
    private Word known(String word) {
        int h = word.hashCode();
        org.apache.lucene.util.FixedBitSet filter = words.filter();
        if (!filter.get(h & FILTER_BITS - 1) || !filter.get(second(h) & FILTER_BITS - 1)) {
            return null;
        }
        return words.map().get(word);
    }

    /** The lexicon's valence of a word, or null when it rates none. */
    private Double valence(String word) {
        Word known = known(word);
        return known == null ? null : known.valence();
    }

    double compound(Reading reading, Collection<String> brandForms, Collection<String> otherForms, FeedbackKind kind) {
        List<Item> items = reading.items;
        int firstContrast = reading.firstContrast;
        boolean anyLower = reading.anyLower;
        Stances stances = rules ? stances(reading, brandForms, otherForms) : null;
        double sum = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            double v = item.valence;
            if (v == 0) {
                continue;
            }
            if (rules && item.phrase) {
                if (item.negatesNext && ratedWordAfter(items, i + item.phraseWords)) {
                    continue; // "still no complaints": the phrase negates the word, which counts instead
                }
                // A phrase is one item; a negation before it still turns it ("not worth it").
                if (negated(items, i)) {
                    v *= NEGATION;
                }
            } else if (rules) {
                if (item.known != null && item.known.negator() && ratedWordAfter(items, i + 1)) {
                    continue; // "no problems": "no" negates the word, as in VADER, rather than counting itself too
                }
                if (item.caps && anyLower) {
                    v += Math.signum(v) * CAPS;
                }
                if (item.stretched) {
                    v += Math.signum(v) * BOOST;
                }
                for (int back = 1; back <= 3 && i - back >= 0; back++) {
                    Item before = items.get(i - back);
                    double boost = before.known == null ? 0 : before.known.booster();
                    if (boost != 0 && before.valence == 0) {
                        double scaled = boost * (1 - 0.05 * (back - 1));
                        v += Math.signum(v) * scaled + (before.caps && anyLower ? Math.signum(v) * CAPS * Math.signum(boost) : 0);
                    }
                }
                // An emoji or emoticon says how the writer feels whatever word comes before it ("not happy 😡").
                if (!item.word.isEmpty() && negated(items, i)) {
                    v *= NEGATION;
                }
            }
            if (rules) {
                if (firstContrast >= 0) {
                    v *= i < firstContrast ? 0.5 : i > firstContrast ? 1.5 : 1;
                }
                v *= stances.weight(item.clause, i, v);
            }
            sum += v;
        }
        if (rules) {
            sum += stances.ranking();
        }
        if (rules && kind != null) {
            if (kind == FeedbackKind.COMPLAINT) {
                sum -= FEEDBACK;
            } else if (kind == FeedbackKind.PRAISE) {
                sum += FEEDBACK;
            }
        }
        if (rules && sum != 0) {
            sum += Math.signum(sum) * Math.min(reading.exclamations, 4) * EXCLAMATION;
        }
        double compound = sum / Math.sqrt(sum * sum + NORMALISER);
        return Math.max(-1, Math.min(1, compound));
    }

    /** Whether item {@code at} is a word the lexicon rates, in the clause of the item before it and with no pause between. */
    private static boolean ratedWordAfter(List<Item> items, int at) {
        if (at <= 0 || at >= items.size()) {
            return false;
        }
        Item next = items.get(at);
        return !next.word.isEmpty() && next.valence != 0 && !next.pause && !next.phrase
                && next.clause == items.get(at - 1).clause;
    }

    /**
     * True when one of the three items before item {@code i} negates: in its clause, with no comma or
     * colon between, and not inside a phrase unless the phrase ends in a negation ("still no").
     */
    private static boolean negated(List<Item> items, int i) {
        Item item = items.get(i);
        for (int back = 1; back <= 3 && i - back >= 0; back++) {
            if (items.get(i - back + 1).pause) {
                return false;
            }
            Item before = items.get(i - back);
            if (before.clause != item.clause) {
                return false;
            }
            if (before.negatesNext) {
                return true;
            }
            if (before.phrase) {
                return false;
            }
            if (before.known != null && before.known.negator() || before.word.endsWith("nt") && before.raw().endsWith("n't")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a ranking says of each brand beyond its words ("Lumora beats Vantor", "switched from Vantor
     * to …"), in the lexicon's units: a little more than "good" (1.9), enough for a ranking alone to
     * make the loser NEGATIVE under the default thresholds (a compound of -0.511). Chosen on the tuning
     * comparisons (docs/eval/classifier-history.md, 2026-12-07, a sixteenth session).
     */
    private static final double RANKED = 2.3;
    /**
     * How much of what a comparison says of its subject it says, turned, of the brand measured against:
     * a little more than all of it, as the default thresholds ask more of a NEGATIVE (-0.5) than of a
     * POSITIVE (0.35), and most comparisons praise their subject ("way better than Vantor"). 1.25 and
     * 1.5 gave the same on the tuning comparisons, one pair more than 1.
     */
    private static final double MEASURED = 1.25;

    /**
     * How a text's clauses bear on one of the brands it names, for its sentiment ({@link #compound})
     * and its feedback ({@link #clausesAbout}) alike: how much each clause's positive and negative
     * words count and each item's share of that ({@code factor}: in a comparison, whose the words
     * are), what a ranking adds ({@link #RANKED}), and which clauses the brand's feedback is judged on.
     */
    private record Stances(double[] positive, double[] negative, double[] factor, double ranking, boolean[] kept,
                           boolean named, boolean leftOut) {
        double weight(int clause, int item, double valence) {
            return (valence > 0 ? positive[clause] : negative[clause]) * (factor == null ? 1 : factor[item]);
        }
    }

    /**
     * A clause that names another tracked brand and not this one speaks of the other: it gets no
     * weight for this brand when this brand is named in some other clause, and its feedback is the
     * other's. A clause that names both and compares them ({@link Comparison}) says of the brand it
     * measures against, turned, what it says of the subject (the subject's words: those after the
     * subject's name, up to the next name), and that brand's own words (after its name) are its alone;
     * words before any name are the subject's alone; of a brand left only the bad
     * ("switched from Vantor after it charged me twice, best move ever") and of the one chosen only the
     * good; a ranking lifts the first and lowers the last. The brand measured against or moved to is
     * not what the clause's feedback is about. A clause naming no brand after a comparison goes on
     * about it: weighted as the comparison was for each brand (none for the brand measured against),
     * and none of the feedback of the brand measured against. A question that compares says nothing of either, and its feedback is the subject's.
     */
    private static Stances stances(Reading reading, Collection<String> brandForms, Collection<String> otherForms) {
        int clauses = reading.clauses;
        double[] positive = new double[clauses];
        double[] negative = new double[clauses];
        boolean[] kept = new boolean[clauses];
        java.util.Arrays.fill(positive, 1);
        java.util.Arrays.fill(negative, 1);
        java.util.Arrays.fill(kept, true);
        if (brandForms.isEmpty() || otherForms.isEmpty()) {
            return new Stances(positive, negative, null, 0, kept, false, false);
        }
        boolean[] names = new boolean[clauses];
        boolean[] namesOther = new boolean[clauses];
        String[] texts = reading.clauseTexts();
        boolean named = false;
        double ranking = 0;
        double[] factor = null;
        Comparison.Role last = Comparison.Role.SUBJECT; // this brand's, in the last clause that named a tracked brand
        for (int c = 0; c < clauses; c++) {
            names[c] = mentions(texts[c], brandForms);
            namesOther[c] = mentions(texts[c], otherForms);
            named |= names[c];
            if (!names[c] && !namesOther[c]) {
                weigh(last, true, c, positive, negative);
                kept[c] = !last.measured();
                continue;
            }
            last = Comparison.Role.SUBJECT;
            if (!names[c] || !namesOther[c]) {
                continue;
            }
            List<String> words = reading.clauseWords(c);
            Comparison.Place place = Comparison.placeOf(words, brandForms, otherForms);
            Comparison.Role role = place.role();
            if (reading.questions != null && reading.questions.get(c)) {
                if (place.compares()) {
                    positive[c] = 0;
                    negative[c] = 0;
                    kept[c] = !role.feedbackIsAnothers();
                }
                continue;
            }
            last = role;
            weigh(role, false, c, positive, negative);
            kept[c] = !role.feedbackIsAnothers();
            ranking += role == Comparison.Role.WINNER ? RANKED
                    : role == Comparison.Role.LOSER || role == Comparison.Role.LEFT ? -RANKED : 0;
            boolean otherMeasured = !role.measured() && place.anotherMeasured();
            if (role.measured() || otherMeasured) {
                if (factor == null) {
                    factor = new double[reading.items.size()];
                    java.util.Arrays.fill(factor, 1);
                }
                // Each item is said of the brand named last before it: its word's owner, an emoji the word's before it.
                Comparison.Owner[] owners = place.owners();
                Comparison.Owner owner = Comparison.Owner.NONE;
                int w = 0;
                for (int item : reading.itemsOf(c)) {
                    for (; w < owners.length && reading.itemOf(c, w) <= item; w++) {
                        owner = owners[w];
                    }
                    factor[item] = switch (owner) {
                        case THIS -> 1;
                        case ANOTHER -> role.measured() ? -MEASURED : 0;
                        case NONE -> role.measured() ? 0 : 1;
                    };
                }
            }
        }
        boolean leftOut = false;
        for (int c = 0; c < clauses; c++) {
            if (namesOther[c] && !names[c]) {
                kept[c] = false;
                if (named) {
                    positive[c] = 0;
                    negative[c] = 0;
                }
            }
            leftOut |= !kept[c];
        }
        return new Stances(positive, negative, factor, ranking, kept, named, leftOut);
    }

    /**
     * A clause's weights for the positive and negative words of a brand that plays {@code role} in it,
     * or, as a {@code followUp} naming no brand, in the comparison before it.
     */
    private static void weigh(Comparison.Role role, boolean followUp, int c, double[] positive, double[] negative) {
        switch (role) {
            case LEFT -> positive[c] = 0;
            case CHOSEN -> negative[c] = 0;
            default -> {
                if (followUp && role.measured()) { // a clause after a comparison goes on about its subject
                    positive[c] = 0;
                    negative[c] = 0;
                }
            }
        }
    }

    /**
     * The text of a post as it bears on one of the tracked brands it names, as the brand's feedback is
     * judged: its clauses, split as {@link #read} splits them (after a word ending in . ! ? or ;, and
     * before "but" and "however"), without those whose feedback is another brand's ({@link #stances}:
     * a clause that names another tracked brand and not this one, when this one is named in some
     * clause; one that measures this brand against another, or tells of moving to it, and what follows
     * on from one that measures it). Null when no clause is left out, or this brand is named nowhere;
     * empty, or a reply's opening handles alone, when every clause is. The classifier judges each brand's feedback on it, as the sentiment
     * is scored: "I love my Lumora, but Vantor support is useless" praises Lumora and complains of
     * Vantor. The text keeps its shape: what lies between kept clauses stays, a clause left out
     * becomes a line break (no phrase reads across it), and a reply's opening handles stay when the
     * first clause goes, as a post put to someone else is read so.
     *
     * @param brandForms the brand's forms, folded to lower case as {@link #score} takes them
     */
    public static String clausesAbout(String text, Collection<String> brandForms, Collection<String> otherForms) {
        return clausesAbout(text, brandForms.isEmpty() || otherForms.isEmpty() ? null : Reader.RULES.readClauses(text),
                brandForms, otherForms);
    }

    /**
     * {@link #read(String)}, keeping each clause's stretch of the text as well, for
     * {@link #clausesAbout(String, Reading, Collection, Collection)}: a post whose feedback is judged
     * brand by brand is read once for that and for its sentiment, as it scores as {@code read(text)} does.
     */
    public Reading readClauses(String text) {
        return read(text, true);
    }

    /**
     * {@link #clausesAbout(String, Collection, Collection)} of a text already read by {@link #readClauses}
     * (a post that names several brands is read once for all of them).
     *
     * @throws IllegalArgumentException for a reading by {@link #read(String)}, which keeps no clause's stretch
     */
    public static String clausesAbout(String text, Reading reading, Collection<String> brandForms, Collection<String> otherForms) {
        if (brandForms.isEmpty() || otherForms.isEmpty()) {
            return null;
        }
        if (reading.spanFrom == null) {
            throw new IllegalArgumentException("a reading for clauses is read by readClauses, not read");
        }
        Stances stances = stances(reading, brandForms, otherForms);
        if (!stances.named() || !stances.leftOut()) {
            return null;
        }
        int[][] spans = new int[reading.clauses][];
        for (int c = 0; c < spans.length && c < reading.spanFrom.length; c++) {
            spans[c] = reading.spanFrom[c] < 0 ? null : new int[] {reading.spanFrom[c], reading.spanTo[c]};
        }
        boolean[] kept = stances.kept();
        StringBuilder about = new StringBuilder();
        int first = 0;
        while (first < spans.length && spans[first] == null) {
            first++;
        }
        int lead = first < spans.length && !kept[first] ? openingHandles(text, spans[first][1]) : 0;
        about.append(text, 0, lead);
        int previous = -1; // the last clause with a span, and whether it was kept
        boolean previousKept = false;
        boolean wrote = false;
        for (int c = 0; c < spans.length; c++) {
            if (spans[c] == null) {
                continue;
            }
            if (kept[c]) {
                if (wrote && previousKept) {
                    about.append(text, spans[previous][1], spans[c][0]); // as it was between them
                } else if (wrote) {
                    about.append('\n');
                } else if (lead > 0) {
                    about.append(' ');
                }
                about.append(text, spans[c][0], spans[c][1]);
                wrote = true;
            }
            previous = c;
            previousKept = kept[c];
        }
        return about.toString();
    }

    /** The scorer whose readings split clauses for {@link #clausesAbout}, made when first asked. */
    private static final class Reader {
        static final SentimentScorer RULES = defaults();
    }

    /** Where the handles a reply opens with end ("@dave @erin Vantor …"), no further than {@code limit}; 0 for none. */
    private static int openingHandles(String text, int limit) {
        int at = 0;
        int end = 0;
        while (true) {
            while (at < limit && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at >= limit || text.charAt(at) != '@') {
                return end;
            }
            at++;
            while (at < limit && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '.')) {
                at++;
            }
            end = at;
        }
    }

    private static boolean mentions(String clauseText, Collection<String> forms) {
        for (String form : forms) {
            boolean domain = form.indexOf('.') > 0 && form.charAt(0) != '@';
            for (int at = clauseText.indexOf(form); at >= 0; at = clauseText.indexOf(form, at + 1)) {
                int after = at + form.length();
                if (domain || clauseText.charAt(at - 1) == ' ' && after < clauseText.length()
                        && (clauseText.charAt(after) == ' ' || clauseText.charAt(after) == '\'' || clauseText.charAt(after) == '\u2019')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Marks the phrases of {@link #PHRASES}: the first word takes the valence, the others none. */
    private static void markPhrases(List<Item> items) {
        for (int i = 0; i < items.size(); i++) {
            Word known = items.get(i).known;
            List<Phrase> candidates = known == null ? null : known.phrases();
            if (candidates == null) {
                continue;
            }
            for (Phrase phrase : candidates) { // longest first
                if (phrase.matchesAt(items, i)) {
                    if (overlappedByALongerReach(items, i, i + phrase.words.length)) {
                        break; // "still no complaints" is "still" and "no complaints", not "still no" and "complaints"
                    }
                    boolean negates = NEGATING_PHRASE_ENDS.contains(phrase.words[phrase.words.length - 1]);
                    for (int k = 0; k < phrase.words.length; k++) {
                        items.get(i + k).valence = 0;
                        items.get(i + k).phrase = true;
                        items.get(i + k).negatesNext = negates;
                    }
                    items.get(i).valence = phrase.valence;
                    items.get(i).phraseWords = phrase.words.length;
                    i += phrase.words.length - 1;
                    break;
                }
            }
        }
    }

    /** Whether a phrase starting inside {@code [from, to)}, after its first word, reaches past {@code to}. */
    private static boolean overlappedByALongerReach(List<Item> items, int from, int to) {
        for (int j = from + 1; j < to; j++) {
            Word known = items.get(j).known;
            List<Phrase> candidates = known == null ? null : known.phrases();
            if (candidates != null) {
                for (Phrase phrase : candidates) {
                    if (j + phrase.words.length > to && phrase.matchesAt(items, j)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The last words of the phrases that negate what follows them: "still no", "no longer". */
    private static final java.util.Set<String> NEGATING_PHRASE_ENDS = java.util.Set.of("no", "longer");

    /** A phrase of {@link #PHRASES} as its words, compared item by item without building strings. */
    private record Phrase(String[] words, double valence) {
        boolean matchesAt(List<Item> items, int at) {
            if (at + words.length > items.size()) {
                return false;
            }
            for (int k = 1; k < words.length; k++) {
                if (!words[k].equals(items.get(at + k).word)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Map<String, List<Phrase>> phraseStarts() {
        Map<String, List<Phrase>> starts = new HashMap<>();
        PHRASES.forEach((text, valence) -> {
            String[] words = text.split(" ");
            starts.computeIfAbsent(words[0], k -> new ArrayList<>()).add(new Phrase(words, valence));
        });
        starts.values().forEach(list -> list.sort(java.util.Comparator.comparingInt((Phrase p) -> p.words.length).reversed()));
        return Map.copyOf(starts);
    }

    /** True when some letter repeats three times running ("sooo"). */
    private static boolean hasRun(String word) {
        for (int i = 2; i < word.length(); i++) {
            if (word.charAt(i) == word.charAt(i - 1) && word.charAt(i) == word.charAt(i - 2)) {
                return true;
            }
        }
        return false;
    }

    /** The word with runs of a letter longer than {@code max} cut to {@code max} ("goooood" → "good"). */
    private static String squeeze(String word, int max) {
        StringBuilder out = new StringBuilder(word.length());
        int run = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            run = i > 0 && word.charAt(i - 1) == c ? run + 1 : 1;
            if (run <= max) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, Double> loadLexicon() {
        Map<String, Double> lexicon = new HashMap<>(16_384);
        try (InputStream in = SentimentScorer.class.getResourceAsStream("vader-lexicon.tsv")) {
            if (in == null) {
                throw new IllegalStateException("vader-lexicon.tsv is missing from the classifier's jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("# ") || line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                lexicon.putIfAbsent(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Collections.unmodifiableMap(lexicon);
    }

    private static Map<String, Double> boosters() {
        Map<String, Double> b = new HashMap<>();
        for (String w : List.of("absolutely", "amazingly", "awfully", "completely", "considerably", "deeply", "enormously",
                "entirely", "especially", "exceptionally", "extremely", "fabulously", "freaking", "fricking", "fucking",
                "fully", "greatly", "hella", "highly", "hugely", "incredibly", "intensely", "majorly", "more", "most",
                "particularly", "pretty", "purely", "quite", "really", "remarkably", "so", "soo", "sooo", "substantially",
                "super", "thoroughly", "totally", "tremendously", "truly", "uber", "unbelievably", "unusually", "utterly",
                "very", "way")) {
            b.put(w, BOOST);
        }
        for (String w : List.of("almost", "barely", "hardly", "kinda", "kindof", "less", "little", "marginally",
                "occasionally", "partly", "scarcely", "slightly", "somewhat", "sorta", "sortof")) {
            b.put(w, -BOOST);
        }
        return Map.copyOf(b);
    }

    private static Map<String, Double> phrases() {
        Map<String, Double> p = new HashMap<>();
        for (String s : List.of("cant wait", "cannot wait", "can not wait", "shout out", "hats off", "game changer",
                "well done", "highly recommend", "must have", "for the win", "the bomb", "big fan", "so worth it",
                "worth it", "cant beat", "no complaints", "love love")) {
            p.put(s, 2.2);
        }
        for (String s : List.of("never again", "still waiting", "still no", "on hold", "no response", "no reply",
                "no answer", "not working", "doesnt work", "does not work", "wont work", "stopped working",
                "keeps crashing", "rip off", "waste of money", "waste of time", "fed up", "sick of", "done with",
                "let down", "not impressed", "no longer", "hung up", "charged twice", "want my money", "cancel my",
                "cancelled my", "canceled my", "worst ever")) {
            p.put(s, -2.0);
        }
        p.put("kind of", 0.0);
        p.put("sort of", 0.0);
        return Map.copyOf(p);
    }

    /** Emoji valences, Earshot's own (VADER's lexicon names emoticons but no emoji). */
    private static Map<Integer, Double> emoji() {
        Map<Integer, Double> e = new HashMap<>();
        String positive = "😀😃😄😁😆😊😍🥰😘😻👍👏🙌💯🔥❤💕💖💗💙💚💛💜🧡🤩🥳🎉✨🙏😎🤗☺";
        String negative = "😡😠🤬😤😞😒😩😫😢😭😣😖👎💩🙄😑😾🤮🤢😱😰💔😔😕☹";
        positive.codePoints().forEach(cp -> e.put(cp, 2.0));
        negative.codePoints().forEach(cp -> e.put(cp, -2.0));
        e.put("😂".codePointAt(0), 1.0);
        e.put("🤣".codePointAt(0), 1.0);
        return Map.copyOf(e);
    }
}
