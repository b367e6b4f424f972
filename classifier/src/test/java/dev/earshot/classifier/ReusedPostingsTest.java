package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class ReusedPostingsTest {

    private static final String[] TEXTS = {
        "my order never arrived and the refund never came",
        "the refund came fast, thanks",
        "order arrived never mind",
        "never again, the order was cold",
        "refund please, the order never arrived",
    };

    /**
     * Queries that hold several postings of one field at once (phrases, conjunctions, a phrase beside
     * a plain term), run one after the other over the same reader: each must find what it finds over
     * the index read plainly. Handing one postings to two terms of a query changes these hits.
     */
    @Test
    void queriesRunOneAfterAnotherFindWhatTheyFindOverThePlainIndex() throws Exception {
        try (ByteBuffersDirectory directory = indexOfTexts()) {
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                LeafReader leaf = reader.leaves().get(0).reader();
                ReusedPostings reused = new ReusedPostings(leaf);
                IndexSearcher plain = new IndexSearcher(leaf);
                IndexSearcher reusing = new IndexSearcher(reused);
                QueryParser parser = new QueryParser("text", RulePack.analyzer());
                List<String> queries = List.of("\"never arrived\"", "\"order never arrived\"", "+refund +order",
                        "\"refund came\" never", "\"arrived never\"", "+\"never arrived\" +\"the order\"", "refund",
                        "\"never came\"~3", "ord*", "re*", "\"order never arrived\"");
                boolean anyFound = false;
                for (int round = 0; round < 2; round++) {
                    for (String q : queries) {
                        Query query = parser.parse(q);
                        List<Integer> expected = hits(plain, query);
                        anyFound |= !expected.isEmpty();
                        assertEquals(expected, hits(reusing, query), q);
                        reused.queryDone();
                    }
                }
                assertTrue(anyFound, "the queries find something");
            }
        }
    }

    /**
     * The postings one query was handed are handed to the next once it is done, and two terms of one
     * query get two: what saves the clones, and what keeps a phrase's terms apart.
     */
    @Test
    void postingsAreHandedOutAgainOnlyAfterTheQueryIsDone() throws Exception {
        try (ByteBuffersDirectory directory = indexOfTexts()) {
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                ReusedPostings reused = new ReusedPostings(reader.leaves().get(0).reader());
                PostingsEnum never = postings(reused, "never");
                PostingsEnum arrived = postings(reused, "arrived");
                assertNotSame(never, arrived, "two terms of one query");
                reused.queryDone();
                assertSame(never, postings(reused, "arrived"), "the first postings of the next query");
                assertSame(arrived, postings(reused, "never"), "its second");
                assertNotSame(never, postings(reused, "order"), "a third term of the same query");
            }
        }
    }

    /** {@link #TEXTS} in the text field, as the Monitor indexes a batch: in memory, one segment. */
    private static ByteBuffersDirectory indexOfTexts() throws Exception {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(RulePack.analyzer()))) {
            for (String text : TEXTS) {
                Document doc = new Document();
                doc.add(new Field("text", text, TextField.TYPE_NOT_STORED));
                writer.addDocument(doc);
            }
        }
        return directory;
    }

    private static PostingsEnum postings(ReusedPostings reader, String term) throws Exception {
        TermsEnum terms = reader.terms("text").iterator();
        assertTrue(terms.seekExact(new BytesRef(term)), term);
        return terms.postings(null, PostingsEnum.POSITIONS);
    }

    /** Hits without scores, as {@link StoredQueryHits} asks for them: ranked by score (TOP_SCORES), phrases read impacts, not postings. */
    private static List<Integer> hits(IndexSearcher searcher, Query query) throws Exception {
        List<Integer> docs = new ArrayList<>();
        searcher.search(query, new SimpleCollector() {
            @Override
            public void collect(int doc) {
                docs.add(doc);
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        docs.sort(null);
        return docs;
    }
}
