package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SuspectContentTest {
    private final SuspectSettings defaults = SuspectSettings.DEFAULT;

    @Test
    void linksHashtagsAndWordsAreCountedAsPostsSeparateThem() {
        assertEquals(new SuspectContent(2, 2, 5), SuspectContent.of(
                "Win big (https://a.example/x www.b.example #giveaway #Lumora now! @friend"));
        assertEquals(new SuspectContent(0, 0, 5), SuspectContent.of("# is not a hashtag"),
                "a lone # is a word, not a hashtag");
        assertEquals(new SuspectContent(0, 0, 0), SuspectContent.of("   "));
        assertEquals(new SuspectContent(0, 0, 2), SuspectContent.of("http:// www."), "a scheme alone is no link");
    }

    @Test
    void manyLinksOrAPostOfMostlyHashtagsIsSuspectAndOrdinaryPostsAreNot() {
        SuspectContent threeLinks = SuspectContent.of("deals https://a.example https://b.example https://c.example");
        assertTrue(defaults.tooManyLinks(threeLinks));
        assertFalse(defaults.tooManyLinks(SuspectContent.of("my Lumora review https://blog.example/x and https://y.example")));
        assertTrue(defaults.tooManyHashtags(SuspectContent.of("#win #free #lumora #giveaway #phone now")));
        assertFalse(defaults.tooManyHashtags(SuspectContent.of(
                "I finally got the new phone and honestly the camera is great #lumora #x2 #camera #photo #love")),
                "five hashtags among many words");
        assertFalse(defaults.tooManyHashtags(SuspectContent.of("#lumora #x2 #fail")), "too few to be spam");
        assertTrue(defaults.tooManyLinks(SuspectContent.of("deals a.example/… b.example/…").withLinks(3)),
                "links a source lists count where their text is shortened");
        assertEquals(2, SuspectContent.of("https://a.example https://b.example").withLinks(1).links(), "and are not counted twice");
        SuspectSettings off = new SuspectSettings(30, 0, 0, 0.5, 60, true);
        assertFalse(off.tooManyLinks(threeLinks), "0 turns a rule off");
        assertFalse(off.tooManyHashtags(SuspectContent.of("#a #b #c #d #e #f")));
    }

    @Test
    void anAuthorsPostsAreCountedNeverAboveWhatTheyPostedAndABotIsCaughtPastTheLimit() {
        AuthorRates rates = AuthorRates.empty();
        long bot = AuthorRates.key("@bot");
        java.util.Random random = new java.util.Random(1);
        int botPosts = 0;
        int lastBefore = -1;
        java.util.Map<String, Integer> posted = new java.util.HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            if (i % 50 == 0) {
                lastBefore = rates.post(bot);
                assertTrue(lastBefore <= botPosts, "never more than it posted");
                botPosts++;
            } else {
                // 20,000 people posting once or twice, far more than the 1,000 authors followed.
                String person = "@p" + random.nextInt(15_000);
                int before = rates.post(AuthorRates.key(person));
                int truly = posted.merge(person, 1, Integer::sum) - 1;
                assertTrue(before <= truly, "a person is never over-counted: " + before + " of " + truly);
            }
        }
        assertEquals(400, botPosts);
        assertTrue(lastBefore >= 400 - 20_000 / AuthorRates.CAPACITY - 1,
                "the bot stays followed, its count short by at most the hour's posts over the capacity: " + lastBefore);
        assertEquals(AuthorRates.key("@Bot"), bot, "case makes no other author");
        assertEquals(0, AuthorRates.key(""));
    }
}
