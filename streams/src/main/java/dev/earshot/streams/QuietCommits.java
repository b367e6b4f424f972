package dev.earshot.streams;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Asks Kafka Streams to commit as soon as the mentions stop coming, rather than at the next commit
 * interval. Under exactly-once, what a task writes is read downstream only once its transaction
 * commits, and the pipeline has three stages joined by repartition topics: a mention arriving at a
 * quiet time waited for a commit interval in each (about three seconds at the default second) before
 * it reached every output topic.
 *
 * <p>A task that wrote something and then received nothing for {@code quiet} asks for a commit, but only
 * once no mention has reached classification anywhere in this instance for as long: while mentions
 * flow, the second stage receives a burst of partials after every commit and would otherwise ask for
 * another commit after each burst, committing many times a second. So under load commits keep their
 * interval, and when the input goes quiet each stage commits a few hundred milliseconds after its
 * last record. The instance is all it sees: where several instances share the work, one whose own
 * mentions have stopped asks for a commit after each burst of partials another instance's commits
 * bring it, as often as those commits come. One object per instance, shared by its stream threads.
 */
final class QuietCommits {
    private final long quietMs;
    /** Wall-clock time a mention last reached classification in this instance, from any stream thread. */
    private final AtomicLong lastMention = new AtomicLong(Long.MIN_VALUE / 2);

    /** {@code quiet} of zero turns it off: commits come at the commit interval only. */
    QuietCommits(Duration quiet) {
        this.quietMs = quiet.toMillis();
    }

    boolean enabled() {
        return quietMs > 0;
    }

    /** How often a task checks: a quarter of the quiet period (Kafka Streams' finest is 1 ms). */
    Duration tick() {
        return Duration.ofMillis(Math.max(1, quietMs / 4));
    }

    /** A mention reached classification at {@code now} (wall clock, ms). */
    void mentionArrived(long now) {
        // Written once per millisecond at most (Kafka Streams caches the wall clock per loop), and never
        // back in time by another thread's older clock.
        if (lastMention.get() < now) {
            lastMention.accumulateAndGet(now, Math::max);
        }
    }

    /**
     * What one task wrote since its last commit request, and when its input last arrived. Quiet is
     * counted in the task's own ticks as well as in time: one long iteration of the stream thread (a
     * burst of partials after a commit, a batch classified by a cold JIT) delays a tick but is followed
     * by records at the next one whenever the input still has them, so it never makes the input look
     * quiet; two ticks in a row without a record do. An idle stream thread waits in its poll
     * ({@code poll.ms}, 100 ms) between ticks, so a stage asks about 200 ms after its last record.
     */
    final class Task {
        private static final int QUIET_TICKS = 2;
        private long lastArrival = Long.MIN_VALUE / 2;
        private boolean arrivedSinceTick;
        private int quietTicks;
        private boolean uncommitted;

        void arrived(long now) {
            lastArrival = now;
            arrivedSinceTick = true;
        }

        /** The task wrote output a commit would make visible. */
        void wrote() {
            uncommitted = true;
        }

        /**
         * Called at each of the task's ticks: whether to ask for a commit now. Once asked, not again
         * until the task writes more.
         */
        boolean due(long now) {
            if (arrivedSinceTick) {
                arrivedSinceTick = false;
                quietTicks = 0;
                return false;
            }
            quietTicks = Math.min(quietTicks + 1, QUIET_TICKS);
            if (!enabled() || !uncommitted || quietTicks < QUIET_TICKS || now - lastArrival < quietMs
                    || now - lastMention.get() < quietMs) {
                return false;
            }
            uncommitted = false;
            return true;
        }
    }

    Task task() {
        return new Task();
    }

    /**
     * A processor that forwards what it reads unchanged and asks for a commit once its input and the
     * instance's mentions have gone quiet: placed where a stage reads a repartition topic.
     */
    <K, V> FixedKeyProcessorSupplier<K, V, V> passThrough() {
        return () -> new FixedKeyProcessor<>() {
            private final Task task = task();
            private FixedKeyProcessorContext<K, V> context;

            @Override
            public void init(FixedKeyProcessorContext<K, V> context) {
                this.context = context;
                if (enabled()) {
                    context.schedule(tick(), PunctuationType.WALL_CLOCK_TIME, now -> {
                        if (task.due(now)) {
                            context.commit();
                        }
                    });
                }
            }

            @Override
            public void process(FixedKeyRecord<K, V> record) {
                long now = context.currentSystemTimeMs();
                task.arrived(now);
                task.wrote();
                context.forward(record);
            }
        };
    }
}
