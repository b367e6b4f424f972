package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkPrefixTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://a.example|7|7", "https://a.example|8|8", "www.a.example|4|0",
            "HTTPS://A.EXAMPLE|8|8", "Https://a.example|8|8", "hTtP://a|7|7", "WWW.a.example|4|0",
            // not a link's start: no "://", a scheme cut short, the long s that Unicode case folding
            // would read as an s, a Kelvin sign, letters of another script
            "httpd is a server|0|0", "http:/a.example|0|0", "https:|0|0", "http|0|0", "www|0|0",
            "http\u017F://a.example|0|0", "w\u212Aw.a|0|0", "\u04BBttp://a.example|0|0", "ftp://a.example|0|0"})
    void readsASchemeOrWwwInAnyCaseOfItsAsciiLetters(String text, int prefix, int scheme) {
        assertEquals(prefix, LinkPrefix.at(text, 0), text);
        assertEquals(scheme, LinkPrefix.schemeAt(text, 0), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"see https://a.example|4|8", "see https://a.example|5|0", "a http://|2|7",
            "a http:/|2|0", "ends with www.|10|4", "ends with www|10|0", "x|5|0", "x|-1|0"})
    void readsAtAnyPlaceAndNothingPastTheEnd(String text, int at, int prefix) {
        assertEquals(prefix, LinkPrefix.at(text, at), text + " at " + at);
    }
}
