package dev.earshot.streams;

import dev.earshot.model.Classification;
import dev.earshot.model.Mention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Classifies a batch so that a mention the classifier cannot take goes to the dead-letter topic
 * instead of stopping the pipeline on it. A batch that fails is classified again one mention at a
 * time; a mention that fails alone is unclassifiable. Were the failure let through, the stream thread
 * would die, its replacement would restore the same batch from the buffer and fail on it again, for
 * ever.
 *
 * <p>A classifier that fails on every mention is broken rather than the mentions bad, and sending
 * them all to the dead letters would take them out of the figures: after a failure, a plain mention
 * is classified first, and if it fails too the failure is thrown, the batch stays in the buffer, and
 * Kafka Streams replaces the thread, which classifies it again.
 */
final class UnclassifiableMentions {
    /** What the classifier has no reason to refuse. */
    static final Mention PLAIN = Mention.of("earshot-plain-mention", "bluesky", Instant.EPOCH, "a plain mention");
    /** The longest reason written to the dead letters' header. */
    private static final int REASON_CHARS = 500;

    /**
     * @param results each mention's classifications in the batch's order, null for an unclassifiable one
     * @param reasons why, by the mention's index in the batch
     */
    record Outcome(List<List<Classification>> results, Map<Integer, String> reasons) {
    }

    private UnclassifiableMentions() {
    }

    static Outcome classify(List<Mention> batch, Function<List<Mention>, List<List<Classification>>> all,
                            Function<Mention, List<Classification>> one) {
        Throwable batchFailure;
        try {
            return new Outcome(all.apply(batch), Map.of());
        } catch (RuntimeException | StackOverflowError e) {
            // A StackOverflowError has unwound the classifier's frames by here; the thread goes on safely.
            batchFailure = e;
        }
        try {
            one.apply(PLAIN);
        } catch (RuntimeException | StackOverflowError broken) {
            throw new IllegalStateException("the classifier fails on a plain mention as well: " + broken, batchFailure);
        }
        List<List<Classification>> results = new ArrayList<>(batch.size());
        Map<Integer, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                results.add(one.apply(batch.get(i)));
            } catch (RuntimeException | StackOverflowError e) {
                results.add(null);
                reasons.put(i, reason(e));
            }
        }
        // Each classified alone gives what the batch would have (ClassifierTest), so a batch whose
        // failure lay in matching its mentions together loses nothing.
        return new Outcome(results, reasons);
    }

    static String reason(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        String reason = "classification failed: " + e.getClass().getName() + message;
        return reason.length() <= REASON_CHARS ? reason : reason.substring(0, REASON_CHARS);
    }
}
