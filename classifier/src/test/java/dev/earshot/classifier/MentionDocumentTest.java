package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MentionDocumentTest {
    @Test
    void aWordJoinedByAHyphenOrAnApostropheSplitsIntoItsPieces() {
        assertEquals(List.of("kestmore", "filiale"), MentionDocument.compoundParts("Neue Kestmore-Filiale in Ehrenfeld"));
        assertEquals(List.of("zipvoy", "u"), MentionDocument.compoundParts("Zipvoy'u herkese tavsiye ederim"));
        assertEquals(List.of("d", "oriva"), MentionDocument.compoundParts("d\u2019Oriva"), "a typographic apostrophe too");
        assertEquals(List.of("creme", "brulee"), MentionDocument.compoundParts("Crème-Brûlée"), "folded as the text field is");
    }

    @Test
    void aLatinNameWrittenOntoJapaneseOrKoreanIsAPieceOfItsOwn() {
        List<String> parts = MentionDocument.compoundParts("大阪で初めてZipvoyを使ってみた🚕");
        assertTrue(parts.contains("zipvoy"), parts.toString());
        assertTrue(MentionDocument.compoundParts("Polyglint를 3개월 썼어요").contains("polyglint"));
        assertTrue(MentionDocument.compoundParts("Stubwhistleのアプリ3ヶ月").contains("stubwhistle"));
    }

    @Test
    void namesAreFoundInsideRunsOfChineseJapaneseKoreanAndThai() {
        MentionDocument.UnspacedNames names = MentionDocument.UnspacedNames.of(
                List.of("小米", "삼성", "ソニー", "ทรู", "任天堂", "samsung"));
        assertEquals(List.of("小米"), MentionDocument.namesInUnspacedRuns("我刚买了小米手机，电池很差", names));
        assertEquals(List.of("삼성"), MentionDocument.namesInUnspacedRuns("삼성은 최고예요", names), "a Korean particle on the name");
        assertEquals(List.of("ソニー"), MentionDocument.namesInUnspacedRuns("ソニーストアで買った", names),
                "the long-vowel mark belongs to the run");
        assertEquals(List.of("ทรู"), MentionDocument.namesInUnspacedRuns("เน็ตทรูช้ามาก", names), "Thai, with its vowel marks");
        assertEquals(List.of("任天堂", "小米"), MentionDocument.namesInUnspacedRuns("任天堂和小米 and 任天堂", names),
                "each name once, in the order found");
        assertEquals(List.of("小米"), MentionDocument.namesInUnspacedRuns("#小米手机 好用", names), "in a hashtag too");
        assertEquals(List.of(), MentionDocument.namesInUnspacedRuns("小的米 三星 Samsung samsungs", names),
                "not across other characters, and a Latin word is no name of a run");
        assertEquals(List.of(), MentionDocument.namesInUnspacedRuns("我刚买了小米手机", MentionDocument.UnspacedNames.NONE));
        assertEquals(List.of("小米"), MentionDocument.namesInUnspacedRuns("𠀀小米𠀀", names),
                "characters outside the basic plane are one place each");
        assertEquals(List.of("ソニー"), MentionDocument.namesInUnspacedRuns("ｿﾆｰのソニーストア", names),
                "a half-width long-vowel mark does not end the run before it");
        String run = "米".repeat(200_000) + "小米" + "小".repeat(200_000);
        assertEquals(List.of("小米"), MentionDocument.namesInUnspacedRuns(run, names), "a hostile run of 400,000 characters");
    }

    @Test
    void signsWithoutAScriptOfTheirOwnStayInTheRun() {
        MentionDocument.UnspacedNames names = MentionDocument.UnspacedNames.of(List.of("ｿﾆｰｽﾄｱ", "ガ゙", "葛︀城"));
        assertEquals(List.of("ｿﾆｰｽﾄｱ"), MentionDocument.namesInUnspacedRuns("ｿﾆｰｽﾄｱで", names), "half-width ｰ");
        assertEquals(List.of("ガ゙"), MentionDocument.namesInUnspacedRuns("あガ゙い", names), "a combining voiced mark");
        assertEquals(List.of("葛︀城"), MentionDocument.namesInUnspacedRuns("大葛︀城市", names), "a variation selector");
    }

    @Test
    void onlyWordsWhollyOfThoseScriptsAreLookedForInRuns() {
        assertTrue(MentionDocument.isUnspacedWord("小米"));
        assertTrue(MentionDocument.isUnspacedWord("ソニー"));
        assertFalse(MentionDocument.isUnspacedWord("小米14"));
        assertFalse(MentionDocument.isUnspacedWord("lumora"));
        assertFalse(MentionDocument.isUnspacedWord(""));
    }

    @Test
    void plainWordsLinksHashtagsAndHandlesGiveNoPieces() {
        assertEquals(List.of(), MentionDocument.compoundParts("plain words and nothing joined"));
        assertEquals(List.of(), MentionDocument.compoundParts("read https://news.example/why-we-left-kestmore today"));
        assertEquals(List.of(), MentionDocument.compoundParts("#kestmore-nights with @kestmore-help"));
        assertEquals(List.of(), MentionDocument.compoundParts("a trailing hyphen- and 'quoted' words"));
    }

    @Test
    void aDomainWrittenWithoutALinkIsReadWithItsParentDomains() {
        assertEquals(List.of("orivabotanics.com"), MentionDocument.bareDomains("Ho ordinato da orivabotanics.com il 2 novembre."));
        assertEquals(List.of("shop.korvik-sport.com", "korvik-sport.com"),
                MentionDocument.bareDomains("anything at www.shop.KORVIK-SPORT.com."));
        assertEquals(List.of(), MentionDocument.bareDomains("see https://korvik-sport.com/x or mail help@korvik-sport.com"),
                "a link's host is in hosts; an e-mail address is not read");
        assertEquals(List.of("korvik-sport.com"), MentionDocument.bareDomains(".@friend got mine at korvik-sport.com"),
                "a post opening with a dot");
        assertEquals(List.of(), MentionDocument.bareDomains("ab.".repeat(43_000) + "ab"), "longer than a domain can be");
        assertEquals(List.of("bc.de"), MentionDocument.bareDomains("a..bc.de..f"), "two dots end a name");
        assertEquals(List.of(), MentionDocument.bareDomains("v2.5 is out. e.g. this. The end."), "no name of two letters or more after the dot");
    }

    @Test
    void eachPieceIsReadOnceWhateverTheLengthOfTheRun() {
        assertEquals(List.of("a"), MentionDocument.compoundParts("a-".repeat(50_000) + "a"));
    }

    @Test
    void contractionsAndPossessivesGiveNoPieces() {
        assertEquals(List.of(), MentionDocument.compoundParts("don't, they're, Kestmore's, we'll, I'm"));
        assertEquals(List.of("kestmore", "da"), MentionDocument.compoundParts("Kestmore'da"), "a Turkish ending is not English");
    }

    /** What {@link MentionDocument#prose} read with regular expressions before it was written as a scan. */
    private static final Pattern LINK = Pattern.compile(
            "(?i)(?:https?://|www\\.)\\S+|(?<![\\p{L}\\p{N}@#./-])[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)++/\\S*");
    private static final Pattern SIGIL_WORD = Pattern.compile("(?<![\\p{L}\\p{N}])[#@][\\p{L}\\p{N}_]+(?:[-.][\\p{L}\\p{N}_]+)*+");

    private static String proseByExpressions(String text) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher link = LINK.matcher(text);
        int from = 0;
        while (link.find()) {
            int end = link.end();
            while (end > link.start() && "!?.,;:)]\"'".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            out.append(text, from, link.start()).append(' ');
            from = end;
        }
        out.append(text, from, text.length());
        return SIGIL_WORD.matcher(out).replaceAll(" ");
    }

    @Test
    void proseTakesOutWhatTheExpressionsTookOut() {
        String[] texts = {"Seen bit.ly/3xYz?ref=a? Wow!", "HTTPS://x.y/z, then www.a.b!", "hTtP://", "http:// x", "xhttps://a",
            "@a.b-c_d #x--y #_ #é日本 a#b", "𝐀abc.de/x 😀abc.de/x", "a_b.c/x?", "\u212Attp://k", "ſ https://", "mail a@b.co/x"};
        for (String text : texts) {
            assertEquals(proseByExpressions(text), MentionDocument.prose(text), text);
        }
        // Random text over the characters the expressions turn on, with letters and numbers of other scripts.
        String[] pieces = {"h", "t", "p", "s", "S", "H", "T", "P", "w", "W", ":", "/", "//", "://", "http://", "https://", "www.",
            ".", "..", "#", "@", "-", "_", "a", "Z", "1", "²", "Ⅻ", "é", "日", "😀", "𝐀", "\uD835", "\uDC00", " ", "\t", "\n",
            "\r", "\u000B", "\f", "\u001C", "\u0085", "\u00A0", "\u3000", "?", "!", ",", ")", "]", ";", ":", "'", "\"",
            "\u212A", "ſ", "ǅ", "WWW.", "Www.", "HTTP", "Https://", "hTTp://"};
        Random random = new Random(11);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(14); k >= 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertEquals(proseByExpressions(text.toString()), MentionDocument.prose(text.toString()), text.toString());
        }
    }

    @Test
    void proseOfALongDottedRunNeedsNoStack() {
        String run = "a.".repeat(100_000) + "b/c #x" + "-y".repeat(100_000);
        assertEquals(proseByExpressions(run), MentionDocument.prose(run));
    }
}
