package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrandCatalogTest {

    @Test
    void loadsBrandsAndNormalisesTheirNames() throws Exception {
        BrandCatalog catalog = BrandCatalog.parse("""
                brands:
                  - id: lumora
                    name: Lumora
                    keywords: ["Lumora"]
                    handles: ["LumoraPhones"]
                    hashtags: ["Lumora"]
                    domains: ["Lumora.com"]
                  - id: vantor
                    keywords: [vantor]
                competitorSets:
                  - id: phones
                    brands: [lumora, vantor]
                """, "brands.yaml");
        Brand lumora = catalog.brand("lumora");
        assertEquals(List.of("@lumoraphones"), lumora.handles());
        assertEquals(List.of("#lumora"), lumora.hashtags());
        assertEquals(List.of("lumora.com"), lumora.domains());
        assertEquals("vantor", catalog.brand("vantor").name(), "name defaults to the id");
        assertEquals(List.of("lumora", "vantor"), catalog.competitorSet("phones").brands());
    }

    @Test
    void exclusionsAreReadAndTheirProblemsExplained() throws Exception {
        BrandCatalog catalog = BrandCatalog.parse("""
                brands:
                  - id: apple
                    keywords: [apple]
                    exclude: [" apple pie ", 小米粥]
                """, "b.yaml");
        assertEquals(List.of("apple pie", "小米粥"), catalog.brand("apple").exclude());
        ConfigException e = assertThrows(ConfigException.class, () -> BrandCatalog.parse("""
                brands:
                  - id: apple
                    keywords: [apple]
                    exclude: ["!!"]
                  - id: orange
                    handles: ["@orange"]
                    exclude: [orange juice]
                """, "b.yaml"));
        assertEquals(List.of("b.yaml:2: brands[0] 'apple': exclude[0]: '!!' has no words to match",
                "b.yaml:5: brands[1] 'orange': exclude: only keywords are excluded, and the brand has none"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aBrandOwnsItsDomainAndItsSubdomainsOnly() {
        Brand lumora = new Brand("lumora", "Lumora", List.of(), List.of(), List.of(), List.of("lumora.com"));
        assertTrue(lumora.ownsHost("lumora.com"));
        assertTrue(lumora.ownsHost("shop.lumora.com"));
        assertFalse(lumora.ownsHost("notlumora.com"));
        assertFalse(lumora.ownsHost("lumora.com.evil.io"));
        assertFalse(lumora.ownsHost("umora.com"));
    }

    @Test
    void aDomainOfThousandsOfLabelsIsAProblemNotAStackOverflow() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrandCatalog.parse(
                "brands:\n  - id: a\n    domains: [" + "a.".repeat(50_000) + "com]\n", "b.yaml"));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).toString().contains("is not a bare host name"), e.problems().toString());
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrandCatalog.parse("""
                brands:
                  - id: lumora
                    keywords: ["lumora"]
                  - id: lumora
                    keywords: ["again"]
                  - id: empty
                  - id: Bad Id!
                    keywords: ["x"]
                  - id: typo
                    keyword: ["typo"]
                  - id: site
                    domains: ["https://site.com/"]
                competitorSets:
                  - id: phones
                    brands: [lumora, nokia]
                  - id: alone
                    brands: [lumora]
                """, "brands.yaml"));
        assertEquals(List.of(
                "brands.yaml:4: brands[1] 'lumora': duplicate brand id 'lumora' (first defined at line 2)",
                "brands.yaml:6: brands[2] 'empty': nothing to match: give at least one of keywords, handles, hashtags, domains",
                "brands.yaml:7: brands[3] 'Bad Id!': id must be 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit",
                "brands.yaml:9: brands[4]: unknown key 'keyword' (known: domains, exclude, handles, hashtags, id, keywords, name)",
                "brands.yaml:9: brands[4] 'typo': nothing to match: give at least one of keywords, handles, hashtags, domains",
                "brands.yaml:11: brands[5] 'site': domains[0]: 'https://site.com/' is not a bare host name such as lumora.com",
                "brands.yaml:14: competitorSets[0] 'phones': unknown brand 'nokia' (not in brands)",
                "brands.yaml:16: competitorSets[1] 'alone': a competitor set compares at least two different brands"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void invalidYamlSaysWhere() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> BrandCatalog.parse("brands:\n  - id: a\n    keywords: [unclosed\n", "b.yaml"));
        assertEquals(1, e.problems().size());
        assertEquals("b.yaml", e.problems().get(0).source());
        assertEquals(true, e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void unknownTopLevelKeysAreReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrandCatalog.parse("brand:\n  - id: a\n", "b.yaml"));
        assertEquals("b.yaml:1: unknown top-level key 'brand' (known: brands, competitorSets)", e.getMessage());
    }
}
