package dev.earshot.streams;

import dev.earshot.model.output.Themes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * What a brand's hour is about: the terms of its {@link BrandHighlights} that its mentions used more
 * than the brand's earlier hours lead one to expect. A term's expected count is its share of the
 * earlier hours' mentions times the hour's mentions, so the words a brand is always talked about with,
 * and those that only grew with the volume, do not rise; a new topic does. Ranked by
 * (count − expected) / √(expected + 1), which weighs a rise against the noise of a count that size:
 * ten mentions of a word never seen before outrank fifteen of one expected ten times.
 *
 * <p>The same function serves the {@code brand.themes.1h} topic and the query API, from the same
 * hourly store, so both tell the same story.
 */
public final class BrandThemes {
    private BrandThemes() {
    }

    /**
     * @param hour    the brand's highlights of the hour starting at {@code start}
     * @param earlier its highlights of earlier hours within the baseline, in any order (empty hours
     *                and hours begun before themes, {@link BrandHighlights#countsTerms()}, are skipped)
     */
    public static Themes rank(String brand, Instant start, BrandHighlights hour, List<BrandHighlights> earlier,
                       ThemeSettings settings) {
        long baselineMentions = 0;
        int baselineHours = 0;
        Map<String, Long> baseline = new HashMap<>();
        for (BrandHighlights h : earlier) {
            if (h.mentions() > 0) {
                baselineHours++;
                baselineMentions += h.mentions();
                h.terms().forEach((term, n) -> baseline.merge(term, n, Long::sum));
            }
        }
        List<Themes.Theme> risen = new ArrayList<>();
        long threshold = settings.threshold(hour.mentions());
        for (Map.Entry<String, Long> e : hour.terms().entrySet()) {
            long count = e.getValue();
            if (count < threshold) {
                continue;
            }
            double expected = baselineMentions == 0 ? 0
                    : (double) baseline.getOrDefault(e.getKey(), 0L) / baselineMentions * hour.mentions();
            if (count > expected) {
                double score = (count - expected) / Math.sqrt(expected + 1);
                risen.add(new Themes.Theme(e.getKey(), null, count, round(expected), round(score)));
            }
        }
        risen.sort(Comparator.comparingDouble(Themes.Theme::score).reversed()
                .thenComparing(Comparator.comparingLong(Themes.Theme::mentions).reversed())
                .thenComparing(Themes.Theme::term));
        return new Themes(brand, start, start.plus(Duration.ofHours(1)), hour.mentions(), baselineHours,
                risen.subList(0, Math.min(settings.top(), risen.size())));
    }

    /** Two decimals: more would only spell out the noise of a count. */
    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    /** The brand's highlights of the baseline's hours before {@code start}, as far as the store still holds them. */
    public static <V> List<BrandHighlights> earlier(ReadOnlyWindowStore<String, V> store, Function<V, BrandHighlights> highlights,
                                                    String brand, Instant start, ThemeSettings settings) {
        return List.copyOf(hours(store, highlights, brand, start.minus(settings.baseline()),
                start.minus(Duration.ofMillis(1))).values());
    }

    /** The brand's hours with highlights from {@code from} to {@code to} (window starts, both included), in order. */
    static <V> NavigableMap<Instant, BrandHighlights> hours(ReadOnlyWindowStore<String, V> store, Function<V, BrandHighlights> highlights,
                                                           String brand, Instant from, Instant to) {
        NavigableMap<Instant, BrandHighlights> found = new TreeMap<>();
        if (to.isBefore(from)) {
            return found;
        }
        try (KeyValueIterator<Windowed<String>, V> it = OneKeyWindows.oldestFirst(store, brand, from, to)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, V> kv = it.next();
                if (kv.value != null) {
                    found.put(kv.key.window().startTime(), highlights.apply(kv.value));
                }
            }
        }
        return found;
    }
}
