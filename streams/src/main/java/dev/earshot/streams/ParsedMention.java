package dev.earshot.streams;

import dev.earshot.model.Mention;

/** A raw record after parsing: a mention, or the original bytes with the reason they are not one. */
record ParsedMention(Mention mention, byte[] original, String error) {
    static ParsedMention ok(Mention mention) {
        return new ParsedMention(mention, null, null);
    }

    static ParsedMention failed(byte[] original, String error) {
        return new ParsedMention(null, original, error);
    }

    boolean isValid() {
        return mention != null;
    }
}
