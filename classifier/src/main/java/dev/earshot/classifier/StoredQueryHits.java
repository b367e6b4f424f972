package dev.earshot.classifier;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.monitor.CandidateMatcher;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Which stored queries (rules, brands, rule exceptions) each mention of one Monitor match hit, by
 * the query's place ({@link Classifier#place}), collected from Lucene's hits as plain ints.
 *
 * <p>Why not the Monitor's own result: it makes a {@link QueryMatch} per hit and merges them into a
 * map per mention by query id, and the classifier then read each id back as a number. For a batch
 * of thousands of mentions, with some twenty hits each, that bookkeeping was a twentieth of the
 * batch's time (JFR, ClassifierBenchmark). Nothing is handed to the Monitor's result, which stays
 * empty. An error in a query is still the Monitor's to catch, as it was with its own matcher: the
 * hits that query found before it failed stand, and the classifier reads no errors, as before.
 *
 * <p>One instance serves one match call on one thread.
 */
final class StoredQueryHits extends CandidateMatcher<QueryMatch> {
    private final ReusedPostings postings;
    private final IndexSearcher reusing;
    private final int[][] placesByDoc;
    private final int[] counts;

    /**
     * @param searcher the Monitor's searcher over the batch's index, one segment; queries run on the
     *                 same index read through {@link ReusedPostings}, with no query cache: each match
     *                 indexes its mentions afresh and throws the index away after, so Lucene's cache
     *                 can only cost (it tracks each query's use and fills bit sets no search reads)
     */
    StoredQueryHits(IndexSearcher searcher, int docs) {
        super(searcher);
        postings = new ReusedPostings(searcher.getIndexReader().leaves().get(0).reader());
        reusing = new IndexSearcher(postings);
        reusing.setQueryCache(null);
        placesByDoc = new int[docs][];
        counts = new int[docs];
    }

    @Override
    protected void matchQuery(String queryId, Query matchQuery, Map<String, String> metadata) throws IOException {
        int place = Classifier.place(queryId);
        try {
            search(matchQuery, place);
        } finally {
            postings.queryDone();
        }
    }

    private void search(Query matchQuery, int place) throws IOException {
        reusing.search(matchQuery, new SimpleCollector() {
            private int docBase;

            @Override
            protected void doSetNextReader(LeafReaderContext context) {
                docBase = context.docBase;
            }

            @Override
            public void collect(int doc) {
                add(docBase + doc, place);
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
    }

    private void add(int doc, int place) {
        int[] places = placesByDoc[doc];
        int n = counts[doc];
        if (places == null) {
            places = placesByDoc[doc] = new int[16];
        } else if (n == places.length) {
            places = placesByDoc[doc] = Arrays.copyOf(places, n * 2);
        }
        places[n] = place;
        counts[doc] = n + 1;
    }

    /** Never called: no hit is handed to the Monitor. */
    @Override
    public QueryMatch resolve(QueryMatch match1, QueryMatch match2) {
        return match1;
    }

    /**
     * The places of the queries mention {@code doc} hit, in no particular order; a query the Monitor
     * split into disjuncts can appear once for each disjunct that hit. Shares the array: read the
     * first {@link #count} entries only.
     */
    int[] places(int doc) {
        int[] places = placesByDoc[doc];
        return places == null ? NONE : places;
    }

    int count(int doc) {
        return counts[doc];
    }

    private static final int[] NONE = new int[0];
}
