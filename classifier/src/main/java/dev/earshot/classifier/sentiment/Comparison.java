package dev.earshot.classifier.sentiment;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The part a brand plays in a clause that names it beside another tracked brand, when the clause
 * compares them: "Lumora is way better than Vantor", "Lumora > Vantor", "prefer Lumora over Vantor",
 * "switched from Vantor to Lumora". Such a clause says one thing of each: what it says of the
 * brand it is about (the subject) it says the other way round of the brand it is measured against,
 * and a brand left for another is run down where the one chosen is not.
 *
 * <p>Read from the clause's words alone, as lower-case tokens without the punctuation around them
 * (a {@code >} between two names stays a token). A clause that names one tracked brand only, or
 * compares nothing, gives {@link Role#SUBJECT}, which changes nothing.
 */
final class Comparison {
    /** What a clause says of one brand. */
    enum Role {
        /** Whatever the clause says, it says of the brand: no comparison, or the brand it is about. */
        SUBJECT,
        /** The brand that comes first in a ranking ("Lumora beats Vantor", "Lumora > Vantor"). */
        WINNER,
        /** What the clause measures the subject against ("than Vantor", "compared to Vantor", "unlike Vantor", "not as good as Vantor"). */
        OBJECT,
        /** What a ranking puts below the subject ("beats Vantor", "> Vantor", "prefer Lumora over Vantor"). */
        LOSER,
        /** The brand someone left ("switched from Vantor to Lumora", "ditched Vantor for Lumora"). */
        LEFT,
        /** The brand someone moved to. */
        CHOSEN;

        /**
         * Whether the clause measures this brand against another: the subject's words count for it
         * turned, its own (after its name) as they are, and words before any name not at all.
         */
        boolean measured() {
            return this == OBJECT || this == LOSER;
        }

        /** Whether the clause's feedback is another brand's: this one is measured against it, or was moved to. */
        boolean feedbackIsAnothers() {
            return measured() || this == CHOSEN;
        }
    }

    /** Whose a clause's word is: said before any name, or after a name of this brand or of another. */
    enum Owner { NONE, THIS, ANOTHER }

    private static final Set<String> SWITCHING = Set.of("switch", "switched", "switching", "switches", "move", "moved",
            "moving", "went", "going", "jumped", "jumping", "migrated", "migrating", "ported", "porting", "changed", "changing");
    private static final Set<String> LEAVING = Set.of("ditch", "ditched", "ditching", "dump", "dumped", "dumping", "drop",
            "dropped", "dropping", "leave", "left", "leaving", "quit", "quitting", "cancel", "cancelled", "canceled",
            "cancelling", "canceling");
    private static final Set<String> PREFERRING = Set.of("prefer", "prefers", "preferred", "preferring", "choose",
            "chose", "chosen", "choosing", "pick", "picked", "picking", "picks");
    private static final Set<String> RANKING = Set.of(">", "beats", "beat", "beating", "outdoes", "trumps", "destroys");
    private static final Set<String> MEASURING = Set.of("than", "unlike");
    private static final Set<String> COMPARING = Set.of("compared", "comparing", "compare");
    /** How far before a brand's name a marker may stand: "than my old Vantor", "than the Vantor". */
    private static final int REACH = 3;

    private Comparison() {
    }

    /**
     * A brand's role in a clause, whose each of the clause's words is ({@link Owner}: what comes after
     * a name, until the next, is said of that name's brand), and whether the clause measures another
     * brand named in it (its words are then its own, not the subject's); {@code compares} whether any
     * brand of it plays a part other than {@link Role#SUBJECT}.
     */
    record Place(Role role, Owner[] owners, boolean anotherMeasured, boolean compares) {
    }

    /**
     * The role of the brand named by {@code brandForms} in one clause's words.
     *
     * @param words      the clause's tokens as {@link #word} makes them, a hyphenated word's parts apart
     * @param otherForms the other tracked brands' forms; the clause must name one of them to compare
     */
    static Role roleOf(List<String> words, Collection<String> brandForms, Collection<String> otherForms) {
        return placeOf(words, brandForms, otherForms).role();
    }

    /** {@link #roleOf}, with whose each word is. */
    static Place placeOf(List<String> words, Collection<String> brandForms, Collection<String> otherForms) {
        Owner[] owners = new Owner[words.size()];
        Owner owner = Owner.NONE;
        boolean subject = false;
        boolean object = false;
        boolean loser = false;
        boolean left = false;
        boolean chosen = false;
        boolean between = false; // in the middle of a ranking of three
        boolean otherLoses = false;
        boolean otherMeasured = false;
        boolean otherCompared = false;
        boolean other = false;
        for (int i = 0; i < words.size(); i++) {
            int own = nameLength(words, i, brandForms);
            int another = own > 0 ? 0 : nameLength(words, i, otherForms);
            if (own == 0 && another == 0) {
                owners[i] = owner;
                continue;
            }
            int length = Math.max(own, another);
            Role role = roleAt(words, i, length, own > 0 ? otherForms : brandForms, brandForms, otherForms);
            owner = own > 0 ? Owner.THIS : Owner.ANOTHER;
            for (int k = i; k < i + length; k++) {
                owners[k] = owner;
            }
            if (own > 0) {
                switch (role == null ? Role.SUBJECT : role) {
                    case OBJECT -> object = true;
                    case LOSER -> loser = true;
                    case LEFT -> left = true;
                    case CHOSEN -> chosen = true;
                    default -> subject = true;
                }
                between |= role == null;
            } else {
                other = true;
                otherLoses |= role == Role.LOSER || role == null; // above the middle of a ranking of three is a win too
                otherMeasured |= role == null || role.measured();
                otherCompared |= role != Role.SUBJECT;
            }
            i += length - 1;
        }
        Role role;
        if (!other || between) {
            role = Role.SUBJECT;
        } else if (left) {
            role = Role.LEFT;
        } else if (!subject) {
            role = chosen ? Role.CHOSEN : loser ? Role.LOSER : object ? Role.OBJECT : Role.SUBJECT;
        } else {
            role = otherLoses ? Role.WINNER : Role.SUBJECT;
        }
        return new Place(role, owners, otherMeasured, role != Role.SUBJECT || between || otherCompared);
    }

    /**
     * The role of the name at {@code at}, {@code length} words long, against names of {@code rivals};
     * null when it stands between two in a ranking ("Lumora > Vantor > Acme"), below one and above the
     * other. A marker reaches no further back than the name before it: in "compared to Vantor, Lumora
     * is …" it is Vantor's.
     */
    private static Role roleAt(List<String> words, int at, int length, Collection<String> rivals,
                               Collection<String> brandForms, Collection<String> otherForms) {
        for (int back = 1; back <= REACH && at - back >= 0; back++) {
            int marker = at - back;
            String before = words.get(marker);
            if (nameLength(words, marker, brandForms) > 0 || nameLength(words, marker, otherForms) > 0) {
                break;
            }
            if (MEASURING.contains(before)) {
                return Role.OBJECT;
            }
            if ((before.equals("to") || before.equals("with")) && marker > 0 && COMPARING.contains(words.get(marker - 1))) {
                return Role.OBJECT;
            }
            if (before.equals("as") && back == 1 && negatedComparison(words, marker)) {
                return Role.OBJECT; // "not as good as Vantor"; "just as good as" is no measure, nor "as well as"
            }
            if (RANKING.contains(before) && nameWithin(words, marker, 2, rivals) && !deniedBefore(words, marker)) {
                // "Lumora > Vantor", "Lumora easily beats Vantor"; not a quote's "> Vantor …", nor "doesn't beat".
                return ranksNext(words, at + length) ? null : Role.LOSER;
            }
            if (before.equals("over") && preferred(words, marker)) {
                return Role.LOSER;
            }
            if (before.equals("from") && hasBefore(words, marker, 4, SWITCHING)) {
                return Role.LEFT;
            }
            if (LEAVING.contains(before) && nameAfter(words, at + length, "for", rivals)) {
                return Role.LEFT;
            }
            if (before.equals("to") && switchedFrom(words, marker, rivals)) {
                return Role.CHOSEN;
            }
            if (before.equals("for") && leftFor(words, marker, rivals)) {
                return Role.CHOSEN;
            }
        }
        return Role.SUBJECT;
    }

    /** Whether the "as" at {@code second} closes "as … as" with a denial before the first ("not as good as"). */
    private static boolean negatedComparison(List<String> words, int second) {
        for (int first = second - 1; first >= Math.max(0, second - 4); first--) {
            if (words.get(first).equals("as")) {
                return deniedBefore(words, first);
            }
        }
        return false;
    }

    /** Whether the "over" at {@code over} follows an undenied preference: "prefer Lumora over", not "don't prefer". */
    private static boolean preferred(List<String> words, int over) {
        for (int i = over - 1; i >= Math.max(0, over - 5); i--) {
            if (PREFERRING.contains(words.get(i))) {
                return !deniedBefore(words, i);
            }
        }
        return false;
    }

    /** Whether the "to" at {@code to} ends "switched from {rival} to". */
    private static boolean switchedFrom(List<String> words, int to, Collection<String> rivals) {
        for (int from = to - 1; from >= Math.max(0, to - 6); from--) {
            if (words.get(from).equals("from")) {
                return hasBefore(words, from, 4, SWITCHING) && nameBetween(words, from + 1, to, rivals);
            }
        }
        return false;
    }

    /** Whether the "for" at {@code at} ends "ditched {rival} for". */
    private static boolean leftFor(List<String> words, int at, Collection<String> rivals) {
        for (int leaving = at - 1; leaving >= Math.max(0, at - 5); leaving--) {
            if (LEAVING.contains(words.get(leaving))) {
                return nameBetween(words, leaving + 1, at, rivals);
            }
        }
        return false;
    }

    private static boolean nameBetween(List<String> words, int from, int to, Collection<String> forms) {
        for (int i = from; i < to; i++) {
            if (nameLength(words, i, forms) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of {@code forms} names a brand among the {@code reach} words before {@code at}. */
    private static boolean nameWithin(List<String> words, int at, int reach, Collection<String> forms) {
        return nameBetween(words, Math.max(0, at - reach), at, forms);
    }

    /** Whether one of the two words before {@code at} denies ("not as good as", "doesn't beat"). */
    private static boolean deniedBefore(List<String> words, int at) {
        for (int i = Math.max(0, at - 2); i < at; i++) {
            String word = words.get(i);
            if (SentimentScorer.NEGATORS.contains(word.replace("'", "")) || word.endsWith("n't")) {
                return true;
            }
        }
        return false;
    }

    private static boolean ranksNext(List<String> words, int after) {
        return after < words.size() && RANKING.contains(words.get(after));
    }

    /** Whether one of {@code markers} stands among the {@code reach} words before {@code at}. */
    private static boolean hasBefore(List<String> words, int at, int reach, Set<String> markers) {
        for (int i = Math.max(0, at - reach); i < at; i++) {
            if (markers.contains(words.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code marker} comes within a few words after {@code from}, with a rival's name after it. */
    private static boolean nameAfter(List<String> words, int from, String marker, Collection<String> rivals) {
        for (int i = from; i < Math.min(words.size(), from + REACH); i++) {
            if (words.get(i).equals(marker)) {
                return nameBetween(words, i + 1, Math.min(words.size(), i + 1 + REACH), rivals);
            }
        }
        return false;
    }

    /**
     * How many words from {@code at} one of the forms spans (a handle, a hashtag, a name of several
     * words), or 0. A form is read as the clause's words are: "T-Mobile" as "t" and "mobile",
     * "McDonald's" as "mcdonald".
     */
    private static int nameLength(List<String> words, int at, Collection<String> forms) {
        String word = words.get(at);
        String bare = word.startsWith("#") ? word.substring(1) : word;
        int longest = 0;
        for (String form : forms) {
            if (form.indexOf(' ') < 0 && form.indexOf('-') < 0 && form.indexOf('\'') < 0) {
                if (form.equals(word) || form.equals(bare)) {
                    longest = Math.max(longest, 1);
                }
                continue;
            }
            String[] parts = java.util.Arrays.stream(form.split("[ -]")).map(Comparison::word).filter(p -> !p.isEmpty())
                    .toArray(String[]::new);
            if (parts.length == 0) {
                continue;
            }
            if (at + parts.length > words.size()) {
                continue;
            }
            boolean all = true;
            for (int p = 0; p < parts.length && all; p++) {
                all = parts[p].equals(words.get(at + p));
            }
            if (all) {
                longest = Math.max(longest, parts.length);
            }
        }
        return longest;
    }

    /**
     * A token as {@link #placeOf} reads it: lower case and folded, without the punctuation around it (a
     * leading {@code @} or {@code #} stays) or a possessive's {@code 's}; a token of {@code >} alone
     * stays {@code >}, and one of other symbols alone is empty.
     */
    public static String word(String token) {
        int start = SentimentScorer.wordStart(token, 0, token.length());
        int end = SentimentScorer.wordEnd(token, start, token.length());
        if (start >= end) {
            return !token.isEmpty() && token.chars().allMatch(c -> c == '>') ? ">" : ""; // ">:(" is a face, "->" an arrow
        }
        String word = SentimentScorer.fold(token.substring(start, end).toLowerCase(java.util.Locale.ROOT));
        if (word.endsWith("'s")) { // folded: a curly apostrophe is straight by now
            word = word.substring(0, word.length() - 2);
        }
        return word;
    }
}
