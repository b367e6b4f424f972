package dev.earshot.streams;

import dev.earshot.model.output.Themes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Ranks a brand's hour's themes each time its hourly highlights change, against the earlier hours of
 * the same store ({@link BrandThemes}), and forwards them keyed {@code brand@windowStart}. It keeps
 * nothing of its own: what it reads is the hourly store, changelogged and committed with the input,
 * so after a crash it ranks from exactly what was counted. An update also ranks again the later hours
 * that counted this one in their baseline, so the latest record of every hour is its themes as the
 * store holds them, in whatever order the input came.
 */
final class ThemesProcessor implements Processor<Windowed<String>, BrandHighlights, String, Themes> {
    private final ThemeSettings settings;
    private ProcessorContext<String, Themes> context;
    private TimestampedWindowStore<String, BrandHighlights> hours;

    ThemesProcessor(ThemeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Themes> context) {
        this.context = context;
        this.hours = context.getStateStore(Pipeline.HIGHLIGHTS_STORE);
    }

    @Override
    public void process(Record<Windowed<String>, BrandHighlights> record) {
        if (record.value() == null) {
            return;
        }
        String brand = record.key().key();
        Instant start = record.key().window().startTime();
        // The hour's earlier and later hours within the baseline, read once: a later hour already
        // ranked was ranked against this hour as it was, so it is ranked again (in a live stream there
        // is none; in a replay whose partitions run at their own paces there can be).
        NavigableMap<Instant, BrandHighlights> span = BrandThemes.hours(hours, ValueAndTimestamp::value, brand,
                start.minus(settings.baseline()), start.plus(settings.baseline()));
        span.put(start, record.value());
        for (Map.Entry<Instant, BrandHighlights> hour : span.tailMap(start, true).entrySet()) {
            if (!hour.getValue().countsTerms()) {
                continue; // begun before themes: its terms are partly counted, and it tells no themes
            }
            Instant at = hour.getKey();
            List<BrandHighlights> earlier = List.copyOf(span.subMap(at.minus(settings.baseline()), true, at, false).values());
            Themes themes = BrandThemes.rank(brand, at, hour.getValue(), earlier, settings);
            context.forward(new Record<>(themes.key(), themes, record.timestamp()));
        }
    }
}
