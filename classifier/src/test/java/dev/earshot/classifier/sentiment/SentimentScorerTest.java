package dev.earshot.classifier.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Sentiment.Label;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentScorerTest {
    private final SentimentScorer scorer = SentimentScorer.defaults();

    private double score(String text) {
        return scorer.score(text).score();
    }

    @Test
    void wordsCarryTheLexiconsValence() {
        assertEquals(Label.POSITIVE, scorer.score("I love this phone, it is great").label());
        assertEquals(Label.NEGATIVE, scorer.score("terrible battery, awful screen, I hate it").label());
        assertEquals(Label.NEUTRAL, scorer.score("the store opens at nine on Tuesday").label());
        assertEquals(0.0, score("the store opens at nine"), 1e-9);
    }

    @Test
    void negationFlipsAndWeakens() {
        assertTrue(score("this is good") > 0);
        assertTrue(score("this is not good") < 0);
        assertTrue(score("this isn't good") < 0);
        assertTrue(score("this is not bad") > 0);
        assertTrue(Math.abs(score("this is not good")) < Math.abs(score("this is good")));
    }

    /** How far a negation reaches: not to an emoji, not past a comma; "no" and "still no" negate what they precede. */
    @Test
    void aNegationStopsAtAPauseAndTurnsNoEmoji() {
        assertEquals(Label.NEGATIVE, scorer.score("Not happy 😡😡").label());
        assertEquals(Label.NEGATIVE, scorer.score("Not happy 😡").label());
        assertEquals(Label.POSITIVE, scorer.score("No problems, love it").label());
        assertEquals(Label.POSITIVE, scorer.score("Still no complaints after two years").label());
        assertEquals(Label.POSITIVE, scorer.score("No longer broken after the update!").label());
        assertTrue(score("still no reply from support") < 0, "a phrase with nothing to negate counts itself");
        assertTrue(score("no longer works") < score("works"), "\"no longer\" before a neutral word");
        assertTrue(score("no") < 0, "\"no\" alone keeps its own valence");
        assertTrue(score("not good") < 0 && score("not, good") > 0, "a comma ends the negation's reach");
    }

    @Test
    void intensifiersCapitalsRepeatsAndExclamationsStrengthen() {
        assertTrue(score("this is really good") > score("this is good"));
        assertTrue(score("this is kinda good") < score("this is good"));
        assertTrue(score("this is GOOD") > score("this is good"));
        assertTrue(score("this is goooood") > score("this is good"));
        assertTrue(score("this is good!!!") > score("this is good"));
    }

    /**
     * A link, written in any case or cut short as a retweet cuts one ("http…"), is no word: it
     * neither carries valence nor counts as the lower-case writing that takes a shouted word's boost away.
     */
    @Test
    void aLinkInAnyCaseOrCutShortIsNoWord() {
        double shouted = score("WORST SERVICE EVER");
        assertTrue(shouted < 0);
        // A shouted word is stronger only beside lower-case writing, which a word is and a link is not.
        assertTrue(score("WORST SERVICE EVER today") < shouted, "a lower-case word lets the capitals strengthen");
        for (String link : java.util.List.of("https://t.co/abc", "Https://t.co/abc", "HTTP://T.CO/ABC", "www.example.com",
                "http\u2026", "https://t.co/ab\u2026")) {
            assertEquals(shouted, score("WORST SERVICE EVER " + link), 1e-9, link);
        }
    }

    @Test
    void theClauseAfterButCountsMore() {
        assertTrue(score("the screen is good but the battery is terrible") < 0);
        assertTrue(score("the battery is terrible but the screen is good") > 0);
    }

    @Test
    void emojiEmoticonsAndIdioms() {
        assertEquals(Label.POSITIVE, scorer.score("new Lumora arrived 😍🔥").label());
        assertEquals(Label.NEGATIVE, scorer.score("Lumora support again 😡👎").label());
        assertTrue(score("got it :)") > 0);
        assertTrue(score("can't wait for the launch") > 0, "'can't wait' is eagerness, not negated waiting");
        assertTrue(score("still waiting for my refund") < 0);
        assertTrue(score("what a rip off") < 0);
    }

    @Test
    void theClassifiersFeedbackKindCounts() {
        String text = "my bill doubled with no explanation";
        double alone = scorer.score(text, List.of(), List.of(), null).score();
        double asComplaint = scorer.score(text, List.of(), List.of(), FeedbackKind.COMPLAINT).score();
        assertTrue(asComplaint < alone);
        assertEquals(Label.NEGATIVE, scorer.score(text, List.of(), List.of(), FeedbackKind.COMPLAINT).label());
        assertTrue(scorer.score("thank you", List.of(), List.of(), FeedbackKind.PRAISE).score()
                > scorer.score("thank you").score());
    }

    @Test
    void eachBrandIsScoredOnTheClausesThatNameIt() {
        String text = "I love my Lumora, but Vantor support is useless and slow.";
        List<String> lumora = List.of("lumora", "@lumoraphones");
        List<String> vantor = List.of("vantor", "@vantor");
        assertEquals(Label.POSITIVE, scorer.score(text, lumora, vantor, null).label());
        assertEquals(Label.NEGATIVE, scorer.score(text, vantor, lumora, null).label());
        // Without another brand named, the whole text counts.
        assertTrue(scorer.score(text, lumora, List.of(), null).score() < scorer.score(text, lumora, vantor, null).score());
    }

    /**
     * The classifier scores the sentiment of a post whose feedback it judged brand by brand on the reading
     * it took for the clauses, once the clauses about each brand were taken from it: that reading must
     * score as the plain one does, toward each brand, to the last digit and feature, with phrases,
     * comparisons, contrasts, questions, ranks, negations and emoji.
     */
    @Test
    void aReadingForClausesScoresAsThePlainReadingDoes() {
        List<String> lumora = List.of("lumora", "@lumoraphones");
        List<String> vantor = List.of("vantor", "@vantor");
        for (String text : List.of("I love my Lumora, but Vantor support is useless. Shipping was quick!",
                "@dave @erin Vantor is a joke. Is Lumora any good?", "Lumora > Vantor, not even close 😍",
                "Switched from Vantor to Lumora and never looking back!!", "Lumora is not bad; Vantor is not good either?",
                "Vantor's camera is better than Lumora's. However the Lumora battery lasts 👍but the price 😡",
                "LUMORA SUPPORT NEVER ANSWERS. vantor fixed it in a day", "Lumora: no complaints. Vantor: still no refund, never again",
                "")) {
            for (FeedbackKind kind : new FeedbackKind[] {null, FeedbackKind.COMPLAINT, FeedbackKind.PRAISE}) {
                SentimentScorer.Reading clauses = scorer.readClauses(text);
                SentimentScorer.clausesAbout(text, clauses, lumora, vantor);
                SentimentScorer.clausesAbout(text, clauses, vantor, lumora);
                for (List<List<String>> toward : List.of(List.of(lumora, vantor), List.of(vantor, lumora))) {
                    String what = text + " toward " + toward.get(0) + ", " + kind;
                    assertEquals(scorer.compound(scorer.read(text), toward.get(0), toward.get(1), kind),
                            scorer.compound(clauses, toward.get(0), toward.get(1), kind), what);
                    assertEquals(scorer.features(scorer.read(text), toward.get(0), toward.get(1), kind),
                            scorer.features(clauses, toward.get(0), toward.get(1), kind), what);
                }
            }
        }
    }

    @Test
    void theClausesAboutABrandLeaveOutThoseAboutAnotherAlone() {
        List<String> lumora = List.of("lumora", "@lumoraphones");
        List<String> vantor = List.of("vantor");
        String text = "I love my Lumora, but Vantor support is useless. Shipping was quick!";
        assertEquals("I love my Lumora,\nShipping was quick!", SentimentScorer.clausesAbout(text, lumora, vantor),
                "a clause left out is a line break: no phrase reads across it");
        assertEquals("but Vantor support is useless. Shipping was quick!", SentimentScorer.clausesAbout(text, vantor, lumora));
        assertNull(SentimentScorer.clausesAbout("Lumora and Vantor both lost my order", lumora, vantor), "one clause, about both");
        assertNull(SentimentScorer.clausesAbout("Vantor is awful.", lumora, vantor), "this brand named nowhere: nothing to go by");
        assertNull(SentimentScorer.clausesAbout(text, lumora, List.of()), "no other brand");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SentimentScorer.clausesAbout(text, scorer.read(text), lumora, vantor), "a plain reading keeps no clause's stretch");
        assertEquals("@LumoraPhones fixed it;", SentimentScorer.clausesAbout("@LumoraPhones fixed it; Vantor's never did",
                lumora, vantor), "a handle, and a name followed by an apostrophe");
        assertEquals("Citroën works.", SentimentScorer.clausesAbout("Citroën works. Vantor does not", List.of("citroen"), vantor),
                "accents folded");
        assertEquals("@dave @erin Is Lumora any good?", SentimentScorer.clausesAbout("@dave @erin Vantor is a joke. Is Lumora any good?",
                lumora, vantor), "a reply's opening handles stay: it is still put to someone else");
        assertEquals("Love my Lumora", SentimentScorer.clausesAbout("Love my Lumora #but Vantor support is useless", lumora, vantor),
                "a contrast word as a hashtag splits, as the reading splits on it");
        assertNull(SentimentScorer.clausesAbout("The Lumora-made charger of my Vantor died. Lumora support was great.", lumora, vantor),
                "a name among a word's parts names the brand: that clause is about both");
        assertEquals("Lumora rocks 👍but pricey.", SentimentScorer.clausesAbout("Lumora rocks 👍but pricey. Vantor sucks.", lumora, vantor),
                "a 'but' glued to an emoji starts its clause, as the reading splits it");
        assertEquals("Is Lumora down ?", SentimentScorer.clausesAbout("Vantor works fine. Is Lumora down ?", lumora, vantor),
                "a token of punctuation alone stays with its clause: the question is still asked");
        assertEquals("but Lumora is great. !!!", SentimentScorer.clausesAbout("but Lumora is great. !!! Vantor is not", lumora, vantor));
    }

    /**
     * A clause comparing two brands says of the one measured against the opposite of what it says of
     * the other; before, "Lumora is way better than Vantor" was POSITIVE toward both.
     */
    @Test
    void aComparisonSaysOppositeThingsOfItsTwoBrands() {
        List<String> lumora = List.of("lumora", "@lumoraphones");
        List<String> vantor = List.of("vantor", "@vantor");
        String better = "Lumora is way better than Vantor";
        assertEquals(Label.POSITIVE, scorer.score(better, lumora, vantor, null).label());
        assertEquals(Label.NEGATIVE, scorer.score(better, vantor, lumora, null).label());
        String worse = "honestly vantor's battery is so much worse than lumora's";
        assertTrue(scorer.score(worse, vantor, lumora, null).score() < 0);
        assertEquals(Label.POSITIVE, scorer.score(worse, lumora, vantor, null).label(), "was NEGATIVE, as toward Vantor");
        // A ranking says something with no word the lexicon rates.
        String ranked = "lumora > vantor for late night orders";
        assertEquals(Label.POSITIVE, scorer.score(ranked, lumora, vantor, null).label());
        assertEquals(Label.NEGATIVE, scorer.score(ranked, vantor, lumora, null).label());
        // Moving from one to the other runs the first down and says only the good of the second.
        String moved = "Switched from Vantor to Lumora after Vantor charged me twice and lost my order, no regrets";
        assertEquals(Label.NEGATIVE, scorer.score(moved, vantor, lumora, null).label());
        assertTrue(scorer.score(moved, lumora, vantor, null).score() > 0, "the bad words are the left brand's: "
                + scorer.score(moved, lumora, List.of(), null).score() + " for Lumora alone");
        // What follows the brand measured against, and the clause after, are about it, not the subject's words turned.
        String unlike = "@LumoraPhones unlike Vantor, you actually refund when the order is wrong. best app ever, love you!!";
        assertTrue(scorer.score(unlike, vantor, lumora, null).score() <= 0, "neither its 'wrong' turned nor the praise after");
        // What comes after the measured brand's name is its own: not the subject's.
        String after = "Lumora is better than Vantor, which keeps crashing";
        assertEquals(Label.NEGATIVE, scorer.score(after, vantor, lumora, null).label());
        assertEquals(Label.POSITIVE, scorer.score(after, lumora, vantor, null).label(), "its crashes are not Lumora's");
        // When the measured brand comes first, the subject's words after its own name are what is turned,
        // and the clause that follows on is the subject's alone.
        String first = "Compared to Vantor, Lumora is a dream. Best app ever";
        assertTrue(scorer.score(first, vantor, lumora, null).score() < 0);
        assertEquals(Label.POSITIVE, scorer.score(first, lumora, vantor, null).label());
        // A question that compares says nothing of either.
        String asked = "Is Lumora better than Vantor?";
        assertEquals(Label.NEUTRAL, scorer.score(asked, lumora, vantor, null).label());
        assertEquals(Label.NEUTRAL, scorer.score(asked, vantor, lumora, null).label());
        // With one brand, nothing is compared.
        assertEquals(Label.POSITIVE, scorer.score(better, lumora, List.of(), null).label());
    }

    @Test
    void theClausesAboutABrandLeaveOutThoseThatMeasureAnotherAgainstIt() {
        List<String> lumora = List.of("lumora");
        List<String> vantor = List.of("vantor");
        String text = "Lumora support is so much better than Vantor's. They fixed my order in 5 minutes! Vantor's app is fine.";
        assertEquals("Vantor's app is fine.", SentimentScorer.clausesAbout(text, vantor, lumora),
                "the comparison and what follows on from it are Lumora's");
        assertEquals("Lumora support is so much better than Vantor's. They fixed my order in 5 minutes!",
                SentimentScorer.clausesAbout(text, lumora, vantor));
        String moved = "Switched from Vantor to Lumora after Vantor charged me twice. The app is lovely";
        assertEquals("The app is lovely", SentimentScorer.clausesAbout(moved, lumora, vantor), "why one left is about what was left");
        assertNull(SentimentScorer.clausesAbout(moved, vantor, lumora), "the brand left keeps all of it");
        assertEquals("", SentimentScorer.clausesAbout("Lumora is better than Vantor", vantor, lumora), "nothing said of it");
        // A comparing question is the subject's to answer; what follows it is about both, as its sentiment counts.
        String asked = "Is Lumora better than Vantor? Their app keeps crashing.";
        assertEquals("Their app keeps crashing.", SentimentScorer.clausesAbout(asked, vantor, lumora));
        assertNull(SentimentScorer.clausesAbout(asked, lumora, vantor));
        assertTrue(scorer.score(asked, vantor, lumora, null).score() < 0, "the crashes count for Vantor");
    }

    @Test
    void aNegationBeforeAPhraseTurnsIt() {
        assertTrue(score("so worth it") > 0);
        assertTrue(score("this is not worth it") < 0);
        assertTrue(score("I'm not a big fan") < 0);
    }

    @Test
    void aBrandFollowedByACurlyApostropheIsNamed() {
        String text = "I love my Lumora, but Vantor\u2019s support is useless and slow.";
        assertEquals(Label.NEGATIVE, scorer.score(text, List.of("vantor"), List.of("lumora"), null).label());
    }

    @Test
    void aBrandIsNamedWithOrWithoutItsAccents() {
        // The brand entry says "Nestlé"; posts write it both ways, as the brand queries match it.
        List<String> nestle = List.of(SentimentScorer.fold("nestlé"));
        List<String> lumora = List.of("lumora");
        for (String text : List.of("I love my Lumora, but Nestle coffee is useless and slow.",
                "I love my Lumora, but Nestlé coffee is useless and slow.",
                "I love my Lumora, but Nestlé's coffee is useless and slow.")) {
            assertEquals(Label.NEGATIVE, scorer.score(text, nestle, lumora, null).label(), text);
            assertEquals(Label.POSITIVE, scorer.score(text, lumora, nestle, null).label(), text);
            assertTrue(scorer.features(scorer.read(text), nestle, lumora, null).contains("w:<brand>"), text);
        }
        assertEquals("nestle", SentimentScorer.fold("nestlé"));
    }

    @Test
    void linksAndHandlesCarryNoValence() {
        assertEquals(0.0, score("https://example.com/love-great-best @happy"), 1e-9);
    }

    @Test
    void thePlainLexiconBaselineHasNoRules() {
        SentimentScorer plain = SentimentScorer.plainLexicon();
        assertTrue(plain.score("this is not good").score() > 0, "the baseline does not read negation");
        assertEquals(plain.score("this is good").score(), plain.score("this is GOOD!!!").score(), 1e-9);
        assertEquals(0.0, plain.score("new phone 😍🔥").score(), 1e-9, "emoji valences are Earshot's, not the lexicon's");
    }

    @Test
    void scoresStayInRange() {
        String text = "LOVE LOVE LOVE best best best amazing wonderful perfect 😍😍😍!!!!!!";
        double s = score(text);
        assertTrue(s > 0.9 && s <= 1);
        assertTrue(score("hate hate hate worst awful terrible horrible 😡😡😡!!!!") < -0.9);
    }

    /**
     * A label agrees with the score a reader sees, three decimals: thousands of short texts of
     * opinion words, boosters, negations and exclamations land some scores within a thousandth under
     * a threshold, which before rounding first were labelled as the side below it.
     */
    @Test
    void aLabelAgreesWithTheScoreAsWritten() {
        SentimentScorer scorer = SentimentScorer.defaults();
        String[] words = {"good", "great", "bad", "slow", "love", "hate", "fine", "ok", "broken", "nice", "awful", "happy",
            "refund", "works", "late", "perfect", "meh", "cool", "worst", "better"};
        String[] before = {"", "very ", "not ", "so ", "really ", "kind of ", "never "};
        String[] after = {"", "!", "!!", " :)", " :(", ". but the app", " lol"};
        java.util.Random random = new java.util.Random(42);
        int checked = 0;
        for (int i = 0; i < 60_000; i++) {
            StringBuilder text = new StringBuilder("Lumora");
            int n = 1 + random.nextInt(4);
            for (int w = 0; w < n; w++) {
                text.append(' ').append(before[random.nextInt(before.length)]).append(words[random.nextInt(words.length)]);
            }
            text.append(after[random.nextInt(after.length)]);
            dev.earshot.model.Sentiment s = scorer.score(text.toString(), java.util.List.of("lumora"), java.util.List.of(), null);
            double shown = Math.round(s.score() * 1000) / 1000.0; // as ClassifiedMentionCodec writes it
            dev.earshot.model.Sentiment.Label expected = shown >= SentimentScorer.DEFAULT_THRESHOLDS.positive()
                    ? dev.earshot.model.Sentiment.Label.POSITIVE
                    : shown <= SentimentScorer.DEFAULT_THRESHOLDS.negative() ? dev.earshot.model.Sentiment.Label.NEGATIVE
                    : dev.earshot.model.Sentiment.Label.NEUTRAL;
            assertEquals(expected, s.label(), text + " scored " + s.score());
            checked++;
        }
        assertEquals(60_000, checked);
    }
}
