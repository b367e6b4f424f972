package dev.earshot.streams;

import dev.earshot.model.Mention;

/** A raw record after parsing: a mention, or the original bytes (the reason travels in the record's headers). */
record ParsedMention(Mention mention, byte[] original) {
    static ParsedMention ok(Mention mention) {
        return new ParsedMention(mention, null);
    }

    static ParsedMention failed(byte[] original) {
        return new ParsedMention(null, original);
    }

    boolean isValid() {
        return mention != null;
    }
}
