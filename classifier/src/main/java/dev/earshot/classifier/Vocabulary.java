package dev.earshot.classifier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.AnalyzerWrapper;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * The terms the stored queries can match, field by field: the words of brand names and rules, and
 * the patterns of their wildcards. A term of a mention outside it cannot change whether any stored
 * query matches, so it is left out of the mention's Lucene document. That matters because the
 * Monitor indexes every document it matches, paying per term, and many words of a post are in no
 * rule and no brand name (about 40% of the development set's, with the default pack).
 *
 * <p>Terms in negative clauses count like any other: leaving out "{@code not}" would make
 * "{@code sponsored -not}" fire on "not sponsored". Positions survive the filtering, so phrases
 * and proximity still match as written. A query this class cannot see the terms of (one that visits
 * as a plain leaf, such as a field-exists query) makes the vocabulary open, and nothing is left out.
 */
final class Vocabulary {
    /** Keeps every term and lists none: a document built with it has every field but {@code unspaced}. */
    static final Vocabulary EVERYTHING = new Vocabulary(Map.of(), true, MentionDocument.UnspacedNames.NONE);

    /** The fields some query reads; looked up for every value of every mention, so one lookup each. */
    private final Map<String, FieldTerms> fields;
    private final boolean open;
    private final MentionDocument.UnspacedNames unspacedNames;

    private Vocabulary(Map<String, FieldTerms> fields, boolean open, MentionDocument.UnspacedNames unspacedNames) {
        this.fields = fields;
        this.open = open;
        this.unspacedNames = unspacedNames;
    }

    /** A field's exact terms, and what its wildcard, prefix, regular-expression, range and fuzzy terms accept. */
    private record FieldTerms(CharArraySet words, FieldPatterns patterns) {
        boolean keeps(char[] chars, int length, BytesRefBuilder scratch) {
            return words.contains(chars, 0, length) || (patterns != null && patterns.accept(chars, length, scratch));
        }

        boolean keeps(String value) {
            return words.contains(value)
                    || (patterns != null && patterns.accept(value.toCharArray(), value.length(), new BytesRefBuilder()));
        }
    }

    /** The vocabulary of these queries. */
    static Vocabulary of(Collection<Query> queries) {
        return of(queries, false);
    }

    /**
     * The vocabulary of these queries; with {@code everyTerm}, one that keeps every term of a mention
     * (the words queries look for in {@code unspaced} still listed, for {@link #unspacedNames}).
     */
    static Vocabulary of(Collection<Query> queries, boolean everyTerm) {
        Map<String, Set<String>> words = new HashMap<>();
        Map<String, List<Pattern>> found = new HashMap<>();
        boolean[] open = {false};
        QueryVisitor visitor = new QueryVisitor() {
            @Override
            public void consumeTerms(Query query, Term... queryTerms) {
                for (Term term : queryTerms) {
                    words.computeIfAbsent(term.field(), f -> new HashSet<>()).add(term.text());
                }
            }

            @Override
            public void consumeTermsMatching(Query query, String field, Supplier<ByteRunAutomaton> automaton) {
                Automaton unicode = null;
                if (query instanceof PrefixQuery prefix) {
                    // Its own automaton is over UTF-8 bytes; the same prefix over characters joins the others.
                    unicode = Operations.concatenate(Automata.makeString(prefix.getPrefix().text()), Automata.makeAnyString());
                } else if (query instanceof AutomatonQuery pattern && !pattern.isAutomatonBinary()) {
                    unicode = pattern.getAutomaton();
                }
                found.computeIfAbsent(field, f -> new ArrayList<>()).add(new Pattern(unicode, automaton.get()));
            }

            @Override
            public void visitLeaf(Query query) {
                if (!(query instanceof MatchAllDocsQuery) && !(query instanceof MatchNoDocsQuery)) {
                    open[0] = true;
                }
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this; // Lucene's default skips MUST_NOT clauses, whose terms decide as much
            }
        };
        queries.forEach(q -> q.visit(visitor));
        Map<String, FieldTerms> fields = new HashMap<>();
        Set<String> read = new HashSet<>(words.keySet());
        read.addAll(found.keySet());
        for (String field : read) {
            Set<String> exact = words.getOrDefault(field, Set.of());
            List<Pattern> patterns = found.get(field);
            fields.put(field, new FieldTerms(CharArraySet.unmodifiableSet(new CharArraySet(exact, false)),
                    patterns == null ? null : FieldPatterns.of(patterns)));
        }
        return new Vocabulary(fields, open[0] || everyTerm,
                MentionDocument.UnspacedNames.of(words.getOrDefault(MentionDocument.UNSPACED, Set.of())));
    }

    /** A wildcard-like term: its automaton over characters when it has one, and over UTF-8. */
    private record Pattern(Automaton unicode, ByteRunAutomaton utf8) {
    }

    /**
     * What a field's patterns accept. Those over characters are joined into one automaton, run on the
     * token's characters, so that a token is checked in one walk however many wildcards the rules
     * have (prefixes, wildcards, regular expressions); the rest (fuzzy terms, byte ranges), and all
     * of them when their union is too complex to determinize, are run one by one on the token's UTF-8.
     */
    private record FieldPatterns(CharacterRunAutomaton joined, List<ByteRunAutomaton> apart) {
        static FieldPatterns of(List<Pattern> patterns) {
            List<Automaton> joinable = patterns.stream().map(Pattern::unicode).filter(Objects::nonNull).toList();
            CharacterRunAutomaton joined = null;
            if (!joinable.isEmpty()) {
                try {
                    joined = new CharacterRunAutomaton(Operations.union(joinable));
                } catch (TooComplexToDeterminizeException e) {
                    joined = null;
                }
            }
            List<ByteRunAutomaton> apart = new ArrayList<>();
            for (Pattern pattern : patterns) {
                if (joined == null || pattern.unicode() == null) {
                    apart.add(pattern.utf8());
                }
            }
            return new FieldPatterns(joined, List.copyOf(apart));
        }

        boolean accept(char[] chars, int length, BytesRefBuilder scratch) {
            if (joined != null && joined.run(chars, 0, length)) {
                return true;
            }
            if (apart.isEmpty()) {
                return false;
            }
            scratch.copyChars(chars, 0, length);
            for (ByteRunAutomaton pattern : apart) {
                if (pattern.run(scratch.bytes(), 0, scratch.length())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether some query reads {@code field} at all. */
    boolean reads(String field) {
        return open || fields.containsKey(field);
    }

    /**
     * The words the queries look for in {@code unspaced}, whether or not this vocabulary keeps every
     * term: {@link MentionDocument} looks for them inside runs of text, where a tokenizer cannot cut
     * out what a query can match.
     */
    MentionDocument.UnspacedNames unspacedNames() {
        return unspacedNames;
    }

    /** Whether {@code value}, as indexed in {@code field}, can take part in a match. */
    boolean keeps(String field, String value) {
        if (open) {
            return true;
        }
        FieldTerms terms = fields.get(field);
        return terms != null && terms.keeps(value);
    }

    /** {@code analyzer} with each field's tokens outside the vocabulary dropped, positions kept. */
    Analyzer filter(Analyzer analyzer) {
        if (open) {
            return analyzer;
        }
        return new AnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                return analyzer;
            }

            @Override
            protected TokenStreamComponents wrapComponents(String fieldName, TokenStreamComponents components) {
                return new TokenStreamComponents(components.getSource(),
                        new KeepFilter(components.getTokenStream(), fieldName));
            }
        };
    }

    /** Drops the tokens no query can match; the next kept token's position increment covers the gap. */
    private final class KeepFilter extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final FieldTerms fieldTerms;
        private final BytesRefBuilder utf8 = new BytesRefBuilder();

        KeepFilter(TokenStream in, String field) {
            super(in);
            this.fieldTerms = fields.get(field);
        }

        @Override
        protected boolean accept() {
            return fieldTerms != null && fieldTerms.keeps(term.buffer(), term.length(), utf8);
        }
    }
}
