package dev.earshot.streams;

import dev.earshot.classifier.LinkPrefix;

/**
 * What a text is made of, as far as telling spam goes: its links, its hashtags, and its words (the
 * hashtags among them; links and handles are not words). Tokens are split at whitespace, as posts
 * separate them; a link is a token starting {@code http://}, {@code https://} or {@code www.} after any
 * opening punctuation, a hashtag one starting {@code #} and a letter or digit.
 */
record SuspectContent(int links, int hashtags, int words) {
    static SuspectContent of(String text) {
        int links = 0;
        int hashtags = 0;
        int words = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            int from = start;
            while (from < i && "([{\"'<".indexOf(text.charAt(from)) >= 0) {
                from++;
            }
            if (isLink(text, from, i)) {
                links++;
            } else if (from < i && text.charAt(from) == '@') {
                continue; // a handle
            } else {
                words++;
                if (from + 1 < i && text.charAt(from) == '#' && Character.isLetterOrDigit(text.codePointAt(from + 1))) {
                    hashtags++;
                }
            }
        }
        return new SuspectContent(links, hashtags, words);
    }

    /** The same, with at least {@code listed} links: those a source gives apart from the text. */
    SuspectContent withLinks(int listed) {
        return listed > links ? new SuspectContent(listed, hashtags, words) : this;
    }

    private static boolean isLink(String text, int from, int end) {
        int prefix = from < end ? LinkPrefix.at(text, from) : 0;
        return prefix > 0 && end - from > prefix;
    }
}
