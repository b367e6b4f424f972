package dev.earshot.ingest.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrandFilterTest {
    @Test
    void termsMatchAnywhereInAnyCaseAndMisspellingsAsWholeWords() {
        BrandFilter filter = new BrandFilter(List.of("Lumora", "@vantor", "#brewhaus", "lumora.com"), List.of("lumra"));
        assertTrue(filter.matches("LUMORA again"));
        assertTrue(filter.matches("ask @Vantor"));
        assertTrue(filter.matches("#BrewHaus morning"));
        assertTrue(filter.matches("see https://shop.lumora.com/x"));
        assertTrue(filter.matches("my lumra broke"));
        assertFalse(filter.matches("lumrations"), "a misspelling counts as a whole word only");
        assertFalse(filter.matches("nothing here"));
        assertTrue(BrandFilter.all().matches("anything"));
    }

    /**
     * Accents either way, as the classifier folds them: a post about "Citroën" named by the keyword
     * "citroen" was dropped here, before the classifier could read it.
     */
    @Test
    void accentsAreFoldedOnBothSides() {
        BrandFilter filter = new BrandFilter(List.of("citroen", "Nestlé", "#café"), List.of("smorrebrod"));
        assertTrue(filter.matches("My CITROËN broke down"));
        assertTrue(filter.matches("my citroe\u0308n broke down"), "decomposed");
        assertTrue(filter.matches("nestle coffee"));
        assertTrue(filter.matches("NESTLÉ coffee"));
        assertTrue(filter.matches("morning #cafe"));
        assertTrue(filter.matches("at the smørrebrød bar"), "a letter with no decomposition");
        assertFalse(filter.matches("coffee shop"));
        assertEquals("strasse daenemark", BrandFilter.fold("straße dænemark"));
        assertEquals("plain ascii", BrandFilter.fold("plain ascii"));
    }
}
