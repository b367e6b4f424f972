package dev.earshot.classifier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * The terms the stored queries can match, field by field: the words of brand names and rules, and
 * the patterns of their wildcards. A term of a mention outside it cannot change whether any stored
 * query matches, so it is left out of the mention's Lucene document. That matters because the
 * Monitor indexes every document it matches, paying per term, and most words of a post are in no
 * rule and no brand name.
 *
 * <p>Terms in negative clauses count like any other: leaving out "{@code not}" would make
 * "{@code sponsored -not}" fire on "not sponsored". Positions survive the filtering, so phrases
 * and proximity still match as written. A query this class cannot see the terms of (one that visits
 * as a plain leaf, such as a field-exists query) makes the vocabulary open, and nothing is left out.
 */
final class Vocabulary {
    /** Keeps every term: what a vocabulary is when some query's terms cannot be listed. */
    static final Vocabulary EVERYTHING = new Vocabulary(Map.of(), Map.of(), true);

    private final Map<String, CharArraySet> terms;
    /** Per field, the automata of its wildcard, prefix, regular-expression, range and fuzzy terms. */
    private final Map<String, List<ByteRunAutomaton>> patterns;
    private final boolean open;

    private Vocabulary(Map<String, CharArraySet> terms, Map<String, List<ByteRunAutomaton>> patterns, boolean open) {
        this.terms = terms;
        this.patterns = patterns;
        this.open = open;
    }

    /** The vocabulary of these queries. */
    static Vocabulary of(Collection<Query> queries) {
        Map<String, Set<String>> words = new HashMap<>();
        Map<String, List<Pattern>> found = new HashMap<>();
        boolean[] open = {false};
        QueryVisitor visitor = new QueryVisitor() {
            @Override
            public void consumeTerms(Query query, Term... queryTerms) {
                for (Term term : queryTerms) {
                    words.computeIfAbsent(term.field(), f -> new java.util.HashSet<>()).add(term.text());
                }
            }

            @Override
            public void consumeTermsMatching(Query query, String field, Supplier<ByteRunAutomaton> automaton) {
                Automaton unicode = query instanceof AutomatonQuery q && !q.isAutomatonBinary() ? q.getAutomaton() : null;
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
        if (open[0]) {
            return EVERYTHING;
        }
        Map<String, CharArraySet> sets = new HashMap<>();
        words.forEach((field, set) -> sets.put(field, CharArraySet.unmodifiableSet(new CharArraySet(set, false))));
        Map<String, List<ByteRunAutomaton>> patterns = new HashMap<>();
        found.forEach((field, list) -> {
            patterns.put(field, join(list));
            sets.putIfAbsent(field, CharArraySet.EMPTY_SET);
        });
        return new Vocabulary(Map.copyOf(sets), Map.copyOf(patterns), false);
    }

    private record Pattern(Automaton unicode, ByteRunAutomaton compiled) {
    }

    /**
     * One automaton for all the patterns that can be joined, so that a token is checked in one walk
     * however many wildcards the rules have; the rest (fuzzy terms, byte ranges) stay apart, as do all
     * when their union is too complex to determinize.
     */
    private static List<ByteRunAutomaton> join(List<Pattern> patterns) {
        List<Automaton> joinable = patterns.stream().map(Pattern::unicode).filter(Objects::nonNull).toList();
        List<ByteRunAutomaton> automata = new ArrayList<>();
        boolean joined = false;
        if (joinable.size() > 1) {
            try {
                automata.add(new ByteRunAutomaton(Operations.union(joinable)));
                joined = true;
            } catch (TooComplexToDeterminizeException e) {
                automata.clear();
            }
        }
        for (Pattern pattern : patterns) {
            if (!joined || pattern.unicode() == null) {
                automata.add(pattern.compiled());
            }
        }
        return List.copyOf(automata);
    }

    /** Whether some query reads {@code field} at all. */
    boolean reads(String field) {
        return open || terms.containsKey(field);
    }

    /** Whether {@code value}, as indexed in {@code field}, can take part in a match. */
    boolean keeps(String field, String value) {
        if (open) {
            return true;
        }
        CharArraySet set = terms.get(field);
        if (set == null) {
            return false;
        }
        if (set.contains(value)) {
            return true;
        }
        List<ByteRunAutomaton> fieldPatterns = patterns.get(field);
        if (fieldPatterns == null) {
            return false;
        }
        BytesRef bytes = new BytesRef(value);
        return matchesPattern(fieldPatterns, bytes.bytes, bytes.offset, bytes.length);
    }

    private static boolean matchesPattern(List<ByteRunAutomaton> patterns, byte[] bytes, int offset, int length) {
        for (ByteRunAutomaton pattern : patterns) {
            if (pattern.run(bytes, offset, length)) {
                return true;
            }
        }
        return false;
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
        private final CharArraySet fieldTerms;
        private final List<ByteRunAutomaton> fieldPatterns;
        private final BytesRefBuilder utf8 = new BytesRefBuilder();

        KeepFilter(TokenStream in, String field) {
            super(in);
            this.fieldTerms = terms.getOrDefault(field, CharArraySet.EMPTY_SET);
            this.fieldPatterns = patterns.getOrDefault(field, List.of());
        }

        @Override
        protected boolean accept() {
            if (fieldTerms.contains(term.buffer(), 0, term.length())) {
                return true;
            }
            if (fieldPatterns.isEmpty()) {
                return false;
            }
            utf8.copyChars(term.buffer(), 0, term.length());
            return matchesPattern(fieldPatterns, utf8.bytes(), 0, utf8.length());
        }
    }
}
