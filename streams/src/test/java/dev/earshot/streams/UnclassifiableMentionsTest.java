package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.Mention;
import dev.earshot.model.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class UnclassifiableMentionsTest {
    private static final List<Mention> BATCH = List.of(mention("a"), mention("poison"), mention("c"));

    private static Mention mention(String id) {
        return Mention.of(id, "bluesky", Instant.parse("2026-11-20T10:00:00Z"), "Lumora " + id);
    }

    private static List<Classification> classified(Mention m) {
        return List.of(new Classification("lumora", Category.OTHER, Set.of(), null, Tier.NANO, List.of(m.id()), null));
    }

    /** Fails on the mention "poison", in a batch or alone, as a classifier with a defect for its text would. */
    private static final Function<Mention, List<Classification>> ONE = m -> {
        if (m.id().equals("poison")) {
            throw new StackOverflowError();
        }
        return classified(m);
    };
    private static final Function<List<Mention>, List<List<Classification>>> ALL = batch -> batch.stream().map(ONE).toList();

    @Test
    void aBatchThatWorksIsClassifiedOnceAsABatch() {
        List<List<Classification>> results = List.of(classified(mention("x")));
        UnclassifiableMentions.Outcome outcome = UnclassifiableMentions.classify(List.of(mention("x")), b -> results,
                m -> { throw new AssertionError("not one at a time"); });
        assertSame(results, outcome.results());
        assertTrue(outcome.reasons().isEmpty());
    }

    @Test
    void theMentionThatFailsAloneIsUnclassifiableAndTheOthersAreClassified() {
        UnclassifiableMentions.Outcome outcome = UnclassifiableMentions.classify(BATCH, ALL, ONE);
        assertEquals(classified(BATCH.get(0)), outcome.results().get(0));
        assertNull(outcome.results().get(1));
        assertEquals(classified(BATCH.get(2)), outcome.results().get(2));
        assertEquals(Map.of(1, "classification failed: java.lang.StackOverflowError"), outcome.reasons());
    }

    @Test
    void aBatchThatFailsTogetherButNotAloneLosesNothing() {
        UnclassifiableMentions.Outcome outcome = UnclassifiableMentions.classify(BATCH,
                batch -> { throw new IllegalArgumentException("immense term"); }, UnclassifiableMentionsTest::classified);
        assertEquals(BATCH.stream().map(UnclassifiableMentionsTest::classified).toList(), outcome.results());
        assertTrue(outcome.reasons().isEmpty());
    }

    @Test
    void aClassifierThatFailsOnAPlainMentionIsBrokenAndNothingIsUnclassifiable() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> UnclassifiableMentions.classify(BATCH,
                batch -> { throw new IllegalStateException("closed"); }, m -> { throw new IllegalStateException("closed"); }));
        assertTrue(e.getMessage().startsWith("the classifier fails on a plain mention as well"), e.getMessage());
        assertEquals("closed", e.getCause().getMessage(), "the batch's failure is the cause");
    }

    @Test
    void aReasonIsItsFirstLineAndBounded() {
        assertEquals("classification failed: java.lang.IllegalArgumentException: first",
                UnclassifiableMentions.reason(new IllegalArgumentException("first\nsecond")));
        assertEquals(500, UnclassifiableMentions.reason(new IllegalArgumentException("x".repeat(2_000))).length());
    }
}
