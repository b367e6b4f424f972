package dev.earshot.classifier;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader.CacheHelper;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * A batch's index, read so that each stored query's postings reuse those of the queries run before
 * it. Lucene gives the postings of each term of each query a fresh reader of the batch's in-memory
 * files unless an earlier one is handed back for reuse, and the Monitor runs hundreds of queries,
 * most of them phrases, over each batch: cloning those readers (each a copy of the file's list of
 * buffers, in the Monitor's {@code ByteBuffersDirectory}) and their skip lists was a twentieth of a
 * batch's time (JFR, ClassifierBenchmark).
 *
 * <p>Postings handed out while one query runs are all different; {@link #queryDone} makes them
 * free for the next query. Only for one thread, and only between queries that run one after the
 * other, as {@link StoredQueryHits} runs them.
 */
final class ReusedPostings extends FilterLeafReader {
    private final Map<String, Pool> pools = new HashMap<>();
    private final List<Pool> used = new ArrayList<>();

    ReusedPostings(LeafReader in) {
        super(in);
    }

    /** Every postings handed out since the last call may be given out again. */
    void queryDone() {
        for (Pool pool : used) {
            pool.next[0] = 0;
            pool.next[1] = 0;
        }
        used.clear();
    }

    @Override
    public Terms terms(String field) throws IOException {
        Terms terms = super.terms(field);
        if (terms == null) {
            return null;
        }
        Pool pool = pools.computeIfAbsent(field, f -> new Pool());
        return new FilterTerms(terms) {
            @Override
            public TermsEnum iterator() throws IOException {
                return pool.over(in.iterator());
            }

            // The term dictionary's own walk for prefixes and patterns, not the default's filter over every term.
            @Override
            public TermsEnum intersect(CompiledAutomaton compiled, BytesRef startTerm) throws IOException {
                return pool.over(in.intersect(compiled, startTerm));
            }
        };
    }

    /**
     * One field's postings, apart for queries that read positions (phrases) and those that do not:
     * Lucene reuses one only for the same field read with the same features. The first {@code next}
     * of each are handed out to the query running now.
     */
    private final class Pool {
        @SuppressWarnings("unchecked")
        private final List<PostingsEnum>[] postings = new List[] {new ArrayList<PostingsEnum>(), new ArrayList<PostingsEnum>()};
        private final int[] next = new int[2];

        /** {@code terms}, its postings taken from this pool when Lucene offers none to reuse. */
        TermsEnum over(TermsEnum terms) {
            return new FilterTermsEnum(terms) {
                @Override
                public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
                    return reuse != null ? in.postings(reuse, flags) : take(in, flags);
                }
            };
        }

        PostingsEnum take(TermsEnum positioned, int flags) throws IOException {
            if (next[0] == 0 && next[1] == 0) {
                used.add(this);
            }
            int kind = PostingsEnum.featureRequested(flags, PostingsEnum.POSITIONS) ? 1 : 0;
            List<PostingsEnum> list = postings[kind];
            int at = next[kind]++;
            PostingsEnum taken = positioned.postings(at < list.size() ? list.get(at) : null, flags);
            if (at < list.size()) {
                list.set(at, taken);
            } else {
                list.add(taken);
            }
            return taken;
        }
    }

    /** A batch's reader is searched once and thrown away: nothing caches by it. */
    @Override
    public CacheHelper getCoreCacheHelper() {
        return null;
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
        return null;
    }
}
