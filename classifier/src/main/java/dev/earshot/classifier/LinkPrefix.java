package dev.earshot.classifier;

/**
 * Where a link written in a post starts: {@code http://}, {@code https://} or {@code www.}, in any
 * case of the ASCII letters ("Https://", as phones capitalise a post's first word). Read alike by
 * what reads a post's text apart from its links: the rules' document (its prose, its compound words'
 * and bare domains' link spans), the copy signature, the sentiment reader, the language detector,
 * the theme terms, the streams app's suspect content and the alerts' Slack addresses. Each had its
 * own, and they disagreed at the edges: the language detector read "HTTPS://" and "WWW." as words,
 * the theme terms "WWW.", and the copy signature, the link spans and the suspect content folded the
 * long s of "httpſ://" to an s. Two readings stay apart on purpose: the links whose hosts and UTM
 * values the rules read are written in lower case ({@code MentionDocument.linksInText}), as they
 * always were, and the sentiment reader also takes a link cut short ("http…") for no word.
 *
 * <p>Only ASCII letters fold, as Java's {@code (?i)} does without {@code UNICODE_CASE}: no other
 * character is written for the letters of a scheme.
 */
public final class LinkPrefix {
    private LinkPrefix() {
    }

    /** The length of the {@code http://}, {@code https://} or {@code www.} at {@code at}; 0 for none. */
    public static int at(CharSequence text, int at) {
        int scheme = schemeAt(text, at);
        if (scheme > 0) {
            return scheme;
        }
        return matches(text, at, "www.") ? 4 : 0;
    }

    /** The length of the {@code http://} or {@code https://} at {@code at}; 0 for none. */
    public static int schemeAt(CharSequence text, int at) {
        if (!matches(text, at, "http")) {
            return 0;
        }
        int i = at + 4;
        if (i < text.length() && (text.charAt(i) | 0x20) == 's') {
            i++;
        }
        return i + 3 <= text.length() && text.charAt(i) == ':' && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/'
                ? i + 3 - at : 0;
    }

    /** Whether {@code lower} (ASCII lower-case letters and punctuation) stands at {@code at}, its letters in any case. */
    private static boolean matches(CharSequence text, int at, String lower) {
        if (at < 0 || at + lower.length() > text.length()) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            char want = lower.charAt(k);
            char c = text.charAt(at + k);
            if (c != want && !(want >= 'a' && want <= 'z' && c == (char) (want - 0x20))) {
                return false;
            }
        }
        return true;
    }
}
