package dev.earshot.classifier;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

/**
 * The analysis of mention text and of the rule queries that search it: {@link SocialTokenizer},
 * then lower case, possessives removed ({@code Vantor's} is {@code vantor}), then accent folding ({@code café} matches {@code cafe}). No stemming: rules must
 * be able to tell "sponsored by" from "sponsors the marathon".
 *
 * <p>The keyword fields (hashtags, handles, hosts, UTM values, flags) are indexed as single
 * lower-cased terms; {@link #keywords()} analyses query text for them the same way.
 */
final class SocialAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new SocialTokenizer();
        TokenStream stream = new LowerCaseFilter(source);
        // "Vantor's" names Vantor; query text goes through the same filter, so "what's" still matches.
        stream = new EnglishPossessiveFilter(stream);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /**
     * What the query parser applies to wildcard, prefix, fuzzy and range terms, which it does not
     * analyse: lower case and accent folding, as the index has them. Without it {@code Refund*} or
     * {@code dépann*} matched nothing, while {@code "Refund please"} in quotes did.
     */
    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    /** Whole-value, lower-cased and accent-folded analysis, for the {@code parts} field. */
    static Analyzer foldedKeywords() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new KeywordTokenizer();
                return new TokenStreamComponents(source, new ASCIIFoldingFilter(new LowerCaseFilter(source)));
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }
        };
    }

    /** Whole-value, lower-cased analysis for keyword fields. */
    static Analyzer keywords() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new KeywordTokenizer();
                return new TokenStreamComponents(source, new LowerCaseFilter(source));
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new LowerCaseFilter(in);
            }
        };
    }
}
