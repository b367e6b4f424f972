package dev.earshot.streams;

import java.time.Duration;

/**
 * How a brand's hourly themes are ranked (see {@link BrandThemes}).
 *
 * @param baseline    the earlier hours a term's usual share is taken from ({@code themes.baseline},
 *                    default 24 hours: a day's rhythm, within the hourly stores' retention)
 * @param top         themes published per brand and hour ({@code themes.top}, default 10)
 * @param minMentions a term used by fewer of the hour's mentions is no theme ({@code themes.min.mentions},
 *                    default 3: two people using a word is a coincidence, three a conversation)
 * @param minShare    nor one used by less than this share of them ({@code themes.min.share}, default
 *                    0.01): in a busy hour, a handful of mentions of a page or a word never seen
 *                    before is noise, not what the hour is about
 */
public record ThemeSettings(Duration baseline, int top, long minMentions, double minShare) {
    public static final ThemeSettings DEFAULT = new ThemeSettings(Duration.ofHours(24), 10, 3, 0.01);

    public ThemeSettings {
        if (baseline.isNegative() || baseline.toMillis() % 3_600_000 != 0 || top < 1 || top > 50 || minMentions < 1
                || !(minShare >= 0 && minShare <= 1)) {
            throw new IllegalArgumentException("invalid theme settings: themes.baseline " + baseline
                    + " (whole hours), themes.top " + top + " (1 to 50), themes.min.mentions " + minMentions
                    + " (1 or more), themes.min.share " + minShare + " (0 to 1)");
        }
    }

    /** The fewest of an hour's {@code mentions} a theme must be used by. */
    long threshold(long mentions) {
        return Math.max(minMentions, (long) Math.ceil(minShare * mentions));
    }
}
