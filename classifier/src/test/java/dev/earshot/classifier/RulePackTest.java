package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulePackTest {

    @Test
    void theDefaultPackCoversEveryCategoryAndKind() {
        RulePack pack = RulePack.defaults();
        for (Category c : List.of(Category.PAID, Category.FEEDBACK, Category.INFLUENCER, Category.ORGANIC_SHARE)) {
            assertTrue(pack.rules().stream().anyMatch(r -> r.category() == c), "a rule for " + c);
        }
        for (var kind : dev.earshot.model.FeedbackKind.values()) {
            assertTrue(pack.rules().stream().anyMatch(r -> r.kind() == kind && r.weight() > 0), "a rule for " + kind);
        }
    }

    @Test
    void aUserFileExtendsReplacesAndDisablesDefaultRules() throws Exception {
        RulePack pack = RulePack.parse("""
                disable: [paid.soft-disclosure-hashtag]
                rules:
                  - id: paid.promoted-flag
                    category: PAID
                    weight: 0.5
                    query: 'promoted:true'
                  - id: acme.giveaway
                    category: PAID
                    query: 'hashtags:#giveaway'
                """, "mine.yaml", RulePack.defaults());
        assertNull(pack.rule("paid.soft-disclosure-hashtag"));
        assertEquals(0.5, pack.rule("paid.promoted-flag").weight());
        assertNotNull(pack.rule("acme.giveaway"));
        assertEquals(RulePack.defaults().size() + 1 - 1, pack.size());
    }

    @Test
    void extendsNoneStartsFromAnEmptyPack() throws Exception {
        RulePack pack = RulePack.parse("""
                extends: none
                rules:
                  - id: only
                    category: PAID
                    query: 'promoted:true'
                """, "mine.yaml", RulePack.defaults());
        assertEquals(1, pack.size());
    }

    @Test
    void aFileMayOrderTheCategoriesAndAPackParsedOnItKeepsTheOrder() throws Exception {
        assertNull(RulePack.defaults().precedence(), "the default pack leaves the order to the settings");
        RulePack ordered = RulePack.parse("""
                precedence: [feedback, PAID, INFLUENCER, ORGANIC_SHARE]
                """, "mine.yaml", RulePack.defaults());
        assertEquals(List.of(Category.FEEDBACK, Category.PAID, Category.INFLUENCER, Category.ORGANIC_SHARE), ordered.precedence());
        assertEquals("FEEDBACK > PAID > INFLUENCER > ORGANIC_SHARE", ordered.precedenceText());
        assertNull(RulePack.defaults().precedenceText());
        assertEquals(ordered.precedence(), RulePack.parse("rules:\n", "more.yaml", ordered).precedence());
        assertNull(RulePack.parse("extends: none\n", "none.yaml", ordered).precedence());
    }

    @Test
    void aRuleMayStandAsideForRulesOfThePackItExtendsOrOfItsOwnFile() throws Exception {
        RulePack pack = RulePack.parse("""
                rules:
                  - id: charity-run
                    category: PAID
                    weight: -1.0
                    query: 'text:"charity run"'
                    unlessRules: [paid.disclosure-hashtag, paid.soft-disclosure-hashtag, my-own, my-own]
                  - id: my-own
                    category: PAID
                    query: 'hashtags:#partnerpost'
                """, "mine.yaml", RulePack.defaults());
        assertEquals(List.of("paid.disclosure-hashtag", "paid.soft-disclosure-hashtag", "my-own"),
                pack.rule("charity-run").unlessRules(), "each name once");
        assertEquals(List.of("paid.disclosure-hashtag", "paid.promoted-flag"), RulePack.defaults().rule("paid.event-sponsor").unlessRules());
    }

    /**
     * A number past a double's range reads as Infinity, and weights near it add up to Infinity (with
     * one of each sign, NaN): such a weight would outweigh every other rule, or silence them.
     */
    @Test
    void aWeightMustBeBounded() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                rules:
                  - id: endless
                    category: PAID
                    weight: 1e400
                    query: 'text:endless'
                  - id: against-everything
                    category: FEEDBACK
                    kind: any
                    weight: -1e308
                    query: 'text:against'
                """, "mine.yaml", RulePack.defaults()));
        assertTrue(e.getMessage().contains("mine.yaml:2: rule 'endless': weight must lie between -1000000 and 1000000, was Infinity"),
                e.getMessage());
        assertTrue(e.getMessage().contains("mine.yaml:6: rule 'against-everything': weight must lie between -1000000 and 1000000,"
                + " was -1.0E308"), e.getMessage());
        assertEquals(-1_000_000, RulePack.parse("""
                rules:
                  - id: strong
                    category: PAID
                    weight: -1000000
                    query: 'text:strong'
                """, "mine.yaml", RulePack.defaults()).rule("strong").weight());
    }

    @Test
    void aRuleCannotStandAsideForAnUnknownRuleOrItself() {
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                rules:
                  - id: charity-run
                    category: PAID
                    weight: -1.0
                    query: 'text:"charity run"'
                    unlessRules: [paid.disclosure-hashtags]
                  - id: selfish
                    category: PAID
                    query: 'text:selfish'
                    unlessRules: [selfish]
                  - id: scalar
                    category: PAID
                    query: 'text:scalar'
                    unlessRules: paid.disclosure-hashtag
                  - id: twice-wrong
                    category: PAID
                    query: 'text:(unclosed'
                    unlessRules: [twice-wrong, no-such-rule, no-such-rule]
                  - id: mapped
                    category: PAID
                    query: 'text:mapped'
                    unlessRules: {a: no-rule-either}
                  - id: names-the-broken-one
                    category: PAID
                    query: 'text:fine'
                    unlessRules: [twice-wrong]
                """, "mine.yaml", RulePack.defaults()));
        String message = e.getMessage();
        assertTrue(message.contains("mine.yaml:2: rule 'charity-run': unlessRules: no rule 'paid.disclosure-hashtags' in this file"
                + " or the pack it extends"), message);
        assertTrue(message.contains("mine.yaml:7: rule 'selfish': unlessRules names the rule itself"), message);
        assertTrue(message.contains("mine.yaml:11: rule 'scalar': unlessRules must be a list"), message);
        // A rule with another problem reports its unlessRules problem too, so one run lists them all.
        assertTrue(message.contains("mine.yaml:15: rule 'twice-wrong': query does not parse"), message);
        assertTrue(message.contains("mine.yaml:15: rule 'twice-wrong': unlessRules names the rule itself"), message);
        assertTrue(message.contains("mine.yaml:15: rule 'twice-wrong': unlessRules: no rule 'no-such-rule'"), message);
        assertEquals(2, message.split("no rule 'no-such-rule'", -1).length, "a name given twice is one problem: " + message);
        assertTrue(message.contains("rule 'mapped': unlessRules must be a list"), message);
        assertFalse(message.contains("no-rule-either"), "a map is no list of names: " + message);
        assertEquals(2, message.split("unlessRules names the rule itself", -1).length - 1, "selfish and twice-wrong, once each: " + message);
        // Naming a rule the file gives but could not read adds no problem of its own.
        assertFalse(message.contains("names-the-broken-one"), message);
    }

    @Test
    void disablingARuleThatAnotherStandsAsideForIsRefused() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                disable: [paid.disclosure-hashtag]
                """, "mine.yaml", RulePack.defaults()));
        assertTrue(e.getMessage().contains("mine.yaml:1: disable: rule 'paid.event-sponsor' stands aside for"
                + " 'paid.disclosure-hashtag' (unlessRules); disable it too, or give it again without that name"), e.getMessage());
        RulePack both = RulePack.parse("disable: [paid.disclosure-hashtag, paid.event-sponsor]\n", "both.yaml", RulePack.defaults());
        assertNull(both.rule("paid.event-sponsor"));
        RulePack replaced = RulePack.parse("""
                disable: [paid.disclosure-hashtag]
                rules:
                  - id: paid.disclosure-hashtag
                    category: PAID
                    query: 'hashtags:(#ad #anzeige)'
                """, "replaced.yaml", RulePack.defaults());
        assertEquals("hashtags:(#ad #anzeige)", replaced.rule("paid.disclosure-hashtag").queryString(),
                "disabled and given again, it is there to stand aside for");
        ConfigException list = assertThrows(ConfigException.class, () -> RulePack.parse("""
                rules:
                  - id: nested
                    category: PAID
                    query: 'text:nested'
                    unlessRules: [[paid.disclosure-hashtag]]
                """, "nested.yaml", RulePack.defaults()));
        assertTrue(list.getMessage().contains("nested.yaml:2: rule 'nested': unlessRules must be a list of rule ids"), list.getMessage());
    }

    @Test
    void unspacedTakesExactWordsOfItsScriptsOnly() throws Exception {
        RulePack.parse("""
                rules:
                  - id: broken-zh
                    category: FEEDBACK
                    kind: COMPLAINT
                    query: 'unspaced:(坏了 故障)'
                """, "fine.yaml", RulePack.defaults());
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                rules:
                  - id: latin
                    category: OTHER
                    query: 'unspaced:samsung'
                  - id: wildcard
                    category: OTHER
                    query: 'unspaced:小米*'
                """, "mine.yaml", RulePack.defaults()));
        assertTrue(e.getMessage().contains("mine.yaml:2: rule 'latin': unspaced:samsung can never match"), e.getMessage());
        assertTrue(e.getMessage().contains("mine.yaml:5: rule 'wildcard': unspaced takes exact words only"), e.getMessage());
    }

    @Test
    void anOrderOfCategoriesMustNameEachThatCanWinOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                precedence: [FEEDBACK, FEEDBACK, OTHER, PAID]
                """, "mine.yaml", RulePack.defaults()));
        String message = e.getMessage();
        assertTrue(message.contains("mine.yaml:1: precedence: FEEDBACK is listed twice"), message);
        assertTrue(message.contains("precedence[2]: 'OTHER' is not a category that can win"), message);
        assertTrue(message.contains("precedence: must list every category that can win; missing INFLUENCER, ORGANIC_SHARE"), message);
        ConfigException empty = assertThrows(ConfigException.class, () -> RulePack.parse("precedence: []\n", "empty.yaml", null));
        assertTrue(empty.getMessage().contains("missing PAID, FEEDBACK, INFLUENCER, ORGANIC_SHARE"), empty.getMessage());
        ConfigException scalar = assertThrows(ConfigException.class, () -> RulePack.parse("precedence: FEEDBACK\n", "one.yaml", null));
        assertTrue(scalar.getMessage().contains("precedence: must be a list"), scalar.getMessage());
    }

    @Test
    void badRulesAreReportedWithIdLineAndParserMessage() {
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                rules:
                  - id: broken.syntax
                    category: PAID
                    query: 'text:("unclosed'
                  - id: unknown.field
                    category: PAID
                    query: 'txt:hello'
                  - id: unknown.negated.field
                    category: PAID
                    query: 'text:hello -platfrom:x'
                  - id: bad.category
                    category: BRIBE
                    query: 'text:x'
                  - id: feedback.no.kind
                    category: FEEDBACK
                    query: 'text:x'
                  - id: only.negative
                    category: OTHER
                    query: '-text:x'
                  - id: bad.condition
                    category: ORGANIC_SHARE
                    requires: [brand-website]
                    query: 'text:x'
                disable: [no.such.rule]
                """, "mine.yaml", RulePack.defaults()));
        List<String> messages = e.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(8, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("mine.yaml:24: disable: no rule 'no.such.rule'"), messages.get(0));
        assertTrue(messages.get(1).startsWith("mine.yaml:2: rule 'broken.syntax': query does not parse: Cannot parse"), messages.get(1));
        assertTrue(messages.get(2).startsWith("mine.yaml:5: rule 'unknown.field': unknown field 'txt'"), messages.get(2));
        assertTrue(messages.get(3).startsWith("mine.yaml:8: rule 'unknown.negated.field': unknown field 'platfrom'"), messages.get(3));
        assertTrue(messages.get(4).startsWith("mine.yaml:11: rule 'bad.category': category must be one of"), messages.get(4));
        assertEquals("mine.yaml:14: rule 'feedback.no.kind': a FEEDBACK rule needs a kind", messages.get(5));
        assertTrue(messages.get(6).startsWith("mine.yaml:17: rule 'only.negative': a query of only negative clauses"), messages.get(6));
        assertTrue(messages.get(7).startsWith("mine.yaml:20: rule 'bad.condition': requires: unknown condition 'brand-website'"), messages.get(7));
    }

    @Test
    void aBrokenRegularExpressionAndADisableThatIsNoListAreProblemsNotCrashes() {
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                rules:
                  - id: broken.regex
                    category: PAID
                    query: 'text:/[a/'
                disable: promo-hashtag
                """, "mine.yaml", RulePack.defaults()));
        List<String> messages = e.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(2, messages.size(), messages.toString());
        assertEquals("mine.yaml:5: disable: must be a list", messages.get(0));
        assertTrue(messages.get(1).startsWith("mine.yaml:2: rule 'broken.regex': query does not parse: "), messages.get(1));
    }

    @Test
    void extendsWrittenAsAListIsRefusedNotTakenAsTheDefault() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> RulePack.parse("extends: [none]\nrules: []\n", "mine.yaml", RulePack.defaults()));
        assertEquals(List.of("mine.yaml:1: extends: must be 'default' or 'none', not a list"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void rulesAndDisableLeftEmptyAreNone() throws Exception {
        // Every entry commented out: YAML reads "rules:" as null, which is no rules, not a problem.
        RulePack pack = RulePack.parse("rules:\n#  - id: old.rule\ndisable:\n", "mine.yaml", RulePack.defaults());
        assertEquals(RulePack.defaults().size(), pack.size());
    }

    @Test
    void aFeedbackRuleMayLeaveTheKindToTheOthers() throws Exception {
        RulePack pack = RulePack.parse("""
                rules:
                  - id: mine.addressed
                    category: FEEDBACK
                    kind: Any
                    query: 'text:hello'
                """, "mine.yaml", RulePack.defaults());
        assertEquals(Category.FEEDBACK, pack.rule("mine.addressed").category());
        assertNull(pack.rule("mine.addressed").kind(), "of no kind of its own");
        ConfigException e = assertThrows(ConfigException.class, () -> RulePack.parse("""
                rules:
                  - id: paid.any
                    category: PAID
                    kind: any
                    query: 'text:hello'
                """, "mine.yaml", RulePack.defaults()));
        assertEquals("mine.yaml:2: rule 'paid.any': kind is only for FEEDBACK rules", e.problems().get(0).toString());
    }
}
