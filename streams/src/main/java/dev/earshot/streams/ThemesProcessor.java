package dev.earshot.streams;

import dev.earshot.model.output.Themes;
import java.time.Instant;
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
 * so after a crash it ranks from exactly what was counted, and the latest record of an hour is that
 * hour's themes whatever ran before.
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
        Themes themes = BrandThemes.rank(brand, start, record.value(),
                BrandThemes.earlier(hours, ValueAndTimestamp::value, brand, start, settings), settings);
        context.forward(new Record<>(themes.key(), themes, record.timestamp()));
    }
}
