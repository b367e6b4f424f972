package dev.earshot.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.model.Category;
import dev.earshot.model.FeedbackKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * An ordered set of category {@link Rule}s, loaded from YAML.
 *
 * <p>The default pack ships as a resource ({@code default-rules.yaml}). A user file extends it:
 * its rules are added, a rule with an existing id replaces that rule, and ids listed under
 * {@code disable:} are removed; {@code extends: none} starts from an empty pack instead.
 *
 * <p>Every rule is parsed and checked at load time; a bad rule is reported with its id, its line and
 * the parser's message, never skipped.
 */
public final class RulePack {
    static final String DEFAULT_RESOURCE = "default-rules.yaml";
    /**
     * The kind of a FEEDBACK rule that tells that a post is feedback but not which kind: the kind
     * rules decide that, or it is a request when none of them points anywhere (see {@code Classifier}).
     */
    static final String ANY_KIND = "any";
    /** The largest weight a rule may have either way: far past any that decides, and summed over any rule file still finite. */
    static final double MAX_WEIGHT = 1_000_000;
    private static final Set<String> RULE_KEYS = Set.of("id", "category", "weight", "kind", "query",
            "requires", "unless", "unlessRules", "description");
    private static final Set<String> TOP_KEYS = Set.of("rules", "extends", "disable", "precedence");

    private final Map<String, Rule> rules;
    private final List<Category> precedence;

    private RulePack(Map<String, Rule> rules, List<Category> precedence) {
        this.rules = rules;
        this.precedence = precedence;
    }

    /** The pack that ships with Earshot. */
    public static RulePack defaults() {
        try (InputStream in = RulePack.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classifier jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "<default rule pack>", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("the default rule pack is invalid:\n" + e.getMessage(), e);
        }
    }

    /** The default pack extended (or replaced) by a user's rule file. */
    public static RulePack load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "cannot read: " + e)));
        }
        return parse(text, file.toString(), defaults());
    }

    /**
     * Parses a rule file.
     *
     * @param base the pack this file extends unless it says {@code extends: none}; null for none
     */
    public static RulePack parse(String yaml, String source, RulePack base) throws ConfigException {
        YamlEntries entries = YamlEntries.parse(yaml, source);
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : entries.keys()) {
            if (!TOP_KEYS.contains(key)) {
                problems.add(new ConfigProblem(source, entries.lineOf(key),
                        "unknown top-level key '" + key + "' (known: rules, extends, disable, precedence)"));
            } else if (!key.equals("extends") && !entries.isList(key)
                    && !(entries.scalar(key) != null && entries.scalar(key).isNull())) { // "rules:" left empty is none
                // "disable: promo-hashtag" would otherwise disable nothing, and say nothing.
                problems.add(new ConfigProblem(source, entries.lineOf(key), key + ": must be a list"));
            }
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        JsonNode extendsNode = entries.scalar("extends");
        boolean extend = base != null;
        if (entries.isList("extends")) {
            // "extends: [none]" would otherwise extend the default pack without a word.
            problems.add(new ConfigProblem(source, entries.lineOf("extends"), "extends: must be 'default' or 'none', not a list"));
        } else if (extendsNode != null) {
            String value = extendsNode.asText();
            if (value.equals("none")) {
                extend = false;
            } else if (!value.equals("default")) {
                problems.add(new ConfigProblem(source, entries.lineOf("extends"),
                        "extends: must be 'default' or 'none', was '" + value + "'"));
            }
        }
        if (extend) {
            rules.putAll(base.rules);
        }
        for (YamlEntries.Entry disabled : entries.list("disable")) {
            String id = disabled.node().asText();
            if (rules.remove(id) == null) {
                problems.add(new ConfigProblem(source, disabled.line(), "disable: no rule '" + id + "' to disable"));
            }
        }
        QueryParser parser = queryParser();
        Set<String> seen = new HashSet<>();
        Set<String> given = new HashSet<>(); // every id the file gives, its rule read or not
        for (YamlEntries.Entry entry : entries.list("rules")) {
            given.add(entry.node().path("id").asText(""));
            Rule rule = parseRule(entry, source, parser, problems);
            if (rule == null) {
                continue;
            }
            if (!seen.add(rule.id())) {
                problems.add(new ConfigProblem(source, entry.line(), "rule '" + rule.id() + "': duplicate id in this file"));
                continue;
            }
            rules.put(rule.id(), rule);
        }
        // The rules a rule stands aside for must be in the pack as it ends up. Disabling one a rule
        // still names would silently turn that rule's exception off ("#ad … sponsored the marathon"
        // would lose its disclosure), so it is refused where the disable is; a name that is no rule
        // anywhere is refused at the rule that gives it. The names are read from the file, so a rule
        // with problems of its own has these reported in the same run rather than after its fix.
        Set<String> checked = new HashSet<>();
        for (YamlEntries.Entry entry : entries.list("rules")) {
            String id = entry.node().path("id").asText("");
            if (id.isBlank() || !checked.add(id)) {
                continue;
            }
            JsonNode list = entry.node().path("unlessRules");
            Set<String> names = new java.util.LinkedHashSet<>(); // a name given twice is one problem
            if (list.isArray()) { // anything else is reported as no list where the rule is read
                list.forEach(named -> names.add(named.isTextual() ? named.asText() : ""));
            }
            for (String other : names) {
                // A rule the file gives but could not read has its own problem reported: naming it is none.
                if (!other.isBlank() && !other.equals(id) && !rules.containsKey(other) && !given.contains(other)
                        && !(extend && base.rules.containsKey(other))) {
                    problems.add(new ConfigProblem(source, entry.line(), "rule '" + id + "': unlessRules: no rule '"
                            + other + "' in this file or the pack it extends"));
                }
            }
        }
        for (YamlEntries.Entry disabled : entries.list("disable")) {
            String id = disabled.node().asText();
            if (rules.containsKey(id)) {
                continue; // disabled, then given again by this file
            }
            for (Rule rule : rules.values()) {
                if (rule.unlessRules().contains(id)) {
                    problems.add(new ConfigProblem(source, disabled.line(), "disable: rule '" + rule.id()
                            + "' stands aside for '" + id + "' (unlessRules); disable it too, or give it again without that name"));
                }
            }
        }
        // "precedence: []" is a list that misses every category, refused as such; no key (or an empty one) is none.
        List<Category> precedence = entries.isList("precedence")
                ? precedence(entries.list("precedence"), source, entries.lineOf("precedence"), problems)
                : (extend ? base.precedence : null);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new RulePack(rules, precedence);
    }

    /**
     * A {@code precedence:} list: each of PAID, FEEDBACK, INFLUENCER and ORGANIC_SHARE once, in the
     * order they win when several match. All four, so that no category's place is left to a guess.
     */
    private static List<Category> precedence(List<YamlEntries.Entry> listed, String source, int line,
                                             List<ConfigProblem> problems) {
        List<Category> order = new ArrayList<>();
        for (YamlEntries.Entry entry : listed) {
            String name = entry.node().asText("");
            Category category = null;
            try {
                category = Category.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // named below, with the categories that can win
            }
            if (category == null || category == Category.OTHER) {
                problems.add(new ConfigProblem(source, entry.line(), "precedence[" + entry.index() + "]: '" + name
                        + "' is not a category that can win (" + names(ClassifierSettings.RANKED) + "; OTHER is what is left when none matches)"));
            } else if (order.contains(category)) {
                problems.add(new ConfigProblem(source, entry.line(), "precedence: " + category + " is listed twice"));
            } else {
                order.add(category);
            }
        }
        List<Category> missing = ClassifierSettings.RANKED.stream().filter(c -> !order.contains(c)).toList();
        if (!missing.isEmpty()) {
            problems.add(new ConfigProblem(source, line, "precedence: must list every category that can win; missing "
                    + names(missing)));
        }
        return List.copyOf(order);
    }

    private static String names(List<Category> categories) {
        return String.join(", ", categories.stream().map(Category::name).toList());
    }

    public Collection<Rule> rules() {
        return rules.values();
    }

    /**
     * The order in which matched categories win, as the file gives it (a pack parsed on another keeps
     * that one's unless it gives its own); null when none does, and {@link ClassifierSettings#precedence()}
     * decides. The default pack gives none.
     */
    public List<Category> precedence() {
        return precedence;
    }

    /** {@link #precedence} as people read it, "FEEDBACK > PAID > INFLUENCER > ORGANIC_SHARE"; null when the pack gives none. */
    public String precedenceText() {
        return precedence == null ? null : String.join(" > ", precedence.stream().map(Category::name).toList());
    }

    public Rule rule(String id) {
        return rules.get(id);
    }

    public int size() {
        return rules.size();
    }

    /** The analyzer rule queries are parsed with; mention documents are analysed the same way. */
    static Analyzer analyzer() {
        Analyzer keywords = SocialAnalyzer.keywords();
        Map<String, Analyzer> perField = new LinkedHashMap<>();
        for (String field : MentionDocument.FIELDS) {
            if (!field.equals("text")) {
                perField.put(field, keywords);
            }
        }
        // Pieces are stored accent-folded, as text is, so "parts:Ørsted" must read "orsted".
        perField.put("parts", SocialAnalyzer.foldedKeywords());
        return new PerFieldAnalyzerWrapper(new SocialAnalyzer(), perField);
    }

    private static QueryParser queryParser() {
        QueryParser parser = new QueryParser("text", analyzer());
        parser.setDefaultOperator(QueryParser.Operator.OR);
        parser.setSplitOnWhitespace(true);
        parser.setAutoGeneratePhraseQueries(true);
        parser.setAllowLeadingWildcard(false);
        return parser;
    }

    private static Rule parseRule(YamlEntries.Entry entry, String source, QueryParser parser,
                                  List<ConfigProblem> problems) {
        JsonNode node = entry.node();
        String label = "rules[" + entry.index() + "]";
        if (!node.isObject()) {
            problems.add(new ConfigProblem(source, entry.line(), label + ": must be a map"));
            return null;
        }
        int before = problems.size();
        String id = node.path("id").asText("");
        if (id.isBlank()) {
            problems.add(new ConfigProblem(source, entry.line(), label + ": id is required"));
            return null;
        }
        label = "rule '" + id + "'";
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!RULE_KEYS.contains(key)) {
                problems.add(new ConfigProblem(source, entry.line(), label + ": unknown key '" + key + "'"));
            }
        }
        Category category = null;
        try {
            category = Category.valueOf(node.path("category").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(source, entry.line(), label + ": category must be one of "
                    + List.of(Category.values()) + ", was '" + node.path("category").asText("") + "'"));
        }
        double weight = 1.0;
        if (node.has("weight")) {
            if (!node.get("weight").isNumber()) {
                problems.add(new ConfigProblem(source, entry.line(), label + ": weight must be a number"));
            } else if (!(Math.abs(node.get("weight").doubleValue()) <= MAX_WEIGHT)) {
                // A number past a double's range reads as Infinity, and a few near it add up to Infinity,
                // or with one of each sign to NaN: one rule would outweigh, or silence, every other.
                problems.add(new ConfigProblem(source, entry.line(), label + ": weight must lie between -" + (long) MAX_WEIGHT
                        + " and " + (long) MAX_WEIGHT + ", was " + node.get("weight").asText()));
            } else {
                weight = node.get("weight").doubleValue();
            }
        }
        FeedbackKind kind = null;
        boolean anyKind = node.hasNonNull("kind") && ANY_KIND.equalsIgnoreCase(node.get("kind").asText());
        if (anyKind) {
            if (category != null && category != Category.FEEDBACK) {
                problems.add(new ConfigProblem(source, entry.line(), label + ": kind is only for FEEDBACK rules"));
            }
        } else if (node.hasNonNull("kind")) {
            try {
                kind = FeedbackKind.valueOf(node.get("kind").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(source, entry.line(), label + ": kind must be one of "
                        + List.of(FeedbackKind.values()) + " or " + ANY_KIND + ", was '" + node.get("kind").asText() + "'"));
            }
            if (category != null && category != Category.FEEDBACK) {
                problems.add(new ConfigProblem(source, entry.line(), label + ": kind is only for FEEDBACK rules"));
            }
        } else if (category == Category.FEEDBACK) {
            problems.add(new ConfigProblem(source, entry.line(), label + ": a FEEDBACK rule needs a kind"));
        }
        Set<BrandCondition> requires = conditions(node, "requires", source, entry.line(), label, problems);
        Set<BrandCondition> unless = conditions(node, "unless", source, entry.line(), label, problems);
        String queryString = node.path("query").asText("");
        Query query = null;
        if (queryString.isBlank()) {
            problems.add(new ConfigProblem(source, entry.line(), label + ": query is required"));
        } else {
            try {
                query = parser.parse(queryString);
                checkQuery(query, label, source, entry.line(), problems);
            } catch (ParseException | RuntimeException e) {
                // The query parser builds regular expression and wildcard queries as it parses, and
                // their errors ("/[a/", an expression too complex to compile) are unchecked.
                String message = String.valueOf(e.getMessage());
                int nl = message.indexOf('\n');
                problems.add(new ConfigProblem(source, entry.line(), label + ": query does not parse: "
                        + (nl < 0 ? message : message.substring(0, nl))));
            }
        }
        List<String> unlessRules = new ArrayList<>();
        JsonNode named = node.get("unlessRules");
        if (named != null && !named.isNull()) {
            if (!named.isArray()) {
                problems.add(new ConfigProblem(source, entry.line(), label + ": unlessRules must be a list"));
            } else {
                for (JsonNode other : named) {
                    if (!other.isTextual() || other.asText().isBlank()) {
                        problems.add(new ConfigProblem(source, entry.line(), label + ": unlessRules must be a list of rule ids"));
                    } else if (other.asText().equals(id)) {
                        problems.add(new ConfigProblem(source, entry.line(), label + ": unlessRules names the rule itself"));
                    } else if (!unlessRules.contains(other.asText())) {
                        unlessRules.add(other.asText());
                    }
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Rule(id, category, weight, kind, queryString, query, requires, unless, unlessRules);
    }

    /** The fields a query reads, in negative clauses too. */
    static Set<String> fieldsOf(Query query) {
        Set<String> fields = new HashSet<>();
        query.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                fields.add(field);
                return true;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this; // Lucene's default skips MUST_NOT clauses, whose fields count as much
            }
        });
        return fields;
    }

    private static void checkQuery(Query query, String label, String source, int line, List<ConfigProblem> problems) {
        for (String field : fieldsOf(query)) {
            if (!MentionDocument.FIELDS.contains(field)) {
                problems.add(new ConfigProblem(source, line, label + ": unknown field '" + field
                        + "' (fields: " + String.join(", ", MentionDocument.FIELDS) + ")"));
            }
        }
        if (query instanceof BooleanQuery bq && !bq.clauses().isEmpty()
                && bq.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT)) {
            problems.add(new ConfigProblem(source, line, label
                    + ": a query of only negative clauses matches nothing; add a positive clause such as *:*"));
        }
        if (query instanceof BooleanQuery bq && bq.clauses().isEmpty()) {
            problems.add(new ConfigProblem(source, line, label + ": query has no terms after analysis"));
        }
        checkUnspaced(query, label, source, line, problems);
    }

    /**
     * What a query asks of {@code unspaced}: only exact terms wholly in Chinese, Japanese, Korean or
     * Thai can ever be found there ({@link MentionDocument#namesInUnspacedRuns} looks each up as it
     * is), so anything else would be a rule that silently never fires.
     */
    private static void checkUnspaced(Query query, String label, String source, int line, List<ConfigProblem> problems) {
        query.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query q, Term... terms) {
                for (Term term : terms) {
                    if (term.field().equals(MentionDocument.UNSPACED) && !MentionDocument.isUnspacedWord(term.text())) {
                        problems.add(new ConfigProblem(source, line, label + ": unspaced:" + term.text()
                                + " can never match: the field holds words of Chinese, Japanese, Korean or Thai only"));
                    }
                }
            }

            @Override
            public void consumeTermsMatching(Query q, String field, Supplier<ByteRunAutomaton> automaton) {
                if (field.equals(MentionDocument.UNSPACED)) {
                    problems.add(new ConfigProblem(source, line, label
                            + ": unspaced takes exact words only, not wildcards, ranges or fuzzy terms"));
                }
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
    }

    private static Set<BrandCondition> conditions(JsonNode node, String key, String source, int line,
                                                  String label, List<ConfigProblem> problems) {
        Set<BrandCondition> conditions = EnumSet.noneOf(BrandCondition.class);
        JsonNode list = node.get(key);
        if (list == null || list.isNull()) {
            return conditions;
        }
        if (!list.isArray()) {
            problems.add(new ConfigProblem(source, line, label + ": " + key + " must be a list"));
            return conditions;
        }
        for (JsonNode item : list) {
            BrandCondition c = BrandCondition.fromKey(item.asText());
            if (c == null) {
                problems.add(new ConfigProblem(source, line, label + ": " + key + ": unknown condition '"
                        + item.asText() + "' (known: " + java.util.Arrays.stream(BrandCondition.values()).map(BrandCondition::key)
                        .collect(java.util.stream.Collectors.joining(", ")) + ")"));
            } else {
                conditions.add(c);
            }
        }
        return conditions;
    }
}
