package dev.earshot.app;

import dev.earshot.model.Settings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Command-line durations in the configuration's spelling: 30s, 10m, 24h, 7d, 500ms or PT30S. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Settings.parseDuration("duration", value);
    }
}
