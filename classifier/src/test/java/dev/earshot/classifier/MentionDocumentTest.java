package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}
