package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.Mention;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClassifierHolderTest {
    private static final Mention MENTION = Mention.of("m", "bluesky", Instant.parse("2026-11-20T10:00:00Z"), "Lumora rocks");

    private static Classifier classifier() throws Exception {
        return Classifier.create(BrandCatalog.parse(PipelineTest.BRANDS, "brands.yaml"), RulePack.defaults(),
                ClassifierSettings.DEFAULT);
    }

    /** What Lucene's Monitor does once closed. */
    private static void assertClosed(Classifier c) {
        assertThrows(RuntimeException.class, () -> c.classify(MENTION));
    }

    @Test
    void aReplacedClassifierStaysOpenForTheBatchUsingItAndClosesAfter() throws Exception {
        Classifier first = classifier();
        Classifier second = classifier();
        try (ClassifierHolder holder = new ClassifierHolder(first)) {
            ClassifierHolder.Use batch = holder.use();
            holder.swap(second);
            assertSame(second, holder.get());
            assertEquals(1, batch.classifier().classify(MENTION).size(), "the batch classifies on with the one it took");
            batch.close();
            assertClosed(first);
            batch.close(); // a second close releases nothing more
            try (ClassifierHolder.Use next = holder.use()) {
                assertSame(second, next.classifier());
                assertEquals(1, next.classifier().classify(MENTION).size());
            }
        }
        assertClosed(second);
    }

    @Test
    void aClassifierReplacedWhileUnusedClosesAtOnce() throws Exception {
        Classifier first = classifier();
        try (ClassifierHolder holder = new ClassifierHolder(first)) {
            holder.use().close();
            holder.swap(classifier());
            assertClosed(first);
        }
    }

    /** A batch that comes after the app closed the holder fails, rather than waiting for a classifier for ever. */
    @Test
    void aClosedHolderRefusesAUse() throws Exception {
        ClassifierHolder holder = new ClassifierHolder(classifier());
        holder.close();
        assertEquals("the classifier is closed", assertThrows(IllegalStateException.class, holder::use).getMessage());
        holder.close(); // a second close gives up nothing more
        assertEquals("the classifier is closed", assertThrows(IllegalStateException.class, holder::use).getMessage(),
                "still closed: the count did not go below zero and back");
    }

    /** A reload that finishes as the app stops: what it built is closed, not left running its Monitor's thread. */
    @Test
    void aClassifierSwappedInAfterCloseIsClosedAtOnce() throws Exception {
        ClassifierHolder holder = new ClassifierHolder(classifier());
        holder.close();
        Classifier late = classifier();
        holder.swap(late);
        assertClosed(late);
        assertThrows(IllegalStateException.class, holder::use);
    }
}
