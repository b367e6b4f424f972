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
    void misspellingsAreAskedForAndTheirProblemsExplained() throws Exception {
        BrandCatalog catalog = BrandCatalog.parse("""
                brands:
                  - id: pottlebury
                    keywords: [Pottlebury]
                    misspellings: true
                  - id: lumora
                    keywords: [lumora]
                """, "b.yaml");
        assertTrue(catalog.brand("pottlebury").misspellings());
        assertTrue(catalog.brand("pottlebury").misspelt().containsAll(List.of("pottelbury", "potlebury", "pottlebur", "ptotlebury")));
        assertFalse(catalog.brand("pottlebury").misspelt().contains("ottlebury"), "the first letter stays");
        assertFalse(catalog.brand("pottlebury").misspelt().contains("optlebury"), "and stays first");
        assertEquals(8 + 7, catalog.brand("pottlebury").misspelt().size(),
                "nine letters after the first left out one at a time, either 't' giving the same form; eight neighbours after it"
                        + " swapped, 'tt' giving none");
        assertTrue(!catalog.brand("lumora").misspellings() && catalog.brand("lumora").misspelt().isEmpty(), "off unless asked");
        assertEquals(catalog.brand("pottlebury").misspelt(), catalog.misspelt(catalog.brand("pottlebury")),
                "no other brand's name among them");
        BrandCatalog withFarm = BrandCatalog.parse("""
                brands:
                  - id: pottlebury
                    keywords: [Pottlebury]
                    misspellings: true
                  - id: pottlbury-farm
                    keywords: [Pottlbury, pottlebury farm]
                """, "b.yaml");
        Brand pottlebury = withFarm.brand("pottlebury");
        assertTrue(pottlebury.misspelt().contains("pottlbury"), "a slip of the name");
        assertFalse(withFarm.misspelt(pottlebury).contains("pottlbury"), "but another tracked brand's name: the farm's");
        assertEquals(pottlebury.misspelt().size() - 1, withFarm.misspelt(pottlebury).size());
        assertTrue(withFarm.misspeltByWord(pottlebury).get("pottlebury").contains("pottelbury"));
        assertEquals(java.util.Map.of(), withFarm.misspeltByWord(withFarm.brand("pottlbury-farm")), "the farm takes none");
        BrandCatalog twice = BrandCatalog.parse("""
                brands:
                  - id: pottlebury
                    keywords: [Pottlebury, pottlebury]
                    misspellings: true
                """, "b.yaml");
        assertEquals(catalog.brand("pottlebury").misspelt(), twice.brand("pottlebury").misspelt(), "a keyword given twice in other case");
        ConfigException e = assertThrows(ConfigException.class, () -> BrandCatalog.parse("""
                brands:
                  - id: pottlebury
                    keywords: [pottlebury]
                    misspellings: "yes"
                  - id: garden
                    keywords: [garden centre, acme, Crêperie, x3000abc]
                    misspellings: true
                """, "b.yaml"));
        // None of those is one word of six letters a to z as written ("Crêperie" would misspell as
        // "crperie" in the classifier but be "crêprie" in a theme or a live feed's filter).
        assertEquals(List.of("b.yaml:2: brands[0] 'pottlebury': misspellings: must be true or false",
                "b.yaml:5: brands[1] 'garden': misspellings: no keyword of 6 letters or more, a to z, to misspell"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aBrandWithMoreNamesThanLuceneRunsInOneQueryIsRefusedWithItsLine() throws Exception {
        StringBuilder file = new StringBuilder("brands:\n");
        for (String[] brand : new String[][] {{"huge", "400", "false"}, {"big", "340", "true"}}) {
            file.append("  - id: ").append(brand[0]).append("\n    misspellings: ").append(brand[2]).append("\n    keywords: [");
            for (int i = 0; i < Integer.parseInt(brand[1]); i++) {
                file.append(i == 0 ? "" : ", ").append(brand[0]).append("word").append((char) ('a' + i / 26)).append((char) ('a' + i % 26));
            }
            file.append("]\n");
        }
        // A one-word keyword is three clauses (the word, the word inside a longer one, its hashtag): 400
        // are 1,200 in one list. Before, Lucene refused it when the classifier was built, and the app
        // stopped on the exception. 340 are 1,020, and their misspellings a list of their own.
        ConfigException e = assertThrows(ConfigException.class, () -> BrandCatalog.parse(file.toString(), "b.yaml"));
        assertEquals(List.of("b.yaml:2: brands[0] 'huge': too many names: more than 1024 clauses in one list of its query,"
                + " which Lucene refuses (a one-word keyword is three: the word, the word inside a longer one, its hashtag);"
                + " split it into brands of fewer names"), e.problems().stream().map(ConfigProblem::toString).toList());
        BrandCatalog big = BrandCatalog.parse("brands:\n" + file.substring(file.indexOf("  - id: big")), "big.yaml");
        int slips = big.brand("big").misspelt().size();
        assertTrue(slips <= Brand.MISSPELT_AT_MOST && slips > Brand.MISSPELT_AT_MOST - 20, "whole keywords' slips up to the cap: " + slips);
        try (Classifier c = Classifier.create(big, RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            assertEquals("big", c.classify(ClassifierTest.mention("bigwordmz at last", 40, false)).get(0).brand());
            assertEquals("big", c.classify(ClassifierTest.mention("bigowrdaa at last", 40, false)).get(0).brand(), "a slip");
        }
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
    void aHelpDeskIsTheBrandsNameWithAHelpWordAfterIt() {
        Brand kelpiora = new Brand("kelpiora", "Kelpiora", List.of("kelpiora"),
                List.of("@kelpioraskincare", "@kelpiora_care", "@KelpioraSupport", "@kelpioracares"), List.of(), List.of());
        assertTrue(kelpiora.isHelpDesk("@kelpiora_care"));
        assertTrue(kelpiora.isHelpDesk("@kelpiorasupport"), "any case");
        assertFalse(kelpiora.isHelpDesk("@kelpioraskincare"), "its own account, whose name ends in 'care'");
        assertFalse(kelpiora.isHelpDesk("@kelpioracares"), "'cares' is as often its charity");
        Brand quillory = new Brand("quillory", "Quillory Books", List.of("quillory"),
                List.of("@quillorybooks", "@quillory_help", "@quillorybookshelp"), List.of(), List.of());
        assertTrue(quillory.isHelpDesk("@quillory_help"), "the brand's id before the help word");
        assertTrue(quillory.isHelpDesk("@quillorybookshelp"), "another of its handles before it");
        assertFalse(quillory.isHelpDesk("@quillorybooks"));
        Brand medrowe = new Brand("medrowe", "Medrowe", List.of("medrowe"), List.of("@medrowecare", "@medrowe_news"),
                List.of(), List.of("medrowe.care"));
        assertFalse(medrowe.isHelpDesk("@medrowecare"), "the first handle listed is the brand's main account");
        assertFalse(medrowe.isHelpDesk("@medrowe.care"), "a domain read as a handle");
        assertFalse(medrowe.isHelpDesk("@someone_help"), "not the brand's");
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
                "brands.yaml:9: brands[4]: unknown key 'keyword' (known: domains, exclude, handles, hashtags, id, keywords, misspellings, name)",
                "brands.yaml:9: brands[4] 'typo': nothing to match: give at least one of keywords, handles, hashtags, domains",
                "brands.yaml:11: brands[5] 'site': domains[0]: 'https://site.com/' is not a bare host name such as lumora.com",
                "brands.yaml:14: competitorSets[0] 'phones': unknown brand 'nokia' (not in brands)",
                "brands.yaml:16: competitorSets[1] 'alone': a competitor set compares at least two different brands"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    /**
     * What YAML would read without a word is refused with its line: a key written twice (a second
     * brands: block appended: its first block's brands were lost), a second document, an alias (read as
     * its anchor's name, not its value), and a brand listed twice in a competitor set (counted twice in
     * the set's totals, its shares not adding up to one).
     */
    @Test
    void whatYamlWouldDropOrMisreadSilentlyIsRefusedWithItsLine() {
        String two = "brands:\n  - {id: lumora, keywords: [lumora]}\n  - {id: vantor, keywords: [vantor]}\n";
        assertProblem("brands:\n  - {id: lumora, keywords: [lumora]}\nbrands:\n  - {id: vantor, keywords: [vantor]}\n",
                "b.yaml:3: not valid YAML: Duplicate field 'brands'");
        assertProblem("brands:\n  - id: lumora\n    keywords: [lumora]\n    keywords: [again]\n",
                "b.yaml:4: not valid YAML: Duplicate field 'keywords'");
        assertProblem(two + "---\nbrands:\n  - {id: other, keywords: [other]}\n", "b.yaml:5: a second YAML document");
        assertProblem("brands:\n  - id: lumora\n    keywords: &k [lumora]\n  - id: vantor\n    keywords: *k\n",
                "b.yaml:5: YAML aliases (*k) are not read here");
        assertProblem(two + "competitorSets:\n  - {id: phones, brands: [lumora, lumora, vantor]}\n",
                "b.yaml:5: competitorSets[0] 'phones': brand 'lumora' listed twice");
    }

    private static void assertProblem(String yaml, String start) {
        ConfigException e = assertThrows(ConfigException.class, () -> BrandCatalog.parse(yaml, "b.yaml"));
        assertTrue(e.problems().stream().map(ConfigProblem::toString).anyMatch(p -> p.startsWith(start)),
                start + " among " + e.problems());
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
