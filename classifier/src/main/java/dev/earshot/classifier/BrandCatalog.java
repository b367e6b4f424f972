package dev.earshot.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.search.IndexSearcher;

/**
 * The tracked brands and competitor sets of one brand file (format in the design brief).
 *
 * <p>Loading checks the whole file and reports every problem with its line: duplicate or malformed
 * ids, brands with nothing to match on, unknown keys (a misspelt {@code keyword:} would otherwise
 * silently track nothing), competitor sets naming unknown brands.
 */
public final class BrandCatalog {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Set<String> BRAND_KEYS = Set.of("id", "name", "keywords", "handles", "hashtags", "domains", "exclude",
            "misspellings");
    private static final Set<String> SET_KEYS = Set.of("id", "brands");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    private final Map<String, Brand> brands;
    private final Map<String, CompetitorSet> competitorSets;
    /** By brand id, the misspellings each brand that takes them keeps ({@link #misspeltByWord}). */
    private final Map<String, Map<String, Set<String>>> misspellings = new java.util.HashMap<>();
    /** By brand id, the same forms all together ({@link #misspelt(Brand)}), read for every pair classified. */
    private final Map<String, Set<String>> misspeltForms = new java.util.HashMap<>();

    private BrandCatalog(Map<String, Brand> brands, Map<String, CompetitorSet> competitorSets) {
        this.brands = brands;
        this.competitorSets = competitorSets;
        if (brands.values().stream().anyMatch(Brand::misspellings)) {
            Set<String> names = new java.util.HashSet<>(); // every brand's one-word names
            for (Brand brand : brands.values()) {
                for (String keyword : brand.keywords()) {
                    List<String> tokens = Tokens.of(keyword);
                    if (tokens.size() == 1) {
                        names.add(tokens.get(0));
                    }
                }
            }
            for (Brand brand : brands.values()) {
                Map<String, Set<String>> kept = new LinkedHashMap<>();
                brand.misspeltByWord().forEach((word, forms) -> {
                    Set<String> left = new java.util.LinkedHashSet<>(forms);
                    left.removeAll(names);
                    kept.put(word, Set.copyOf(left));
                });
                misspellings.put(brand.id(), Map.copyOf(kept));
                Set<String> forms = new java.util.LinkedHashSet<>();
                kept.values().forEach(forms::addAll);
                misspeltForms.put(brand.id(), java.util.Collections.unmodifiableSet(forms));
            }
        }
    }

    /**
     * The brand's {@link Brand#misspeltByWord misspellings} as the catalog's brands are matched: a slip
     * of its name that is another tracked brand's one-word name stays that brand's, for the brand
     * query and for everything that reads the brand's names in a post. Empty for a brand that takes none.
     */
    public Map<String, Set<String>> misspeltByWord(Brand brand) {
        return misspellings.getOrDefault(brand.id(), Map.of());
    }

    /** The forms of {@link #misspeltByWord(Brand)}, all together. */
    public Set<String> misspelt(Brand brand) {
        return misspeltForms.getOrDefault(brand.id(), Set.of());
    }

    public static BrandCatalog of(List<Brand> brands, List<CompetitorSet> sets) {
        Map<String, Brand> byId = new LinkedHashMap<>();
        brands.forEach(b -> byId.put(b.id(), b));
        Map<String, CompetitorSet> setsById = new LinkedHashMap<>();
        sets.forEach(s -> setsById.put(s.id(), s));
        return new BrandCatalog(byId, setsById);
    }

    /** No brands: classify strategy only. */
    public static BrandCatalog empty() {
        return of(List.of(), List.of());
    }

    public static BrandCatalog load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "cannot read: " + e)));
        }
        return parse(text, file.toString());
    }

    /**
     * Whether a file is a brand file rather than a rule file, by its top-level keys as YAML reads them
     * (a byte order mark, JSON and any layout included); a file that does not parse is judged by a line
     * that opens with one of them, so its loader can say what is wrong.
     */
    public static boolean isBrandFile(String text) {
        try {
            for (String key : YamlEntries.parse(text, "").keys()) {
                if (key.equals("brands") || key.equals("competitorSets")) {
                    return true;
                }
            }
            return false;
        } catch (ConfigException e) {
            return java.util.regex.Pattern.compile("(?m)^\\uFEFF?\\s*\"?(brands|competitorSets)\"?\\s*:").matcher(text).find();
        }
    }

    /** The problem with a brand file of no brands, which the streams app refuses (it counts mentions per brand); null with some. */
    public ConfigProblem noBrands(String source) {
        return size() > 0 ? null : new ConfigProblem(source, 0, "names no brands: the streams app counts mentions per brand");
    }

    public static BrandCatalog parse(String yaml, String source) throws ConfigException {
        YamlEntries yamlEntries = YamlEntries.parse(yaml, source);
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : yamlEntries.keys()) {
            if (!key.equals("brands") && !key.equals("competitorSets")) {
                problems.add(new ConfigProblem(source, yamlEntries.lineOf(key),
                        "unknown top-level key '" + key + "' (known: brands, competitorSets)"));
            } else if (!yamlEntries.isList(key)) {
                problems.add(new ConfigProblem(source, yamlEntries.lineOf(key), key + ": must be a list"));
            }
        }
        Map<String, Brand> brands = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (YamlEntries.Entry entry : yamlEntries.list("brands")) {
            Fields f = new Fields(source, entry, "brands", problems);
            if (!f.isObject()) {
                continue;
            }
            f.rejectUnknownKeys(BRAND_KEYS);
            String id = f.id();
            List<String> keywords = f.strings("keywords", s -> s.strip());
            List<String> handles = f.strings("handles", s -> sigil('@', s));
            List<String> hashtags = f.strings("hashtags", s -> sigil('#', s));
            List<String> domains = f.strings("domains", s -> s.toLowerCase(Locale.ROOT));
            List<String> exclude = f.strings("exclude", s -> s.strip());
            for (int i = 0; i < domains.size(); i++) {
                // A host name has 253 characters at most; checked first, as the pattern's repeated group
                // takes a stack frame per label and a domain of 50,000 labels would overflow the stack.
                if (domains.get(i).length() > 253 || !HOST.matcher(domains.get(i)).matches()) {
                    f.problem("domains[" + i + "]: '" + domains.get(i) + "' is not a bare host name such as lumora.com");
                }
            }
            f.requireWords("keywords", keywords);
            f.requireWords("exclude", exclude);
            if (!exclude.isEmpty() && keywords.isEmpty()) {
                f.problem("exclude: only keywords are excluded, and the brand has none");
            }
            JsonNode misspellingsNode = entry.node().get("misspellings");
            boolean misspellings = misspellingsNode != null && misspellingsNode.isBoolean() && misspellingsNode.booleanValue();
            if (misspellingsNode != null && !misspellingsNode.isNull() && !misspellingsNode.isBoolean()) {
                f.problem("misspellings: must be true or false");
            }
            if (keywords.isEmpty() && handles.isEmpty() && hashtags.isEmpty() && domains.isEmpty()) {
                f.problem("nothing to match: give at least one of keywords, handles, hashtags, domains");
            }
            if (id == null) {
                continue;
            }
            if (brands.containsKey(id)) {
                f.problem("duplicate brand id '" + id + "' (first defined at line " + firstLine.get(id) + ")");
                continue;
            }
            firstLine.put(id, entry.line());
            String name = entry.node().path("name").isTextual() ? entry.node().get("name").textValue() : id;
            Brand brand = new Brand(id, name, keywords, handles, hashtags, domains, exclude, misspellings);
            Map<String, Set<String>> slips = brand.misspeltByWord();
            if (misspellings && slips.values().stream().allMatch(Set::isEmpty)) {
                f.problem("misspellings: no keyword of " + Brand.MISSPELT_FROM + " letters or more, a to z, to misspell");
            }
            if (!fitsOneQuery(brand, slips)) {
                // Refused here, with its line: Lucene refuses the query when the classifier is built, and
                // the app would stop on its exception.
                f.problem("too many names: more than " + IndexSearcher.getMaxClauseCount() + " clauses in one list of its"
                        + " query, which Lucene refuses (a one-word keyword is three: the word, the word inside a longer"
                        + " one, its hashtag); split it into brands of fewer names");
            }
            brands.put(id, brand);
        }
        Map<String, CompetitorSet> sets = new LinkedHashMap<>();
        for (YamlEntries.Entry entry : yamlEntries.list("competitorSets")) {
            Fields f = new Fields(source, entry, "competitorSets", problems);
            if (!f.isObject()) {
                continue;
            }
            f.rejectUnknownKeys(SET_KEYS);
            String id = f.id();
            List<String> members = f.strings("brands", s -> s);
            Set<String> seen = new java.util.HashSet<>();
            for (String member : members) {
                if (!brands.containsKey(member)) {
                    f.problem("unknown brand '" + member + "' (not in brands)");
                }
                if (!seen.add(member)) {
                    // Kept, it would count twice in the set's totals, and the shares would not add up to one.
                    f.problem("brand '" + member + "' listed twice");
                }
            }
            if (Set.copyOf(members).size() < 2) {
                f.problem("a competitor set compares at least two different brands");
            }
            if (id != null && sets.putIfAbsent(id, new CompetitorSet(id, members)) != null) {
                f.problem("duplicate competitor set id '" + id + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new BrandCatalog(brands, sets);
    }

    private static String sigil(char sigil, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.isEmpty() || v.charAt(0) == sigil ? v : sigil + v;
    }

    public Collection<Brand> brands() {
        return brands.values();
    }

    public Brand brand(String id) {
        return brands.get(id);
    }

    public Collection<CompetitorSet> competitorSets() {
        return competitorSets.values();
    }

    public CompetitorSet competitorSet(String id) {
        return competitorSets.get(id);
    }

    public int size() {
        return brands.size();
    }

    /**
     * Whether Lucene builds the brand's query: it holds each list of clauses to
     * {@link IndexSearcher#getMaxClauseCount()}. The Monitor splits a query's alternatives and runs them
     * one by one, so the query as a whole is never held to it.
     */
    static boolean fitsOneQuery(Brand brand, Map<String, Set<String>> slips) {
        try {
            Classifier.brandQuery(brand, slips); // all its slips: as many clauses as it can have
            return true;
        } catch (IndexSearcher.TooManyClauses e) {
            return false;
        }
    }

    /** Reads the fields of one list entry, recording problems against its line. */
    private static final class Fields {
        private final String source;
        private final YamlEntries.Entry entry;
        private final String list;
        private final List<ConfigProblem> problems;
        private String label;

        Fields(String source, YamlEntries.Entry entry, String list, List<ConfigProblem> problems) {
            this.source = source;
            this.entry = entry;
            this.list = list;
            this.problems = problems;
            this.label = list + "[" + entry.index() + "]";
        }

        boolean isObject() {
            if (!entry.node().isObject()) {
                problem("must be a map with an id");
                return false;
            }
            return true;
        }

        /** Each of the phrases under {@code key} must leave a word to match once analysed. */
        void requireWords(String key, List<String> phrases) {
            for (int i = 0; i < phrases.size(); i++) {
                if (Tokens.of(phrases.get(i)).isEmpty()) {
                    problem(key + "[" + i + "]: '" + phrases.get(i) + "' has no words to match");
                }
            }
        }

        void problem(String message) {
            problems.add(new ConfigProblem(source, entry.line(), label + ": " + message));
        }

        void rejectUnknownKeys(Set<String> known) {
            for (Iterator<String> it = entry.node().fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    problem("unknown key '" + key + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        String id() {
            JsonNode node = entry.node().get("id");
            if (node == null || !node.isValueNode() || node.asText().isBlank()) {
                problem("id is required");
                return null;
            }
            String id = node.asText();
            label = list + "[" + entry.index() + "] '" + id + "'";
            if (!ID.matcher(id).matches()) {
                problem("id must be 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
                return null;
            }
            return id;
        }

        List<String> strings(String key, java.util.function.UnaryOperator<String> normalise) {
            JsonNode node = entry.node().get(key);
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                problem(key + ": must be a list");
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                    problem(key + "[" + i + "]: must be a non-empty string");
                    continue;
                }
                values.add(normalise.apply(item.asText()));
            }
            return values;
        }
    }
}
