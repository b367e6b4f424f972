package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.model.output.Themes;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThemeTermsTest {
    @Test
    void keepsTheWordsAndHashtagsAPostIsAbout() {
        assertEquals(List.of("double", "charged", "refund", "#billing"),
                List.copyOf(ThemeTerms.of("@acme I was DOUBLE charged and there is no refund for me #Billing")));
    }

    @Test
    void linksHandlesAndShortOrNumericTokensAreNotTerms() {
        assertEquals(List.of("outage", "tonight"),
                List.copyOf(ThemeTerms.of("outage tonight 2024 ok https://acme.example/status?x=1 @acmehelp 🙄")));
    }

    @Test
    void handlesAreTermsWhereAskedFor() {
        assertEquals(List.of("@acmehelp", "outage", "tonight", "@thevergenews"),
                List.copyOf(ThemeTerms.withHandles("@AcmeHelp outage tonight, via @TheVergeNews https://x.example/a")));
    }

    @Test
    void theTermsWithoutHandlesAreThoseWithHandlesLessTheHandles() {
        for (String text : List.of("@AcmeHelp outage tonight, via @TheVergeNews https://x.example/a",
                "RT @a_b: #Acme is @ it again!! me@example.com @@x #@y @#z", "kein @Acme-Support heute, danke @acme.",
                "@acme", "", "@" + "x".repeat(ThemeTerms.MAX_TERM + 5) + " ok words here",
                "word ".repeat((ThemeTerms.MAX_CHARS - 3) / 5) + "ab @straddling handle")) {
            List<String> withoutHandles = ThemeTerms.withHandles(text).stream().filter(t -> Themes.Kind.of(t) != Themes.Kind.HANDLE)
                    .toList();
            assertEquals(List.copyOf(ThemeTerms.of(text)), withoutHandles, text);
        }
    }

    @Test
    void aWordRepeatedInOnePostIsOneTerm() {
        assertEquals(List.of("broken"), List.copyOf(ThemeTerms.of("broken broken BROKEN")));
    }

    @Test
    void stopWordsOfOtherDetectedLanguagesAreLeftOutToo() {
        assertEquals(List.of("lieferung", "kaputt"), List.copyOf(ThemeTerms.of("Die Lieferung ist nicht kaputt")));
    }

    @Test
    void bareLinksContractionsAndHyphenatedHashtagsAreReadAsWritten() {
        assertEquals(List.of("buy", "charger", "melted", "#ad-free", "sadly", "true"),
                List.copyOf(ThemeTerms.of("Don\u2019t buy: charger melted acme.com/recall?id=3 #ad-free. It's (sadly) true")));
    }

    @Test
    void overlongRunsAreNoTermsAndALongTextIsReadOnlySoFar() {
        String run = "x".repeat(ThemeTerms.MAX_TERM + 1);
        assertEquals(List.of("refund"), List.copyOf(ThemeTerms.of(run + " refund #" + run)));
        String article = "refund " + "ab ".repeat(60_000) + "chargeback";
        assertEquals(List.of("refund"), List.copyOf(ThemeTerms.of(article)), "a word past the first 4,096 characters is not read");
        assertEquals(List.of(), List.copyOf(ThemeTerms.of("#".repeat(10_000) + "@".repeat(10_000) + "\ud800")));
    }

    @Test
    void bareDomainsAndEmailAddressesAreLinksNotWords() {
        assertEquals(List.of("ordered", "mail", "waiting"),
                List.copyOf(ThemeTerms.of("ordered from vantor.com, mail support@shop.vantor.co.uk (lumora.de) waiting")));
        assertEquals(List.of("end", "refunds", "node", "etc"), List.copyOf(ThemeTerms.of("the end.Refunds node 3.5 etc.")),
                "two sentences run together, a version, an abbreviation: no domains");
    }

    @Test
    void aPossessiveIsItsOwner() {
        assertEquals(List.of("lumora", "battery", "died", "gone"), List.copyOf(ThemeTerms.of("Lumora's battery’s died, it's gone")));
    }
}
