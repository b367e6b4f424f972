package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CopySignatureTest {
    private static final String POST = "Just switched to the Lumora X2 and the battery lasts two full days, best phone I have owned. "
            + "Get yours before the weekend https://lumora.example/x2?utm_source=tw&utm_campaign=launch";

    @Test
    void linksHandlesRetweetMarksCaseAndPunctuationDoNotMakeADifferentText() {
        String copy = "RT @fan_42: just switched to the LUMORA X2 and the battery lasts two full days... best phone I have owned!! "
                + "get yours before the weekend 🔥 https://t.co/AbCdEf via @lumora";
        assertEquals(CopySignature.normalise(POST, false), CopySignature.normalise(copy, false));
        assertArrayEquals(CopySignature.of(POST), CopySignature.of(copy));
        assertEquals(1.0, CopySignature.similarity(CopySignature.of(POST), CopySignature.of(copy)));
    }

    @Test
    void aWordOrTwoChangedStillReadsAsACopy() {
        String edited = "Just switched to the Lumora X2 and the battery lasts three full days, best phone I have ever owned. "
                + "Get yours before the weekend";
        double s = CopySignature.similarity(CopySignature.of(POST), CopySignature.of(edited));
        assertTrue(s >= 0.6 && s < 1.0, "similarity " + s);
    }

    @Test
    void postsOnTheSameSubjectInTheirOwnWordsAreNotCopies() {
        String[] others = {
            "Lumora X2 battery is great, two days easily",
            "my lumora x2 died after 5 hours today, what is going on with the battery??",
            "Anyone else getting the Lumora X2 this weekend? thinking about the battery",
            "Just switched to the Lumora X2",
        };
        for (String other : others) {
            double s = CopySignature.similarity(CopySignature.of(POST), CopySignature.of(other));
            assertTrue(s < 0.35, other + ": " + s);
        }
    }

    @Test
    void bareLinksToDifferentPagesAreNotCopiesButEmojiOnlyPostsAreTakenAsTheyAre() {
        short[] one = CopySignature.of("https://news.example/a-story-about-phones");
        short[] other = CopySignature.of("https://news.example/another-story-entirely");
        assertTrue(CopySignature.similarity(one, other) < 0.6);
        assertEquals(1.0, CopySignature.similarity(CopySignature.of("🔥🔥 @lumora"), CopySignature.of("🔥🔥  @LUMORA")));
        assertTrue(CopySignature.similarity(CopySignature.of("🔥🔥 @lumora"), CopySignature.of("😡 @lumora")) < 0.6);
    }

    @Test
    void normalisingKeepsLettersAndDigitsOfAnyScriptInLowerCase() {
        assertEquals("café 東京 2 go", CopySignature.normalise("RT: Café—東京, 2 go! #", false));
        assertEquals("", CopySignature.normalise("@a https://x.example via @b", false));
        assertEquals("https x example", CopySignature.normalise("@a https://x.example via @b", true));
        assertEquals("rtx viaduct", CopySignature.normalise("RTx viaduct rt", false));
        // Links and handles behind punctuation, and "RT" stuck to a handle, go too.
        assertEquals("great read", CopySignature.normalise("RT@fan: .@lumora great read (https://t.co/Ab1?x=2)", false));
        assertEquals("mail me at lumora com", CopySignature.normalise("mail me at@lumora_help lumora.com", false));
        assertEquals("see https x example", CopySignature.normalise("see(https://x.example)", true));
    }
}
