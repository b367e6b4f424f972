package dev.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The codec on arbitrary bytes: it either returns a mention that encodes and decodes back to itself,
 * or throws {@link InvalidMentionException}. Anything else escaping is a bug.
 */
class MentionCodecFuzzTest {
    private static final MentionCodec CODEC = MentionCodec.strict();

    @FuzzTest(maxDuration = "30s")
    void decodesOrRefusesClearly(byte[] input) {
        Mention mention;
        try {
            mention = CODEC.decode(input);
        } catch (InvalidMentionException e) {
            return;
        }
        try {
            assertEquals(mention, CODEC.decode(CODEC.encode(mention)), "a decoded mention survives a round trip");
        } catch (InvalidMentionException e) {
            throw new AssertionError("a mention the codec accepted does not read back: " + e.getMessage(), e);
        }
    }
}
