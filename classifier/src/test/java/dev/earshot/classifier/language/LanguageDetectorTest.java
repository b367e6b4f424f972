package dev.earshot.classifier.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageDetectorTest {
    private final LanguageDetector detector = new LanguageDetector(LanguageDetector.DEFAULT_LANGUAGES);

    @Test
    void tellsCommonLanguagesApart() {
        assertEquals("en", detector.detect("my order still hasn't arrived and nobody answers", null));
        assertEquals("de", detector.detect("meine Bestellung ist immer noch nicht da", null));
        assertEquals("fr", detector.detect("ma commande n'est toujours pas arrivée", null));
        assertEquals("ru", detector.detect("мой заказ до сих пор не пришёл", null));
        assertEquals("ja", detector.detect("注文した商品がまだ届きません", null));
    }

    @Test
    void linksHandlesAndHashtagSignsDoNotDecide() {
        assertEquals("de", detector.detect("@lumoraphones https://lumora.com/the/best/english/words "
                + "#Kundenservice ist leider furchtbar langsam", null));
        assertNull(detector.detect("@lumora https://lumora.com 😍🔥 123", null));
    }

    @Test
    void proseLeavesOutLinksHandlesCashtagsAndHashSigns() {
        assertEquals("  ist  Kundenservice   leider  ", LanguageDetector.prose("@lumora_de ist #Kundenservice $LMR leider https://x.io/a?b=c"));
        assertEquals("mail me at a@b.com (  )", LanguageDetector.prose("mail me at a@b.com (www.lumora.com )"));
    }

    @Test
    void brandNamesAreLeftOutWhereTheyStandAsWholeWords() {
        assertEquals("  ist super,   app storeX Lumoras", LanguageDetector.prose("Lumora ist super, App Store app storeX Lumoras",
                List.of("lumora", "app store")), "a name inside a longer word stays");
        assertEquals(null, detector.detect("Lumora 😡", null, List.of("lumora")), "nothing left to tell a language by");
        assertEquals("  ist super", LanguageDetector.prose("Citroën ist super", List.of("citroen")),
                "a name written with its accent, the brand's form folded");
    }

    @Test
    void proseIsEncodedAsUtf8WithoutLoneSurrogates() {
        // Two, three and four bytes a character (a Deseret letter); a lone surrogate has no UTF-8 form and is left out.
        assertEquals("café заказ 注文 𐐷 x", LanguageDetector.prose("café заказ 注文 𐐷 \uD800x"));
        assertEquals("Ünïcödé  ", LanguageDetector.prose("Ünïcödé https://x.io/ä"));
        assertNull(detector.detect("😍 \uDC00 🔥 @lumora", null), "no letters left, no language");
        assertEquals("de", detector.detect("Die Bestellung ist nicht angekommen, äußerst ärgerlich", null));
    }

    @Test
    void symbolsAreOfNoLanguage() {
        // Emoji, other symbols and the replacement character are spaces to the model.
        assertEquals("I   it   x", LanguageDetector.prose("I ♥ it 😍 x"));
        assertEquals("booooo  ", LanguageDetector.prose("booooo\uFFFD\uFFFD"));
        // What joins or restyles emoji goes with them: a skin tone, the emoji variation selector, the
        // keycap mark, the joiner of a family, the tags of a flag.
        assertEquals("ok      1      ", LanguageDetector.prose("ok 👍🏽 ❤️ 1️⃣ 👨‍👩‍👧 🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F"));
        assertEquals("क्ष", LanguageDetector.prose("क्\u200Dष"), "a joiner inside a word leaves it whole");
        // From the complaints data set, whose emoji had become pairs of U+FFFD: told Japanese by them.
        assertEquals("en", detector.detect("happy 18th bday to my booooo\uFFFD\uFFFD", null));
        assertEquals("en", detector.detect("Hope y'all having a good day, make it count \uFFFD\uFFFD\uFFFD\uFFFD", null));
    }

    @Test
    void aLongTextIsToldByItsFirstCharacters() {
        String german = "Die Bestellung ist nicht angekommen und niemand antwortet. ";
        String english = "my order never arrived and nobody answers. ";
        String text = german.repeat(LanguageDetector.MAX_CHARS / german.length() + 1) + english.repeat(1000);
        assertEquals("de", detector.detect(text, null), "the English after the first characters is not read");
        assertEquals(LanguageDetector.MAX_CHARS, LanguageDetector.prose(text).length());
        // A surrogate pair across the cut is left out whole, never halved.
        String emoji = "a".repeat(LanguageDetector.MAX_CHARS - 1) + "😍 more";
        assertEquals("a".repeat(LanguageDetector.MAX_CHARS - 1), LanguageDetector.prose(emoji));
    }

    @Test
    void theSourcesTagIsAHintNotTheAnswer() {
        // A hint the text supports wins; one it contradicts does not.
        // One word says little: the model's own first choice is English, the German source's tag wins.
        assertEquals("en", detector.detect("perfekt", null));
        assertEquals("de", detector.detect("perfekt", "de"));
        assertEquals("en", detector.detect("my order still hasn't arrived and nobody answers my emails", "ja"));
        assertEquals("de", detector.detect("meine Bestellung ist immer noch nicht da", "de-AT"));
    }

    @Test
    void onlyTheConfiguredLanguagesAreAnswered() {
        LanguageDetector two = new LanguageDetector(List.of("en", "de"));
        assertTrue(List.of("en", "de").contains(two.detect("ma commande n'est toujours pas arrivée", null)));
        assertThrows(IllegalArgumentException.class, () -> new LanguageDetector(List.of("xx")));
    }

    /** The project's own short-post set: at least 0.90 in all, 0.80 on posts of 20 characters or fewer. */
    @Test
    void meetsItsTargetsOnTheShortPostSet() throws Exception {
        LanguageAccuracy accuracy = LanguageAccuracy.measure(detector, Path.of("..", "docs", "eval", "language-short-posts.tsv"));
        assertTrue(accuracy.all().posts() >= 500);
        assertEquals(12, accuracy.byLanguage().size());
        assertTrue(accuracy.all().accuracy() >= 0.90, accuracy.all().toString());
        assertTrue(accuracy.shortPosts().accuracy() >= 0.80, accuracy.shortPosts().toString());
    }

    @Test
    void oneLanguageConfiguredIsTheAnswerForAnyText() {
        LanguageDetector english = new LanguageDetector(List.of("en"));
        assertEquals("en", english.detect("meine Bestellung ist immer noch nicht da", null));
        assertNull(english.detect("😍 123", null));
    }

    @Test
    void theLanguagesAndSentimentAreSettings() {
        var settings = dev.earshot.classifier.ClassifierSettings.from(dev.earshot.model.Settings.of(
                java.util.Map.of("classifier.languages", "en, de", "classifier.sentiment", "false")));
        assertEquals(List.of("en", "de"), settings.languages());
        assertEquals(false, settings.sentiment());
        var defaults = dev.earshot.classifier.ClassifierSettings.from(dev.earshot.model.Settings.of(java.util.Map.of()));
        assertEquals(LanguageDetector.DEFAULT_LANGUAGES, defaults.languages());
        assertEquals(true, defaults.sentiment());
        assertThrows(IllegalArgumentException.class, () -> dev.earshot.classifier.ClassifierSettings.from(
                dev.earshot.model.Settings.of(java.util.Map.of("classifier.sentiment", "maybe"))));
    }
}
