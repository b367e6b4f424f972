package dev.earshot.classifier;

import dev.earshot.classifier.language.LanguageDetector;
import dev.earshot.classifier.sentiment.SentimentScorer;
import dev.earshot.model.Sentiment;
import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.classifier.learned.FeedbackModel;
import dev.earshot.classifier.learned.SentimentModel;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.LearnedEvidence;
import dev.earshot.model.Mention;
import dev.earshot.model.Tier;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.index.Term;
import java.util.Collection;
import org.apache.lucene.document.Document;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Sorts mentions by strategy for every tracked brand they name.
 *
 * <p>Brand queries and category rules are stored together in one Lucene {@link Monitor}. Each
 * mention becomes one {@link MentionDocument}, and a single match pass answers both questions:
 * which brands it is about and which rules fire. The decision per brand then adds the weights of the
 * rules whose brand conditions hold, keeps the categories that reach the threshold as tags, and
 * picks the first of them in precedence order.
 *
 * <p>A classifier is immutable once built and safe to share between threads. To change brands or
 * rules, build a new one and swap it in; close the old one.
 */
public final class Classifier implements Closeable {

    /** Stored queries given to the Monitor in one call; see the constructor. */
    private static final int REGISTER_AT_ONCE = 100;

    private final BrandCatalog brands;
    private final RulePack rules;
    private final ClassifierSettings settings;
    /** The order in which matched categories win: the rule pack's, or the settings' when the pack gives none. */
    private final List<Category> precedence;
    private final Monitor monitor;
    private final Rule[] ruleByIndex;
    private final Brand[] brandByIndex;
    private final Vocabulary vocabulary;
    /** A trained scorer of feedback, asked where no feedback rule reached the threshold; or null. */
    private final FeedbackModel model;
    /** For each rule, by index, the rules whose firing makes it stand aside ({@link Rule#unlessRules}). */
    private final int[][] standsAsideFor;
    /**
     * For each rule, by index, whether it names brand conditions ({@link Rule#conditional}): asked for
     * every fired rule of every pair, where reading the rule's two sets each time showed in profiles.
     */
    private final boolean[] conditional;
    private final LanguageDetector languages;
    private final SentimentScorer sentiment = SentimentScorer.defaults();
    /** The indices of the rules whose query matches every document; they are not in the Monitor. */
    private final int[] rulesFiringAlways;
    /**
     * The indices of the rules whose query matches every document but some ({@code '*:* -shape:reply'});
     * the Monitor holds, in their place, the query of those exceptions (see {@link #exceptions}).
     */
    private final int[] rulesFiringUnless;
    /** The indices of the rules that require or exclude {@link BrandCondition#BRAND_SPONSOR}. */
    private final int[] rulesAskingForSponsor;
    /** A trained scorer of sentiment that reads the rules' features and decides in their place; or null. */
    private final SentimentModel sentimentModel;
    /** Each brand's forms as the sentiment scorer looks for them in a clause, by brand index. */
    private final List<List<String>> brandForms;
    /** The misspelt forms of a brand that takes them, as the catalog keeps them ({@link BrandCatalog#misspelt}). */
    private final java.util.function.Function<Brand, Set<String>> misspeltOf;
    /** {@link #misspeltOf} for each brand, by brand index, looked up once rather than for every pair. */
    private final List<Set<String>> slipsByIndex;

    private Classifier(BrandCatalog brands, RulePack rules, ClassifierSettings settings, FeedbackModel model,
                       SentimentModel sentimentModel, boolean everyTerm) throws IOException {
        this.brands = brands;
        this.misspeltOf = brands::misspelt;
        this.model = model;
        this.sentimentModel = sentimentModel;
        if (model != null) {
            for (String label : model.kinds()) {
                try {
                    FeedbackKind.valueOf(label);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the model's label " + label + " is not a feedback kind");
                }
            }
        }
        this.rules = rules;
        this.settings = settings;
        // The rule file's order when it gives one: rules are the owner's data, and the order in which
        // their categories win belongs with them.
        this.precedence = rules.precedence() != null ? rules.precedence() : settings.precedence();
        this.ruleByIndex = rules.rules().toArray(Rule[]::new);
        this.rulesAskingForSponsor = java.util.stream.IntStream.range(0, ruleByIndex.length)
                .filter(i -> ruleByIndex[i].requires().contains(BrandCondition.BRAND_SPONSOR)
                        || ruleByIndex[i].unless().contains(BrandCondition.BRAND_SPONSOR))
                .toArray();
        // A rule whose query matches every document ('*:*', whose conditions do the work) fires for every
        // mention without a Monitor query: run over a batch, such a query adds a match to every
        // document's results, which the decisions then read back.
        this.rulesFiringAlways = java.util.stream.IntStream.range(0, ruleByIndex.length)
                .filter(i -> ruleByIndex[i].query() instanceof MatchAllDocsQuery).toArray();
        // Likewise a rule matching every document but its exceptions fires for every mention its
        // exceptions' query does not match: the Monitor's presearcher can pass over most documents for
        // that query, where the rule's own matched, and was collected for, nearly every one.
        Query[] exceptionsOf = java.util.Arrays.stream(ruleByIndex).map(rule -> exceptions(rule.query())).toArray(Query[]::new);
        this.rulesFiringUnless = java.util.stream.IntStream.range(0, ruleByIndex.length)
                .filter(i -> exceptionsOf[i] != null).toArray();
        this.conditional = new boolean[ruleByIndex.length];
        for (int i = 0; i < ruleByIndex.length; i++) {
            conditional[i] = ruleByIndex[i].conditional();
        }
        Map<String, Integer> indexOfRule = new HashMap<>();
        for (int i = 0; i < ruleByIndex.length; i++) {
            indexOfRule.put(ruleByIndex[i].id(), i);
        }
        this.standsAsideFor = java.util.Arrays.stream(ruleByIndex)
                .map(rule -> rule.unlessRules().stream().mapToInt(other -> {
                    Integer index = indexOfRule.get(other);
                    if (index == null) { // RulePack refuses such a pack; a rule built by hand can still name one
                        throw new IllegalArgumentException("rule '" + rule.id() + "' stands aside for '" + other
                                + "', which is not in the pack");
                    }
                    return index;
                }).toArray())
                .toArray(int[][]::new);
        List<MonitorQuery> queries = new ArrayList<>(rules.size() + brands.size());
        for (int i = 0; i < ruleByIndex.length; i++) {
            Rule rule = ruleByIndex[i];
            if (!(rule.query() instanceof MatchAllDocsQuery) && exceptionsOf[i] == null) {
                queries.add(new MonitorQuery(queryId(i), rule.query()));
            }
        }
        this.brandByIndex = brands.brands().toArray(Brand[]::new);
        for (int i = 0; i < brandByIndex.length; i++) {
            Brand brand = brandByIndex[i];
            queries.add(new MonitorQuery(queryId(ruleByIndex.length + i), brandQuery(brand, brands.misspeltByWord(brand))));
        }
        for (int j = 0; j < rulesFiringUnless.length; j++) {
            queries.add(new MonitorQuery(queryId(ruleByIndex.length + brandByIndex.length + j),
                    exceptionsOf[rulesFiringUnless[j]]));
        }
        this.vocabulary = Vocabulary.of(queries.stream().map(MonitorQuery::getQuery).toList(), everyTerm);
        // Before the Monitor, which holds a purging thread until closed: an unknown language here
        // would otherwise leave one behind.
        this.languages = settings.sentiment() ? new LanguageDetector(settings.languages()) : null;
        Monitor built = new Monitor(vocabulary.filter(RulePack.analyzer()));
        try {
            // In parts: the Monitor turns each disjunct of every query of one call into a document before it
            // indexes any, each holding a 32 KB block of its terms. The default rules and 10,000 brands at
            // once took over 1 GB of heap; in parts of 100, 256 MB is enough (LargeCatalogTest), no slower.
            for (int from = 0; from < queries.size(); from += REGISTER_AT_ONCE) {
                built.register(queries.subList(from, Math.min(queries.size(), from + REGISTER_AT_ONCE)));
            }
        } catch (IOException | RuntimeException e) {
            built.close();
            throw e;
        }
        this.monitor = built;
        List<List<String>> forms = new ArrayList<>(brandByIndex.length);
        for (Brand brand : brandByIndex) {
            forms.add(java.util.stream.Stream.<Collection<String>>of(brand.keywords(), brand.handleForms(), brand.tagForms(), brand.domains())
                    .flatMap(Collection::stream).map(form -> SentimentScorer.fold(form.toLowerCase(java.util.Locale.ROOT))).toList());
        }
        this.brandForms = List.copyOf(forms);
        this.slipsByIndex = java.util.Arrays.stream(brandByIndex).map(misspeltOf).toList();
    }

    /**
     * A classifier of the rules alone. It reads no file: {@link ClassifierSettings#sentimentModel} is
     * read by {@link #load}; pass a read model to {@link #create(BrandCatalog, RulePack,
     * ClassifierSettings, FeedbackModel, SentimentModel)} instead.
     */
    public static Classifier create(BrandCatalog brands, RulePack rules, ClassifierSettings settings) {
        return create(brands, rules, settings, null, null, false);
    }

    /**
     * A classifier that also asks a trained {@link FeedbackModel}: a kind the model gives at least
     * its threshold's probability makes the pair FEEDBACK of that kind, in place of the kind the
     * rules found, and a model fairly sure a pair is not feedback takes the rules' feedback away
     * unless it names a kind itself, and a model sure a pair is feedback ({@code feedbackFrom}) makes a
     * pair the rules did not call feedback FEEDBACK of its likeliest kind, though no kind reaches the threshold.
     * Rules whose weights for their kind reach the model's {@code trustRulesFrom} keep their
     * decision; the model's view is reported beside it either way.
     */
    public static Classifier create(BrandCatalog brands, RulePack rules, ClassifierSettings settings, FeedbackModel model) {
        return create(brands, rules, settings, model, null, false);
    }

    /**
     * A classifier that also asks trained models: the feedback model as {@link #create(BrandCatalog,
     * RulePack, ClassifierSettings, FeedbackModel)} does (or null), and a {@link SentimentModel} that
     * decides each English pair's sentiment from the rules' reading of it (or null for the rules alone).
     */
    public static Classifier create(BrandCatalog brands, RulePack rules, ClassifierSettings settings, FeedbackModel model,
                                    SentimentModel sentimentModel) {
        return create(brands, rules, settings, model, sentimentModel, false);
    }

    /**
     * As {@link #create}, but every term of a mention is indexed, not only those some stored query
     * can match: the reference that tests hold the {@link Vocabulary} filtering to.
     */
    static Classifier indexingEveryTerm(BrandCatalog brands, RulePack rules, ClassifierSettings settings) {
        return create(brands, rules, settings, null, null, true);
    }

    private static Classifier create(BrandCatalog brands, RulePack rules, ClassifierSettings settings,
                                     FeedbackModel model, SentimentModel sentimentModel, boolean everyTerm) {
        Objects.requireNonNull(brands, "brands");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(settings, "settings");
        try {
            return new Classifier(brands, rules, settings, model, sentimentModel, everyTerm);
        } catch (IOException e) {
            throw new UncheckedIOException("building the in-memory query index failed", e);
        }
    }

    /**
     * A classifier from files, as the commands and the streams app name them.
     *
     * @param brandFile the brand file, or null for strategy only
     * @param ruleFile  a rule file extending the default pack, or null for the defaults
     * @param modelFile a model written by {@code earshot train}, or null for rules alone
     * @param settings  its settings; {@link ClassifierSettings#sentimentModel} names a model written by
     *                  {@code earshot train-sentiment}, read here
     * @throws ConfigException naming the file and what is wrong with it
     */
    public static Classifier load(java.nio.file.Path brandFile, java.nio.file.Path ruleFile,
                                  java.nio.file.Path modelFile, ClassifierSettings settings) throws ConfigException {
        BrandCatalog brands = brandFile == null ? BrandCatalog.empty() : BrandCatalog.load(brandFile);
        RulePack rules = ruleFile == null ? RulePack.defaults() : RulePack.load(ruleFile);
        FeedbackModel model = null;
        if (modelFile != null) {
            try {
                model = FeedbackModel.read(modelFile);
            } catch (IOException e) {
                throw new ConfigException(List.of(new ConfigProblem(modelFile.toString(), 0, e.getMessage())));
            }
        }
        SentimentModel sentimentModel = null;
        if (settings.sentimentModel() != null) {
            try {
                sentimentModel = SentimentModel.read(settings.sentimentModel());
            } catch (IOException e) {
                throw new ConfigException(List.of(new ConfigProblem(settings.sentimentModel().toString(), 0, e.getMessage())));
            }
        }
        try {
            return create(brands, rules, settings, model, sentimentModel);
        } catch (IllegalArgumentException e) {
            // What the classifier refuses is a model's labels or the settings' languages.
            boolean aboutModel = modelFile != null && String.valueOf(e.getMessage()).startsWith("the model");
            throw new ConfigException(List.of(new ConfigProblem(aboutModel ? modelFile.toString() : "classifier settings", 0,
                    e.getMessage())));
        }
    }

    /** A strategy-only classifier with the default rules and no brands. */
    public static Classifier strategyOnly() {
        return create(BrandCatalog.empty(), RulePack.defaults(), ClassifierSettings.DEFAULT);
    }

    public BrandCatalog brands() {
        return brands;
    }

    public RulePack rules() {
        return rules;
    }

    public ClassifierSettings settings() {
        return settings;
    }

    /** The trained feedback model, or null. */
    public FeedbackModel model() {
        return model;
    }

    /** The trained sentiment model, or null. */
    public SentimentModel sentimentModel() {
        return sentimentModel;
    }

    /**
     * What a trained model reads of a mention for each brand it names (one entry with a null brand
     * when no brands are tracked): {@link MentionDocument#features}, {@code rule:<id>} for every
     * rule that fired for that brand, so a model learns how far to trust each rule on its owner's
     * data, {@code fact:<condition>} for every brand condition that holds for the pair
     * ({@code fact:brand_addressed}, {@code fact:another_brand_sponsor} …), the words beside the
     * brand's names and handles ({@link MentionDocument#wordsBeside}), and {@code lexicon:<n>},
     * the sentiment lexicon's score of the text in quarter steps ({@code lexicon:-2} for -0.5).
     * {@code earshot train} builds its examples with this.
     */
    public Map<String, Set<String>> features(Mention mention) {
        MentionDocument doc = document(mention);
        Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        Decisions d = decisions(doc, match(doc.document()), 0);
        // A pair judged on its clauses is read by a loaded model on them (decide): it learns from the same.
        Map<Integer, Judged> judged = attributeFeedback(new MentionDocument[] {doc}, new Decisions[] {d}, new NamedForms[1],
                new SentimentScorer.Reading[1]).getOrDefault(0, Map.of());
        for (int k = 0; k < d.decided().size(); k++) {
            Classification c = d.decided().get(k);
            Brand brand = c.brand() == null ? null : brands.brand(c.brand());
            Judged onClauses = judged.get(k);
            MentionDocument read = onClauses == null ? doc : onClauses.clauses();
            List<String> fired = onClauses == null ? c.rules() : onClauses.decision().rules();
            out.put(c.brand(), features(read, brand, facts(read, brand, true, d.aboutOthers().get(k)), fired));
        }
        return out;
    }

    /** The facts about the mention relative to {@code brand} ({@link MentionDocument#factsFor}), with what it says of the others. */
    private static Set<BrandCondition> facts(MentionDocument doc, Brand brand, boolean sponsor, Set<BrandCondition> aboutOthers) {
        Set<BrandCondition> facts = doc.factsFor(brand, sponsor);
        facts.addAll(aboutOthers);
        return facts;
    }

    private Set<String> features(MentionDocument doc, Brand brand, Set<BrandCondition> facts, List<String> firedRules) {
        Set<String> features = new java.util.LinkedHashSet<>(doc.features());
        firedRules.forEach(rule -> features.add(FeedbackModel.RULE_FEATURE + rule));
        // What the post says of the brand (put to it, opening on it, its own post, its link …) and of the
        // others it names, as the rules' conditions read it: the owner's labels teach how far each tells
        // feedback, for brands they never named. In 5-fold cross-validation on the labelled sets' tuning
        // parts (UnseenMentionsTest) the model went from 0.966 to 0.968, its kinds from 0.805 to 0.811.
        for (BrandCondition fact : facts) {
            features.add("fact:" + fact.name().toLowerCase(java.util.Locale.ROOT));
        }
        // The words on either side of the brand's name or handle ("thanks <brand>", "<brand> support",
        // "at <brand>"), the same for every brand: in the same cross-validation the model went from
        // 0.963 to 0.965, its kinds from 0.803 to 0.807 (complaints-dev.csv names no tracked brand).
        features.addAll(doc.wordsBeside(brand));
        // The sentiment lexicon's score of the whole text, in quarter steps: complaints lean negative
        // in words no complaint rule lists. In 5-fold cross-validation on the tuning part of
        // complaints-dev.csv it raised complaint F1 from 0.781 to 0.787 (README, "The trained scorer").
        features.add("lexicon:" + Math.round(sentiment.score(doc.mention().text()).score() * 4));
        return features;
    }

    /**
     * Classifies a mention for every tracked brand it names, in brand-file order. With no brands
     * tracked it returns one strategy-only result with a null brand; with brands tracked and none
     * named, an empty list.
     */
    public List<Classification> classify(Mention mention) {
        MentionDocument doc = document(mention);
        return decideAll(doc, match(doc.document()));
    }

    private MentionDocument document(Mention mention) {
        return new MentionDocument(composed(mention), settings.influencerFollowers(), vocabulary, misspeltOf);
    }

    /**
     * The mention with its text in composed form (NFC), as brand names and rules are written: text
     * typed on some systems, or passed through some tools, writes "é" as "e" and a combining accent,
     * and "Nestle\u0301" then named no brand. The mention that is published keeps its text as sent.
     */
    static Mention composed(Mention m) {
        if (java.text.Normalizer.isNormalized(m.text(), java.text.Normalizer.Form.NFC)) {
            return m;
        }
        return new Mention(m.id(), m.platform(), m.createdAt(), m.author(),
                java.text.Normalizer.normalize(m.text(), java.text.Normalizer.Form.NFC), m.url(), m.links(), m.lang(),
                m.engagement(), m.promoted());
    }

    /**
     * A stored query's id: its place, rules first, brands after {@code ruleByIndex.length}, and after
     * them the exceptions of {@link #rulesFiringUnless}. The
     * Monitor hashes the id of every match it collects, and the decisions read the place back, so a
     * short number costs less than a rule's name in both.
     */
    private static String queryId(int place) {
        return Integer.toString(place);
    }

    /**
     * For a query that matches every document but those its prohibited clauses match ({@code '*:* -X'},
     * {@code '*:* -X -Y'}), a query matching exactly those exceptions ({@code 'X Y'}); null for any
     * other query.
     */
    static Query exceptions(Query query) {
        if (!(query instanceof BooleanQuery bool) || bool.getMinimumNumberShouldMatch() != 0) {
            return null;
        }
        BooleanQuery.Builder exceptions = new BooleanQuery.Builder();
        boolean everything = false;
        boolean excepted = false;
        for (BooleanClause clause : bool.clauses()) {
            if (clause.getOccur() == BooleanClause.Occur.MUST_NOT) {
                exceptions.add(clause.getQuery(), BooleanClause.Occur.SHOULD);
                excepted = true;
            } else if (clause.getQuery() instanceof MatchAllDocsQuery) {
                everything = true;
            } else {
                return null;
            }
        }
        return everything && excepted ? exceptions.build() : null;
    }

    /** A stored query's place, read back from the id {@link #queryId} gave it. */
    static int place(String queryId) {
        return Integer.parseInt(queryId);
    }

    /** The stored queries, rules and brands, that each of {@code documents} matches, in one Monitor pass. */
    private StoredQueryHits match(Document... documents) {
        StoredQueryHits[] hits = new StoredQueryHits[1];
        try {
            monitor.match(documents, searcher -> hits[0] = new StoredQueryHits(searcher, documents.length));
        } catch (IOException e) {
            throw new UncheckedIOException("matching against the in-memory index failed", e);
        }
        return hits[0];
    }

    /**
     * Classifies several mentions in one Monitor pass; the results are those of {@link #classify}
     * for each mention, in order. The batch is indexed once and each candidate query runs once over
     * it, so a mention costs several times less than alone once batches hold thousands.
     */
    public List<List<Classification>> classifyAll(List<Mention> mentions) {
        if (mentions.isEmpty()) {
            return List.of();
        }
        MentionDocument[] docs = new MentionDocument[mentions.size()];
        Document[] documents = new Document[docs.length];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = document(mentions.get(i));
            documents[i] = docs[i].document();
        }
        StoredQueryHits hits = match(documents);
        Decisions[] decisions = new Decisions[docs.length];
        NamedForms[] forms = new NamedForms[docs.length];
        for (int i = 0; i < docs.length; i++) {
            decisions[i] = decisions(docs[i], hits, i);
        }
        SentimentScorer.Reading[] readings = new SentimentScorer.Reading[docs.length];
        attributeFeedback(docs, decisions, forms, readings);
        List<List<Classification>> results = new ArrayList<>(docs.length);
        if (languages == null) {
            for (Decisions d : decisions) {
                results.add(d.decided());
            }
            return results;
        }
        // Languages in a pass of their own: langid-java walks a 4.7 MB table of byte transitions, whose
        // busy part stays in the processor's cache from one post to the next here, where between
        // the rules' and the sentiment reader's work for each mention it did not. In paired timings
        // (ClassifierBenchmark, -Dpaired) the rate with sentiment and language went from 0.68-0.69
        // of the rate without them to 0.71-0.73. Reading for sentiment in a pass of its own as well
        // was no better (0.69-0.70): its readings then wait in memory for the scoring.
        String[] language = new String[docs.length];
        for (int i = 0; i < docs.length; i++) {
            if (!decisions[i].decided().isEmpty()) {
                Mention m = docs[i].mention();
                if (forms[i] == null) {
                    forms[i] = namedForms(decisions[i].named(), m.text());
                }
                language[i] = languages.detect(m.text(), m.lang(), forms[i].all());
            }
        }
        for (int i = 0; i < docs.length; i++) {
            List<Classification> decided = decisions[i].decided();
            String text = docs[i].mention().text();
            results.add(decided.isEmpty() ? decided : withPerception(decided, forms[i], language[i],
                    readingIn(language[i], text, readings[i])));
        }
        return results;
    }

    private List<Classification> decideAll(MentionDocument doc, StoredQueryHits hits) {
        Decisions d = decisions(doc, hits, 0);
        NamedForms[] forms = new NamedForms[1];
        SentimentScorer.Reading[] readings = new SentimentScorer.Reading[1];
        attributeFeedback(new MentionDocument[] {doc}, new Decisions[] {d}, forms, readings);
        if (languages == null || d.decided().isEmpty()) {
            return d.decided();
        }
        return withPerception(doc.mention(), d.decided(), forms[0] != null ? forms[0] : namedForms(d.named(), doc.mention().text()),
                readings[0]);
    }

    /**
     * The rules' decisions, one per tracked brand named in brand-file order (or one with a null brand
     * when none are tracked), before sentiment and language; the named brands' indices; and, for each
     * decision, what the post says of the other brands it names relative to this one.
     */
    private record Decisions(List<Classification> decided, List<Integer> named, List<Set<BrandCondition>> aboutOthers) {
    }

    /** The decisions for {@code doc}, which is document {@code at} of the match {@code hits} come from. */
    private Decisions decisions(MentionDocument doc, StoredQueryHits hits, int at) {
        List<Integer> named = new ArrayList<>(2);
        boolean[] fired = fired(hits, at, named);
        // Brand-file order, whatever order the Monitor reported them in.
        named.sort(null);
        List<Classification> decided = new ArrayList<>(Math.max(1, named.size()));
        List<Set<BrandCondition>> aboutOthers = new ArrayList<>(Math.max(1, named.size()));
        if (brands.size() == 0) {
            aboutOthers.add(EnumSet.noneOf(BrandCondition.class));
            decided.add(decide(null, doc, fired, aboutOthers.get(0)));
        } else {
            // Which of the brands named the post credits as its sponsor, and which it speaks to: only a
            // post naming two or more can be another brand's ad, or put to another brand.
            boolean[] partner = new boolean[named.size()];
            boolean[] spokenTo = new boolean[named.size()];
            boolean[] denied = new boolean[named.size()];
            boolean anyPartner = false;
            boolean anySpokenTo = false;
            boolean anyDenied = false;
            if (named.size() > 1) {
                int[][] denials = new int[named.size()][];
                for (int k = 0; k < named.size(); k++) {
                    Brand brand = brandByIndex[named.get(k)];
                    partner[k] = doc.namesAsPartner(brand);
                    spokenTo[k] = doc.speaksTo(brand);
                    anyPartner |= partner[k];
                    anySpokenTo |= spokenTo[k];
                    denials[k] = doc.denialDistances(brand);
                }
                // Each denial of payment is said of the brand named nearest before it in its sentence;
                // with none before it, of every brand named after it there.
                for (int d = 0; d < denials[0].length; d++) {
                    int nearest = -1;
                    for (int k = 0; k < named.size(); k++) {
                        if (denials[k][d] != Integer.MAX_VALUE && (nearest < 0 || denials[k][d] < denials[nearest][d])) {
                            nearest = k;
                        }
                    }
                    if (nearest < 0) {
                        continue;
                    }
                    anyDenied = true;
                    for (int k = 0; k < named.size(); k++) {
                        if (k == nearest || (denials[nearest][d] >= MentionDocument.NAMED_AFTER && denials[k][d] != Integer.MAX_VALUE)) {
                            denied[k] = true;
                        }
                    }
                }
            }
            for (int k = 0; k < named.size(); k++) {
                Set<BrandCondition> others = EnumSet.noneOf(BrandCondition.class);
                if (anyPartner && !partner[k]) {
                    others.add(BrandCondition.ANOTHER_BRAND_SPONSOR);
                }
                if (anySpokenTo && !spokenTo[k]) {
                    others.add(BrandCondition.ANOTHER_BRAND_ADDRESSED);
                }
                if (denied[k]) {
                    others.add(BrandCondition.BRAND_DENIED);
                } else if (anyDenied) {
                    others.add(BrandCondition.ANOTHER_BRAND_DENIED);
                }
                aboutOthers.add(others);
                decided.add(decide(brandByIndex[named.get(k)], doc, fired, others));
            }
        }
        return new Decisions(decided, named, aboutOthers);
    }

    /**
     * The rules that fire for document {@code at} of the match {@code hits} come from; the tracked
     * brands it names are added to {@code named}.
     */
    private boolean[] fired(StoredQueryHits hits, int at, List<Integer> named) {
        boolean[] fired = new boolean[ruleByIndex.length];
        for (int i : rulesFiringAlways) {
            fired[i] = true;
        }
        for (int i : rulesFiringUnless) {
            fired[i] = true;
        }
        int[] places = hits.places(at);
        for (int h = 0, count = hits.count(at); h < count; h++) {
            int index = places[h];
            if (index < fired.length) {
                fired[index] = true;
            } else if (index < fired.length + brandByIndex.length) {
                if (!named.contains(index - fired.length)) { // a brand's query split into disjuncts hits once for each
                    named.add(index - fired.length);
                }
            } else {
                fired[rulesFiringUnless[index - fired.length - brandByIndex.length]] = false; // an exception matched
            }
        }
        return fired;
    }

    /**
     * Judges the feedback of a post naming two or more tracked brands for each brand on the clauses
     * that bear on it ({@link SentimentScorer#clausesAbout}), where the whole post was judged feedback
     * for it (a FEEDBACK tag, whatever won): "Lumora is great. Vantor is awful." is a complaint of Vantor,
     * not of Lumora, and "I love my Lumora, but Vantor support is useless" praise of Lumora. The rules
     * run again on those clauses, for those pairs only, in one Monitor pass; what they find there is
     * the pair's feedback (its kind, its FEEDBACK tag and feedback rules), and the rest of the whole
     * post's decision stands (its other tags and rules, and so a PAID or ORGANIC_SHARE the whole post
     * has), the category taken again in precedence order. Replaces entries of each {@link Decisions#decided()}.
     *
     * @param forms each document's named brands' forms, filled in here where missing and needed
     * @param readings each document's text read for its clauses ({@link SentimentScorer#readClauses}),
     *                 filled in here where read, so that its sentiment is scored on the same reading
     * @return the clause documents and the decisions made on them, by document and pair, for
     *         {@link #features(Mention)}
     */
    private Map<Integer, Map<Integer, Judged>> attributeFeedback(MentionDocument[] docs, Decisions[] decisions, NamedForms[] forms,
                                                                 SentimentScorer.Reading[] readings) {
        record Part(int doc, int pair, MentionDocument clauses) {
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            List<Classification> decided = decisions[i].decided();
            if (decisions[i].named().size() < 2 || brands.size() == 0) {
                continue;
            }
            Mention m = docs[i].mention();
            SentimentScorer.Reading clauses = null; // read once for every brand of the post
            for (int k = 0; k < decided.size(); k++) {
                if (!decided.get(k).tags().contains(Category.FEEDBACK)) {
                    continue;
                }
                if (forms[i] == null) {
                    forms[i] = namedForms(decisions[i].named(), m.text());
                }
                if (clauses == null) {
                    clauses = sentiment.readClauses(m.text());
                    readings[i] = clauses;
                }
                String about = SentimentScorer.clausesAbout(m.text(), clauses, forms[i].own(k), forms[i].others(k));
                if (about != null) {
                    parts.add(new Part(i, k, document(new Mention(m.id(), m.platform(), m.createdAt(), m.author(), about, m.url(),
                            m.links(), m.lang(), m.engagement(), m.promoted()))));
                }
            }
        }
        if (parts.isEmpty()) {
            return Map.of();
        }
        Document[] documents = new Document[parts.size()];
        for (int p = 0; p < documents.length; p++) {
            documents[p] = parts.get(p).clauses().document();
        }
        StoredQueryHits hits = match(documents);
        Map<Integer, Map<Integer, Judged>> judged = new java.util.HashMap<>();
        for (int p = 0; p < documents.length; p++) {
            Part part = parts.get(p);
            Decisions d = decisions[part.doc()];
            Classification onClauses = decide(brandByIndex[d.named().get(part.pair())], part.clauses(),
                    fired(hits, p, new ArrayList<>(2)), d.aboutOthers().get(part.pair()));
            d.decided().set(part.pair(), withFeedbackOf(d.decided().get(part.pair()), onClauses));
            judged.computeIfAbsent(part.doc(), x -> new java.util.HashMap<>()).put(part.pair(), new Judged(part.clauses(), onClauses));
        }
        return judged;
    }

    /** A pair's clause document and the decision made on it ({@link #attributeFeedback}). */
    private record Judged(MentionDocument clauses, Classification decision) {
    }

    /**
     * The whole post's decision with the feedback judged on the brand's clauses: their kind, FEEDBACK
     * tag and feedback rules in place of the whole post's, the other tags and rules as they were, and
     * the category the tags give in precedence order.
     */
    private Classification withFeedbackOf(Classification whole, Classification onClauses) {
        Set<Category> tags = EnumSet.noneOf(Category.class);
        tags.addAll(whole.tags());
        tags.remove(Category.FEEDBACK);
        if (onClauses.feedbackKind() != null) {
            tags.add(Category.FEEDBACK);
        }
        Category category = categoryOf(tags);
        List<String> fired = new ArrayList<>();
        for (String id : whole.rules()) {
            if (rules.rule(id).category() != Category.FEEDBACK) {
                fired.add(id);
            }
        }
        for (String id : onClauses.rules()) {
            if (rules.rule(id).category() == Category.FEEDBACK) {
                fired.add(id);
            }
        }
        return new Classification(whole.brand(), category, tags, onClauses.feedbackKind(), whole.tier(), fired,
                onClauses.learned());
    }

    /**
     * The decisions with the mention's language and each pair's sentiment toward its brand. English
     * is the one language the lexicon reads; text with no letters (emoji, emoticons) is read too.
     * {@code read} as {@link #readingIn} takes it.
     */
    private List<Classification> withPerception(Mention mention, List<Classification> decided, NamedForms forms,
                                                SentimentScorer.Reading read) {
        String language = languages.detect(mention.text(), mention.lang(), forms.all());
        return withPerception(decided, forms, language, readingIn(language, mention.text(), read));
    }

    /** The decisions with the language and each pair's sentiment from the reading (null: not read). */
    private List<Classification> withPerception(List<Classification> decided, NamedForms forms, String language,
                                                SentimentScorer.Reading reading) {
        List<Classification> results = new ArrayList<>(decided.size());
        for (int k = 0; k < decided.size(); k++) {
            Classification c = decided.get(k);
            Sentiment s = null;
            if (reading != null) {
                s = sentimentToward(reading, forms.own(k), forms.others(k), c.feedbackKind());
            }
            results.add(c.withPerception(s, language));
        }
        return results;
    }

    /**
     * The text read for sentiment, or null in a language the lexicon does not read: English is the one
     * it reads; text with no letters (a null language) is read too. {@code read}: the text's reading
     * for its clauses where it was read for them, taken rather than reading it again (null: read it now).
     */
    private SentimentScorer.Reading readingIn(String language, String text, SentimentScorer.Reading read) {
        if (language != null && !"en".equals(language)) {
            return null;
        }
        return read != null ? read : sentiment.read(text);
    }

    /** The sentiment model's reading of the rules' features when one is loaded, the rules' own otherwise. */
    private Sentiment sentimentToward(SentimentScorer.Reading reading, List<String> own, List<String> others, FeedbackKind kind) {
        return sentimentModel == null ? sentiment.score(reading, own, others, kind)
                : sentimentModel.score(sentiment.features(reading, own, others, kind));
    }

    /**
     * The mention's text read for sentiment, or null with sentiment off or in a language the scorer does
     * not read; its language told without the names of the brands it names ({@code forms}), as pairs are;
     * {@code read} as {@link #readingIn} takes it.
     */
    private SentimentScorer.Reading readingOf(Mention mention, NamedForms forms, SentimentScorer.Reading read) {
        return languages == null ? null
                : readingIn(languages.detect(mention.text(), mention.lang(), forms.all()), mention.text(), read);
    }

    /**
     * The forms of each tracked brand a mention names ({@link #formsIn}), in the order of its pairs:
     * found once per mention, for its language (all of them, to leave out) and each pair's sentiment
     * (its own brand's and the others').
     */
    private record NamedForms(List<List<String>> byBrand) {
        List<String> all() {
            return byBrand.size() == 1 ? byBrand.get(0) : byBrand.stream().flatMap(List::stream).toList();
        }

        List<String> own(int k) {
            return byBrand.isEmpty() ? List.of() : byBrand.get(k);
        }

        List<String> others(int k) {
            List<String> others = new ArrayList<>();
            for (int other = 0; other < byBrand.size(); other++) {
                if (other != k) {
                    others.addAll(byBrand.get(other));
                }
            }
            return others;
        }
    }

    private NamedForms namedForms(List<Integer> named, String text) {
        if (named.isEmpty() || brands.size() == 0) {
            return new NamedForms(List.of());
        }
        String lower = null; // lower-cased once, and only for a brand with misspellings
        List<List<String>> forms = new ArrayList<>(named.size());
        for (int brand : named) {
            if (lower == null && !slipsByIndex.get(brand).isEmpty()) {
                lower = text.toLowerCase(java.util.Locale.ROOT);
            }
            forms.add(formsIn(brand, lower));
        }
        return new NamedForms(forms);
    }

    /**
     * The brand's forms as the sentiment scorer looks for them, with the misspellings of it the text
     * ({@code lower}, lower-cased; null for a brand with none) holds: only those, as the scorer tries
     * each form on each clause and a brand may take hundreds.
     */
    private List<String> formsIn(int brandIndex, String lower) {
        Set<String> slips = slipsByIndex.get(brandIndex);
        if (slips.isEmpty()) {
            return brandForms.get(brandIndex);
        }
        List<String> found = MentionDocument.wordsAmong(lower, slips);
        if (found.isEmpty()) {
            return brandForms.get(brandIndex);
        }
        List<String> forms = new ArrayList<>(brandForms.get(brandIndex));
        forms.addAll(found);
        return forms;
    }

    /**
     * What a trained sentiment model reads of a mention ({@link SentimentScorer#features}) toward each
     * tracked brand it names, in brand-file order; toward no brand (one entry under a null key) when
     * it names none or none are tracked. Empty when sentiment is off or the mention is in a language
     * the scorer does not read. {@code earshot train-sentiment} builds its examples with this.
     */
    public Map<String, Set<String>> sentimentFeatures(Mention mention) {
        Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        if (languages == null) {
            return out;
        }
        MentionDocument doc = document(mention);
        Decisions d = decisions(doc, match(doc.document()), 0);
        NamedForms[] named = new NamedForms[1];
        SentimentScorer.Reading[] readings = new SentimentScorer.Reading[1];
        attributeFeedback(new MentionDocument[] {doc}, new Decisions[] {d}, named, readings);
        NamedForms forms = named[0] != null ? named[0] : namedForms(d.named(), mention.text());
        SentimentScorer.Reading reading = readingOf(mention, forms, readings[0]);
        if (reading == null) {
            return out;
        }
        List<Classification> decided = d.decided();
        if (brands.size() == 0 || decided.isEmpty()) {
            out.put(null, sentiment.features(reading, List.of(), List.of(), decided.isEmpty() ? null : decided.get(0).feedbackKind()));
            return out;
        }
        for (int k = 0; k < decided.size(); k++) {
            out.put(decided.get(k).brand(), sentiment.features(reading, forms.own(k), forms.others(k),
                    decided.get(k).feedbackKind()));
        }
        return out;
    }

    /**
     * A labelled text's sentiment as evaluation and training read it: toward the first tracked brand
     * it names (its first result), or of its whole text when it names none.
     *
     * @param results the mention's results from {@link #classify} or {@link #classifyAll}
     */
    public Sentiment sentimentOf(Mention mention, List<Classification> results) {
        return results.isEmpty() ? sentimentOfText(mention) : results.get(0).sentiment();
    }

    /**
     * The sentiment of a mention's whole text, toward no brand, as pairs are scored (English or no
     * letters only, with the sentiment model when one is loaded); null in a language the scorer does
     * not read or with sentiment off. For evaluating on texts that name no tracked brand.
     */
    public Sentiment sentimentOfText(Mention mention) {
        SentimentScorer.Reading reading = readingOf(mention, new NamedForms(List.of()), null);
        return reading == null ? null : sentimentToward(reading, List.of(), List.of(), null);
    }

    /**
     * Adds up the weights of the applicable fired rules. Feedback kinds are scored apart, so that
     * evidence against a complaint ("no problems at all") does not cancel praise in the same post;
     * FEEDBACK matches when one kind reaches the threshold, and the kind is the first to reach it in
     * {@link FeedbackKind} order (a complaint outranks a question that carries it), unless a loaded
     * model names another (below).
     *
     * @param aboutOthers what the post says of the other brands it names, relative to this one
     *                    ({@link BrandCondition#ANOTHER_BRAND_SPONSOR}, {@link BrandCondition#ANOTHER_BRAND_ADDRESSED})
     */
    private Classification decide(Brand brand, MentionDocument doc, boolean[] fired, Set<BrandCondition> aboutOthers) {
        // Worked out only when a fired rule asks, or a loaded model reads them all (the sponsor too).
        Set<BrandCondition> facts = model == null ? null : facts(doc, brand, true, aboutOthers);
        Map<Category, Double> scores = new EnumMap<>(Category.class);
        Map<FeedbackKind, Double> kinds = new EnumMap<>(FeedbackKind.class);
        List<String> firedIds = new ArrayList<>();
        for (int i = 0; i < fired.length; i++) {
            Rule rule = ruleByIndex[i];
            if (!fired[i]) {
                continue;
            }
            int[] aside = standsAsideFor[i];
            if (conditional[i] || aside.length > 0) {
                // Facts only when some condition must be read: a named rule without conditions that
                // fired settles it alone (the default pack's paid.disclosure-hashtag has none).
                if (anyFired(aside, fired, named -> !named.conditional())) {
                    continue;
                }
                if (conditional[i] || anyFired(aside, fired, Rule::conditional)) {
                    if (facts == null) {
                        facts = facts(doc, brand, asksForSponsor(fired), aboutOthers);
                    }
                    Set<BrandCondition> known = facts;
                    // Their own unlessRules are not followed, so rules naming each other cannot loop.
                    if (!rule.appliesGiven(known) || (aside.length > 0 && anyFired(aside, fired, named -> named.appliesGiven(known)))) {
                        continue;
                    }
                }
            }
            firedIds.add(rule.id());
            if (rule.kind() != null) {
                kinds.merge(rule.kind(), rule.weight(), Double::sum);
            } else {
                scores.merge(rule.category(), rule.weight(), Double::sum);
                if (rule.category() == Category.FEEDBACK && rule.weight() < 0) {
                    // Evidence against feedback of any kind ("kind: any" with a negative weight) counts
                    // against each kind, not only against calling the post feedback without one.
                    for (FeedbackKind k : FeedbackKind.values()) {
                        kinds.merge(k, rule.weight(), Double::sum);
                    }
                }
            }
        }
        double threshold = settings.categoryThreshold();
        FeedbackKind kind = null;
        for (FeedbackKind candidate : FeedbackKind.values()) {
            if (kinds.getOrDefault(candidate, 0.0) >= threshold) {
                kind = candidate;
                break;
            }
        }
        if (kind == null && scores.getOrDefault(Category.FEEDBACK, 0.0) >= threshold) {
            kind = leaningKind(kinds);
        }
        Set<Category> tags = EnumSet.noneOf(Category.class);
        scores.forEach((category, score) -> {
            if (category != Category.OTHER && category != Category.FEEDBACK && score >= threshold) {
                tags.add(category);
            }
        });
        LearnedEvidence learned = null;
        if (model != null) {
            FeedbackModel.Score score = model.score(features(doc, brand, facts, firedIds));
            learned = new LearnedEvidence(FeedbackKind.valueOf(score.label()), score.probability(), score.feedback(),
                    score.features());
            // Rules the owner trusts (their weights reach trustRulesFrom) keep their kind. Below that,
            // a model fairly sure the pair is not feedback takes the kind away, and a kind the model
            // names replaces the rules': it learned from the owner's labels which kind posts like this
            // one are, where the rules can only take the first kind to reach the threshold (thanks for
            // mending something broken is praise, not the complaint its complaint word makes it). Its labels
            // are learned one against the rest, so it may name a kind and still put the pair's chance of
            // being feedback at all under notFeedbackBelow: a pair the rules call feedback then keeps the
            // model's kind, as naming a kind says it is feedback (in cross-validation on the labelled sets'
            // tuning parts, set by set, 0.9670 to 0.9673, kinds 0.8258 to 0.8266; 5-fold and
            // complaints-dev.csv unchanged), and one the rules do not call feedback stays as it is. A
            // model sure a pair is feedback (feedbackFrom) makes it feedback of its likeliest kind though
            // no kind reaches the threshold: the rules miss feedback in mentions they were not written from.
            boolean trusted = kind != null && kinds.getOrDefault(kind, 0.0) >= model.trustRulesFrom();
            if (!trusted) {
                if (model.predicts(score) && (kind != null || !model.refusesFeedback(score))) {
                    kind = learned.kind();
                } else if (model.refusesFeedback(score)) {
                    kind = null;
                } else if (kind == null && model.callsFeedback(score)) {
                    kind = learned.kind();
                }
            }
        }
        if (kind != null) {
            tags.add(Category.FEEDBACK);
        }
        Category category = categoryOf(tags);
        return new Classification(brand == null ? null : brand.id(), category, tags, kind,
                Tier.of(doc.mention().author().followers()), firedIds, learned);
    }

    /** The first of the tags in precedence order, or OTHER. */
    private Category categoryOf(Set<Category> tags) {
        for (Category candidate : precedence) {
            if (tags.contains(candidate)) {
                return candidate;
            }
        }
        return Category.OTHER;
    }

    /** Whether one of these rules, by index, matched and is {@code such}. */
    private boolean anyFired(int[] rules, boolean[] fired, java.util.function.Predicate<Rule> such) {
        for (int j : rules) {
            if (fired[j] && such.test(ruleByIndex[j])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The kind of a post that rules of kind {@code any} call feedback while no kind rule reached the
     * threshold: the kind with the most evidence short of it (a hedged complaint word, a mild thanks),
     * the first in {@link FeedbackKind} order on a tie; a request with none, as a post put to the
     * brand with nothing else to go on asks something of it.
     */
    private static FeedbackKind leaningKind(Map<FeedbackKind, Double> kinds) {
        FeedbackKind leaning = FeedbackKind.REQUEST;
        double most = 0;
        for (FeedbackKind candidate : FeedbackKind.values()) {
            double evidence = kinds.getOrDefault(candidate, 0.0);
            if (evidence > most) {
                leaning = candidate;
                most = evidence;
            }
        }
        return leaning;
    }

    /**
     * Whether a fired rule reads {@link BrandCondition#BRAND_SPONSOR}: working it out scans the text
     * for several phrases per brand, which most mentions, naming no sponsor, need not pay for.
     */
    private boolean asksForSponsor(boolean[] fired) {
        for (int i : rulesAskingForSponsor) {
            if (fired[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Any of the brand's names: keyword phrases and, where the brand takes them, their
     * {@link Brand#misspelt misspellings} (unless the post holds one of the brand's
     * {@link Brand#exclude exclusions}), handles (mentioned or as author), domains, and every
     * hashtag form of the brand ({@link Brand#tagForms}: its hashtags, its keywords run together,
     * its handles as hashtags).
     *
     * @param slipsOf the misspellings the brand takes, under the keyword each misspells
     *                ({@link BrandCatalog#misspeltByWord(Brand)}); empty for none
     */
    static Query brandQuery(Brand brand, java.util.Map<String, Set<String>> slipsOf) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        // Without exclusions the keywords' clauses sit in the query itself, as they always did; with
        // them, in a clause of their own that the excluded phrases rule out.
        BooleanQuery.Builder names = brand.exclude().isEmpty() ? q : new BooleanQuery.Builder();
        for (String keyword : brand.keywords()) {
            List<String> tokens = Tokens.of(keyword);
            if (tokens.size() == 1) {
                names.add(new TermQuery(new Term("text", tokens.get(0))), BooleanClause.Occur.SHOULD);
                // The name as part of a word the tokenizer keeps whole ("Kestmore-Filiale", "Zipvoyを").
                if (tokens.get(0).indexOf('-') < 0 && tokens.get(0).indexOf('\'') < 0) {
                    names.add(new TermQuery(new Term("parts", tokens.get(0))), BooleanClause.Occur.SHOULD);
                }
                // A Chinese, Japanese, Korean or Thai name inside a run written without spaces ("小米手机", "삼성은").
                if (MentionDocument.isUnspacedWord(tokens.get(0))) {
                    names.add(new TermQuery(new Term(MentionDocument.UNSPACED, tokens.get(0))), BooleanClause.Occur.SHOULD);
                }
            } else if (!tokens.isEmpty()) {
                names.add(phrase(tokens), BooleanClause.Occur.SHOULD);
            }
        }
        // Misspellings in a clause list of their own: Lucene holds each list to 1,024 clauses, and the
        // brand's names may already come near that.
        BooleanQuery.Builder slips = new BooleanQuery.Builder();
        for (Set<String> forms : slipsOf.values()) {
            for (String form : forms) {
                slips.add(new TermQuery(new Term("text", form)), BooleanClause.Occur.SHOULD);
            }
        }
        BooleanQuery misspelt = slips.build();
        if (!misspelt.clauses().isEmpty()) {
            names.add(misspelt, BooleanClause.Occur.SHOULD);
        }
        if (names != q) {
            for (String excluded : brand.exclude()) {
                List<String> tokens = Tokens.of(excluded);
                exclude(names, tokens);
                if (tokens.size() < 2) {
                    continue;
                }
                // Misspelt as the keywords in it are: the name a slip finds, in the phrase, is still excluded
                // ("pottelbury lane" where "pottlebury lane" is).
                for (int i = 0; i < tokens.size(); i++) {
                    for (String slip : slipsOf.getOrDefault(tokens.get(i), Set.of())) {
                        List<String> written = new ArrayList<>(tokens);
                        written.set(i, slip);
                        exclude(names, written);
                    }
                }
            }
            q.add(names.build(), BooleanClause.Occur.SHOULD);
        }
        for (String handle : brand.handleForms()) {
            q.add(new TermQuery(new Term("handles", handle)), BooleanClause.Occur.SHOULD);
            q.add(new TermQuery(new Term("author", handle)), BooleanClause.Occur.SHOULD);
        }
        for (String tag : brand.tagForms()) {
            q.add(new TermQuery(new Term("hashtags", tag)), BooleanClause.Occur.SHOULD);
            String folded = SentimentScorer.fold(tag);
            if (!folded.equals(tag)) { // "#nestlé" names the brand written "#nestle" too (MentionDocument#scanSigils)
                q.add(new TermQuery(new Term("hashtags", folded)), BooleanClause.Occur.SHOULD);
            }
        }
        for (String domain : brand.domains()) {
            q.add(new TermQuery(new Term("hosts", domain)), BooleanClause.Occur.SHOULD);
            // Written in the text without a scheme: "anything at korvik-sport.com".
            q.add(new TermQuery(new Term("sites", domain)), BooleanClause.Occur.SHOULD);
        }
        return q.build();
    }

    /** Rules out the keywords' clause of {@code names} where the post holds these words. */
    private static void exclude(BooleanQuery.Builder names, List<String> tokens) {
        if (tokens.size() == 1) {
            names.add(new TermQuery(new Term("text", tokens.get(0))), BooleanClause.Occur.MUST_NOT);
            // Inside a run without spaces, as such a name is found there ("今天吃了小米粥": 小米粥, not 小米).
            if (MentionDocument.isUnspacedWord(tokens.get(0))) {
                names.add(new TermQuery(new Term(MentionDocument.UNSPACED, tokens.get(0))), BooleanClause.Occur.MUST_NOT);
            }
        } else if (!tokens.isEmpty()) {
            names.add(phrase(tokens), BooleanClause.Occur.MUST_NOT);
        }
    }

    private static Query phrase(List<String> tokens) {
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        tokens.forEach(t -> phrase.add(new Term("text", t)));
        return phrase.build();
    }

    @Override
    public void close() {
        try {
            monitor.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
