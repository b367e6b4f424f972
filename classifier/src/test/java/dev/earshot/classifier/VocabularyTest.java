package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Classification;
import dev.earshot.model.Mention;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    static Query query(String text) throws Exception {
        return new QueryParser("text", RulePack.analyzer()).parse(text);
    }

    static Vocabulary vocabularyOf(String... queries) throws Exception {
        List<Query> parsed = new ArrayList<>();
        for (String q : queries) {
            parsed.add(query(q));
        }
        return Vocabulary.of(parsed);
    }

    @Test
    void keepsTheTermsOfEveryClauseNegativeOnesIncluded() throws Exception {
        Vocabulary vocabulary = vocabularyOf("+text:sponsored -text:not", "hashtags:#ad");
        assertTrue(vocabulary.keeps("text", "sponsored"));
        assertTrue(vocabulary.keeps("text", "not"), "a term that rules a match out decides it as much");
        assertFalse(vocabulary.keeps("text", "weather"));
        assertTrue(vocabulary.keeps("hashtags", "#ad"));
        assertFalse(vocabulary.keeps("hashtags", "#sponsored"), "fields keep apart");
        assertFalse(vocabulary.reads("platform"));
        assertFalse(vocabulary.keeps("platform", "tiktok"));
    }

    @Test
    void keepsWhatEveryWildcardAcceptsWhetherJoinedOrFuzzy() throws Exception {
        Vocabulary vocabulary = vocabularyOf("text:complain*", "text:leak*", "text:gl?tch", "text:refund~1",
                "hosts:/shop\\.[a-z]+\\.com/");
        assertTrue(vocabulary.keeps("text", "complaining"));
        assertTrue(vocabulary.keeps("text", "leaks"));
        assertTrue(vocabulary.keeps("text", "glitch"));
        assertTrue(vocabulary.keeps("text", "refunds"), "within one edit of refund");
        assertFalse(vocabulary.keeps("text", "refundable"), "three edits away");
        assertFalse(vocabulary.keeps("text", "compliant"));
        assertTrue(vocabulary.keeps("hosts", "shop.lumora.com"));
        assertFalse(vocabulary.keeps("hosts", "lumora.com"));
        Vocabulary accented = Vocabulary.of(List.of(new PrefixQuery(new Term("text", "naï")), query("text:caf?")));
        assertTrue(accented.keeps("text", "naïve"), "a prefix beyond ASCII, joined with a wildcard");
        assertTrue(accented.keeps("text", "café"));
        assertFalse(accented.keeps("text", "naive"));
    }

    @Test
    void aQueryWhoseTermsCannotBeListedKeepsEverything() throws Exception {
        Vocabulary vocabulary = Vocabulary.of(List.of(query("text:sponsored"), new FieldExistsQuery("lang")));
        assertTrue(vocabulary.keeps("text", "weather"));
        assertTrue(vocabulary.reads("lang"));
    }

    @Test
    void filteredTokensLeaveTheirPositionsBehind() throws Exception {
        Vocabulary vocabulary = vocabularyOf("text:\"sponsored by\"");
        Analyzer analyzer = vocabulary.filter(RulePack.analyzer());
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", "Sponsored, as ever, by Lumora")) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term + "+" + increment.getPositionIncrement());
            }
            stream.end();
        }
        assertEquals(List.of("sponsored+1", "by+3"), tokens);
    }

    @Test
    void phrasesAndProximityMatchAsWrittenAcrossDroppedWords() throws Exception {
        RulePack pack = RulePack.parse("""
                extends: none
                rules:
                  - id: phrase
                    category: PAID
                    query: 'text:"sponsored by"'
                  - id: near
                    category: PAID
                    query: 'text:"sponsored by"~2'
                """, "mine.yaml", null);
        try (Classifier classifier = Classifier.create(BrandCatalog.empty(), pack, ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("phrase", "near"), rules(classifier, "Sponsored by Lumora"));
            assertEquals(List.of("near"), rules(classifier, "Sponsored, as ever, by Lumora"));
            assertEquals(List.of(), rules(classifier, "Sponsored and then much later on by Lumora"));
        }
    }

    private static List<String> rules(Classifier classifier, String text) {
        return classifier.classify(ClassifierTest.mention(text, 0, false)).get(0).rules();
    }

    /**
     * The filtering must not change a single result: the development set, the hostile texts and the
     * complaint tweets classify the same with it as with every term indexed, alone and in batches.
     */
    @Test
    void leavingOutUnmatchableTermsChangesNoResult() throws Exception {
        List<Mention> mentions = new ArrayList<>();
        DevelopmentSetTest.developmentSet().forEach(lm -> mentions.add(lm.mention()));
        mentions.addAll(ClassifierTest.hostileMentions());
        mentions.addAll(ComplaintDatasetTest.tweetsIfPresent());
        for (BrandCatalog brands : List.of(DevelopmentSetTest.developmentBrands(), BrandCatalog.empty())) {
            try (Classifier filtered = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT);
                    Classifier everyTerm = Classifier.indexingEveryTerm(brands, RulePack.defaults(),
                            ClassifierSettings.DEFAULT)) {
                List<List<Classification>> expected = everyTerm.classifyAll(mentions);
                assertEquals(expected, filtered.classifyAll(mentions));
                for (int i = 0; i < mentions.size(); i += 7) {
                    assertEquals(expected.get(i), filtered.classify(mentions.get(i)), mentions.get(i).text());
                }
                long fired = expected.stream().flatMap(List::stream).filter(c -> !c.rules().isEmpty()).count();
                assertTrue(fired > 200, "the comparison must cover rules that fire, got " + fired);
            }
        }
    }
}
