package dev.earshot.classifier.sentiment;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The part a brand plays in a clause that names it beside another tracked brand, when the clause
 * compares them: "Lumora is way better than Vantor", "Vantor > Lumora", "prefer Lumora over Vantor",
 * "switched from Vantor to Lumora". Such a clause says one thing of each: what it says of the
 * brand it is about (the subject) it says the other way round of the brand it is measured against
 * (the object), and a brand left for another is run down where the one chosen is not.
 *
 * <p>Read from the clause's words alone, as lower-case tokens without the punctuation around them
 * (a {@code >} between two names stays a token). A clause that names one tracked brand only, or
 * compares nothing, gives {@link Role#SUBJECT}, which changes nothing.
 */
public final class Comparison {
    /** What a clause says of one brand. */
    public enum Role {
        /** Whatever the clause says, it says of the brand: no comparison, or the brand it is about. */
        SUBJECT,
        /** The brand that comes first in a ranking ("Lumora beats Vantor", "Lumora > Vantor"). */
        WINNER,
        /** What the clause measures the subject against ("than Vantor", "compared to Vantor", "unlike Vantor"). */
        OBJECT,
        /** What a ranking puts below the subject ("beats Vantor", "> Vantor", "prefer Lumora over Vantor"). */
        LOSER,
        /** The brand someone left ("switched from Vantor to Lumora", "ditched Vantor for Lumora"). */
        LEFT,
        /** The brand someone moved to. */
        CHOSEN;

        /** Whether the clause's feedback is about another brand rather than this one. */
        public boolean measuredAgainst() {
            return this == OBJECT || this == LOSER || this == CHOSEN;
        }
    }

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
     * The role of the brand named by {@code brandForms} in one clause's words.
     *
     * @param words      the clause's tokens, lower case, folded, without the punctuation around them
     *                   nor a possessive's {@code 's}
     * @param otherForms the other tracked brands' forms; the clause must name one of them to compare
     */
    public static Role roleOf(List<String> words, Collection<String> brandForms, Collection<String> otherForms) {
        return placeOf(words, brandForms, otherForms).role();
    }

    /**
     * A brand's role in a clause, and the words that measure it, {@code [from, at)}: from after the
     * other brand's name to the first word of this one's, as {@link Role#OBJECT} or {@link Role#LOSER}
     * ("Lumora's battery is so much better than Vantor"); both -1 for the other roles. The words
     * before the other's name ("honestly") say nothing of the comparison, and those after this one's
     * are said of it, not of the subject ("unlike Vantor, you actually refund when an order is wrong").
     */
    public record Place(Role role, int from, int at) {
        static final Place SUBJECT = new Place(Role.SUBJECT, -1, -1);
    }

    /** {@link #roleOf}, with where the brand is measured. */
    public static Place placeOf(List<String> words, Collection<String> brandForms, Collection<String> otherForms) {
        int measuredAt = -1;
        int measuredFrom = -1;
        int afterOther = -1; // the word after the last name of another brand so far
        boolean subject = false;
        boolean object = false;
        boolean loser = false;
        boolean left = false;
        boolean chosen = false;
        boolean otherLoses = false;
        boolean other = false;
        for (int i = 0; i < words.size(); i++) {
            int own = nameLength(words, i, brandForms);
            int another = own > 0 ? 0 : nameLength(words, i, otherForms);
            if (own == 0 && another == 0) {
                continue;
            }
            Role role = roleAt(words, i, Math.max(own, another), own > 0 ? otherForms : brandForms, brandForms, otherForms);
            if (own > 0) {
                if ((role == Role.OBJECT || role == Role.LOSER) && measuredAt < 0) {
                    measuredAt = i;
                    measuredFrom = afterOther < 0 ? i : afterOther;
                }
                switch (role) {
                    case OBJECT -> object = true;
                    case LOSER -> loser = true;
                    case LEFT -> left = true;
                    case CHOSEN -> chosen = true;
                    default -> subject = true;
                }
                i += own - 1;
            } else {
                other = true;
                otherLoses |= role == Role.LOSER;
                i += another - 1;
                afterOther = i + 1;
            }
        }
        if (!other) {
            return Place.SUBJECT;
        }
        if (left) {
            return new Place(Role.LEFT, -1, -1);
        }
        if (!subject) {
            return chosen ? new Place(Role.CHOSEN, -1, -1) : loser ? new Place(Role.LOSER, measuredFrom, measuredAt)
                    : object ? new Place(Role.OBJECT, measuredFrom, measuredAt) : Place.SUBJECT;
        }
        return otherLoses ? new Place(Role.WINNER, -1, -1) : Place.SUBJECT;
    }

    /**
     * The role of the name at {@code at}, {@code length} words long, against names of {@code rivals}.
     * A marker reaches no further back than the name before it: in "compared to Vantor, Lumora is …"
     * it is Vantor's.
     */
    private static Role roleAt(List<String> words, int at, int length, Collection<String> rivals,
                               Collection<String> brandForms, Collection<String> otherForms) {
        for (int back = 1; back <= REACH && at - back >= 0; back++) {
            String before = words.get(at - back);
            if (nameLength(words, at - back, brandForms) > 0 || nameLength(words, at - back, otherForms) > 0) {
                break;
            }
            if (MEASURING.contains(before)) {
                return Role.OBJECT;
            }
            if ((before.equals("to") || before.equals("with")) && at - back > 0 && COMPARING.contains(words.get(at - back - 1))) {
                return Role.OBJECT;
            }
            if (before.equals("as") && back == 1 && hasBefore(words, at - back, 4, Set.of("as"))) {
                return Role.OBJECT; // "not as good as Vantor"
            }
            if (RANKING.contains(before)) {
                // In "Lumora > Vantor > Acme" the one in the middle is below one and above the other.
                return ranksNext(words, at + length) ? Role.SUBJECT : Role.LOSER;
            }
            if (before.equals("over") && hasBefore(words, at - back, 5, PREFERRING)) {
                return Role.LOSER;
            }
            if (before.equals("from") && hasBefore(words, at - back, 4, SWITCHING)) {
                return Role.LEFT;
            }
            if (LEAVING.contains(before) && nameAfter(words, at + length, "for", rivals)) {
                return Role.LEFT;
            }
            if (before.equals("to") && hasBefore(words, at - back, 6, Set.of("from")) && hasBefore(words, at - back, 9, SWITCHING)) {
                return Role.CHOSEN;
            }
            if (before.equals("for") && hasBefore(words, at - back, 5, LEAVING)) {
                return Role.CHOSEN;
            }
        }
        return Role.SUBJECT;
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
                for (int j = i + 1; j < Math.min(words.size(), i + 1 + REACH); j++) {
                    if (nameLength(words, j, rivals) > 0) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    /** How many words from {@code at} one of the forms spans (a handle, a hashtag, a name of several words), or 0. */
    static int nameLength(List<String> words, int at, Collection<String> forms) {
        String word = words.get(at);
        String bare = word.startsWith("#") ? word.substring(1) : word;
        int longest = 0;
        for (String form : forms) {
            if (form.indexOf(' ') < 0) {
                if (form.equals(word) || form.equals(bare)) {
                    longest = Math.max(longest, 1);
                }
                continue;
            }
            String[] parts = form.split(" ");
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
     * A token as {@link #roleOf} reads it: lower case and folded, without the punctuation around it (a
     * leading {@code @} or {@code #} stays) or a possessive's {@code 's}; a token of {@code >} alone
     * stays {@code >}, and one of other symbols alone is empty.
     */
    public static String word(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !Character.isLetterOrDigit(token.charAt(start)) && token.charAt(start) != '@'
                && token.charAt(start) != '#') {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(token.charAt(end - 1))) {
            end--;
        }
        if (start >= end) {
            return token.chars().allMatch(c -> c == '>') ? ">" : ""; // ">:(" is a face, "->" an arrow
        }
        String word = SentimentScorer.fold(token.substring(start, end).toLowerCase(java.util.Locale.ROOT));
        if (word.endsWith("'s") || word.endsWith("\u2019s")) {
            word = word.substring(0, word.length() - 2);
        }
        return word;
    }
}
