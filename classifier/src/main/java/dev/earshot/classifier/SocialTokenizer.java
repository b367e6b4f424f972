package dev.earshot.classifier;

import java.io.IOException;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Splits social text into words while keeping what carries meaning there: {@code #hashtags} and
 * {@code @handles} stay whole with their sigil, contractions keep their apostrophe ({@code doesn't}),
 * and each emoji is a token of its own, so rules can match {@code #ad}, {@code "via @lumora"},
 * {@code "doesn't work"} or {@code 😡} exactly.
 *
 * <p>Typographic apostrophes are folded to {@code '}. Everything else (punctuation, whitespace)
 * separates tokens. The longest token is capped so that a 100 KB run of letters cannot make one
 * enormous term.
 */
final class SocialTokenizer extends Tokenizer {
    static final int MAX_TOKEN = 255;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final char[] buffer = new char[8192];
    private int length;
    private int position;
    private int consumed;

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        while (true) {
            int c = peek();
            if (c == -1) {
                return false;
            }
            int start = consumed;
            if (isWordChar(c) || ((c == '#' || c == '@') && isWordChar(peekAt(Character.charCount(c))))) {
                readWord(start);
                return true;
            }
            if (isEmoji(c)) {
                advance(c);
                appendCodePoint(c);
                // Keep a skin-tone modifier or variation selector with its emoji.
                int next = peek();
                while (next != -1 && (isModifier(next))) {
                    advance(next);
                    next = peek();
                }
                offset.setOffset(correctOffset(start), correctOffset(consumed));
                return true;
            }
            advance(c);
        }
    }

    private void readWord(int start) throws IOException {
        int c = peek();
        if (c == '#' || c == '@') {
            advance(c);
            appendCodePoint(c);
        }
        while (true) {
            int run = asciiWordRun();
            if (run > 0) {
                appendRun(run);
                continue;
            }
            c = peek();
            if (c == -1) {
                break;
            }
            if (isWordChar(c)) {
                advance(c);
                appendCodePoint(c);
                continue;
            }
            // An apostrophe or hyphen inside a word joins it: don't, e-mail. Not at the end.
            if ((c == '\'' || c == '\u2019' || c == '-') && isWordChar(peekAt(1))) {
                advance(c);
                appendCodePoint(c == '\u2019' ? '\'' : c);
                continue;
            }
            break;
        }
        offset.setOffset(correctOffset(start), correctOffset(consumed));
    }

    /** How many ASCII word characters follow in the buffer: most of a post, taken in one step. */
    private int asciiWordRun() {
        int end = position;
        while (end < length) {
            char c = buffer[end];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
                end++;
            } else {
                break;
            }
        }
        return end - position;
    }

    private void appendRun(int run) {
        int kept = Math.max(0, Math.min(run, MAX_TOKEN - 1 - term.length()));
        if (kept > 0) {
            int at = term.length();
            System.arraycopy(buffer, position, term.resizeBuffer(at + kept), at, kept);
            term.setLength(at + kept);
        }
        position += run;
        consumed += run;
    }

    private void appendCodePoint(int c) {
        if (term.length() + 2 <= MAX_TOKEN) {
            if (Character.isBmpCodePoint(c)) {
                term.append((char) c);
            } else {
                term.append(Character.highSurrogate(c)).append(Character.lowSurrogate(c));
            }
        }
    }

    private static boolean isWordChar(int c) {
        if (c < 128) { // most of any post; spares the Unicode tables
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        return (Character.isLetterOrDigit(c) || c == '_' || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK);
    }

    private static boolean isEmoji(int c) {
        int type = Character.getType(c);
        return type == Character.OTHER_SYMBOL && c > 0x2000;
    }

    private static boolean isModifier(int c) {
        return (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFE0F || c == 0x200D;
    }

    /** The code point at the read position, or -1 at the end. */
    private int peek() throws IOException {
        return peekAt(0);
    }

    private int peekAt(int ahead) throws IOException {
        if (position + ahead + 1 >= length) {
            fill();
        }
        int at = position + ahead;
        if (at >= length) {
            return -1;
        }
        char c = buffer[at];
        if (Character.isHighSurrogate(c) && at + 1 < length && Character.isLowSurrogate(buffer[at + 1])) {
            return Character.toCodePoint(c, buffer[at + 1]);
        }
        return c;
    }

    private void advance(int c) {
        int n = Character.charCount(c);
        position += n;
        consumed += n;
    }

    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, length - position);
            length -= position;
            position = 0;
        }
        while (length < buffer.length) {
            int read = input.read(buffer, length, buffer.length - length);
            if (read <= 0) {
                break;
            }
            length += read;
        }
    }

    @Override
    public void end() throws IOException {
        super.end();
        int end = correctOffset(consumed);
        offset.setOffset(end, end);
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        length = 0;
        position = 0;
        consumed = 0;
    }
}
