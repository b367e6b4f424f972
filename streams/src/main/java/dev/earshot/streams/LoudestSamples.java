package dev.earshot.streams;

import dev.earshot.model.Mention;
import dev.earshot.model.output.FeedbackSpike;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mentions an alert shows first: those whose authors reach most people, the earlier counted
 * first among equal audiences, so the same input always shows the same samples.
 */
final class LoudestSamples {
    private static final Comparator<FeedbackSpike.Sample> LOUDEST_FIRST =
            Comparator.comparingLong(FeedbackSpike.Sample::followers).reversed();

    private LoudestSamples() {
    }

    /** The {@code n} loudest of {@code kept} followed by {@code more}; a stable sort keeps the earlier first. */
    static List<FeedbackSpike.Sample> merge(List<FeedbackSpike.Sample> kept, List<FeedbackSpike.Sample> more, int n) {
        if (more.isEmpty()) {
            return kept;
        }
        List<FeedbackSpike.Sample> all = new ArrayList<>(kept.size() + more.size());
        all.addAll(kept);
        all.addAll(more);
        all.sort(LOUDEST_FIRST);
        return all.size() > n ? List.copyOf(all.subList(0, n)) : all;
    }

    /** Mentions being kept as they arrive, whose samples are made only for those kept. */
    static final class Tally {
        private final int n;
        private final List<Mention> kept = new ArrayList<>();

        Tally(int n) {
            this.n = n;
        }

        void offer(Mention m) {
            long followers = m.author().followers();
            if (kept.size() == n && kept.get(n - 1).author().followers() >= followers) {
                return;
            }
            int at = kept.size();
            while (at > 0 && kept.get(at - 1).author().followers() < followers) {
                at--;
            }
            kept.add(at, m);
            if (kept.size() > n) {
                kept.remove(n);
            }
        }

        List<FeedbackSpike.Sample> samples() {
            return kept.stream().map(FeedbackSpike.Sample::of).toList();
        }
    }
}
