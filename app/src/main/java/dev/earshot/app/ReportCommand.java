package dev.earshot.app;

import dev.earshot.ingest.IngestConfig;
import dev.earshot.model.Category;
import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.Highlights;
import dev.earshot.model.output.Themes;
import dev.earshot.model.output.ShareOfVoice;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code earshot report}: a competitor-monitoring report for one competitor set from the aggregate
 * topics, the job an analyst schedules daily. Everything is computed from the latest value of each
 * hourly window, so a rerun over the same period gives the same figures.
 */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {"Writes a report for one competitor set from the aggregate topics: share of voice, strategy mix,",
            "engagement per mention, daily feedback and its spikes, top influencers. Markdown or CSV on stdout."})
final class ReportCommand implements Callable<Integer> {
    static final Category[] CATEGORIES = {Category.PAID, Category.ORGANIC_SHARE, Category.INFLUENCER, Category.FEEDBACK,
            Category.OTHER};

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--set", required = true, description = "Competitor set id.")
    String set;

    @Option(names = "--since", defaultValue = "7d", converter = DurationConverter.class,
            description = "Period covered, back from now (default: ${DEFAULT-VALUE}).")
    Duration period;

    @Option(names = "--until", description = "End of the period, ISO-8601 (default: now).")
    Instant until;

    @Option(names = "--format", defaultValue = "md", description = "md or csv (default: ${DEFAULT-VALUE}).")
    String format;

    /** One brand's figures over the period. */
    static final class BrandFigures {
        long mentions;
        long engagement;
        long reach;
        long amplified;
        /** All its mentions, suspects included: what its share of copies and of suspects is of. */
        long allMentions;
        long suspect;
        final Map<Category, Long> byCategory = new LinkedHashMap<>();
        final Map<String, Long> feedbackByDay = new TreeMap<>();
        final Map<String, Highlights.AuthorActivity> influencers = new LinkedHashMap<>();
        SentimentCounts sentiment = SentimentCounts.ZERO;
        /** Net sentiment per day, from that day's counts. */
        final Map<String, SentimentCounts> sentimentByDay = new TreeMap<>();
        /** Each theme of the period's hours, summed over the hours it rose in. */
        final Map<String, ThemeFigures> themes = new LinkedHashMap<>();
    }

    /** One theme over a period: the hours it rose in, its mentions there and how many more than expected. */
    static final class ThemeFigures {
        final String term;
        int hours;
        long mentions;
        double aboveExpected;

        ThemeFigures(String term) {
            this.term = term;
        }

        void add(Themes.Theme t) {
            hours++;
            mentions = Counts.sum(mentions, t.mentions());
            aboveExpected += t.mentions() - t.expected();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("md") && !format.equals("csv")) {
            spec.commandLine().getErr().println("--format is md or csv, not " + format);
            return 2;
        }
        if (period.isNegative() || period.isZero()) {
            spec.commandLine().getErr().println("--since is a period before --until, longer than 0, not " + period);
            return 2;
        }
        Instant to = until == null ? Instant.now() : until;
        // Whole hours: the windows that overlap the period, the first hour whole. Cut at the exact
        // instant, a daily run a few seconds past midnight left out yesterday's first hour every day.
        Instant from = to.minus(period).truncatedTo(ChronoUnit.HOURS);
        IngestConfig config = kafka.connect(t -> List.of(t.shareOfVoice(), t.engagementHour(), t.feedbackSpikes(), t.highlightsHour(),
                t.themesHour()));
        Map<String, Object> client = config.clientSettings();

        // The set's members, from its share-of-voice records (which list every member, zero or not).
        Set<String> members = new LinkedHashSet<>();
        for (ShareOfVoice sov : TopicSnapshot.latestByKey(client, config.topics().hourShareOfVoice()).values()) {
            if (set.equals(sov.competitorSet())) {
                members.addAll(sov.brands().keySet());
            }
        }
        if (members.isEmpty()) {
            spec.commandLine().getErr().println("no share-of-voice figures for competitor set " + set + " on " + config.topics().shareOfVoice()
                    + ": is the set in the streams app's brand file, and has it seen mentions?");
            return 1;
        }
        Map<String, BrandFigures> brands = new LinkedHashMap<>();
        members.forEach(b -> brands.put(b, new BrandFigures()));

        for (BrandWindow w : TopicSnapshot.latestByKey(client, config.topics().hourWindows()).values()) {
            BrandFigures f = brands.get(w.brand());
            if (f == null || w.windowStart().isBefore(from) || !w.windowStart().isBefore(to)) {
                continue;
            }
            // Share of voice leaves suspect mentions out, as the streams app's topic does by default.
            f.mentions = Counts.sum(f.mentions, w.credible().mentions());
            f.engagement = Counts.sum(f.engagement, w.credible().engagement());
            f.reach = Counts.sum(f.reach, w.credible().reach());
            f.amplified = Counts.sum(f.amplified, w.amplified());
            f.allMentions = Counts.sum(f.allMentions, w.totals().mentions());
            f.suspect = Counts.sum(f.suspect, w.suspect().mentions());
            for (Category c : CATEGORIES) {
                f.byCategory.merge(c, w.byCategory().getOrDefault(c, Counts.ZERO).mentions(), Counts::sum);
            }
            String day = w.windowStart().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
            f.feedbackByDay.merge(day, w.byCategory().getOrDefault(Category.FEEDBACK, Counts.ZERO).mentions(), Counts::sum);
            f.sentiment = f.sentiment.plus(w.sentiment());
            f.sentimentByDay.merge(day, w.sentiment(), SentimentCounts::plus);
        }
        for (Highlights h : latestIfThere(client, config.topics().hourHighlights(), "top influencers")) {
            BrandFigures f = brands.get(h.brand());
            if (f == null || h.windowStart().isBefore(from) || !h.windowStart().isBefore(to)) {
                continue;
            }
            for (Highlights.AuthorActivity a : h.influencers()) {
                f.influencers.merge(a.handle(), a, Highlights.AuthorActivity::plus);
            }
        }
        addThemes(brands, latestIfThere(client, config.topics().hourThemes(), "themes"), from, to);
        // Every alert, not the latest per key: the alerts topic is keyed by brand, and each alert is an event.
        Map<String, FeedbackSpike> byId = new LinkedHashMap<>();
        for (var r : TopicSnapshot.readAll(client, config.topics().alerts().name())) {
            try {
                FeedbackSpike a = config.topics().alerts().values().fromJson(r.value());
                // One row per spike: the alert that opened it (its later records are in tail alerts and the dashboard).
                if (a.status() == FeedbackSpike.Status.OPENED && brands.containsKey(a.brand())
                        && !a.windowStart().isBefore(from) && a.windowStart().isBefore(to)) {
                    byId.put(a.id(), a);
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                spec.commandLine().getErr().println("left out an alert that does not read: " + e.getMessage());
            }
        }
        List<FeedbackSpike> spikes = new ArrayList<>(byId.values());
        spikes.sort(Comparator.comparing(FeedbackSpike::windowStart));
        if (format.equals("md")) {
            Instant lastHourEnd = to.truncatedTo(ChronoUnit.HOURS).equals(to) ? to : to.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            markdown(spec.commandLine().getOut(), from, lastHourEnd, brands, spikes);
        } else {
            csv(spec.commandLine().getOut(), brands, spikes);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void markdown(PrintWriter out, Instant from, Instant to, Map<String, BrandFigures> brands, List<FeedbackSpike> spikes) {
        long allMentions = brands.values().stream().mapToLong(f -> f.mentions).reduce(0, Counts::sum);
        long allEngagement = brands.values().stream().mapToLong(f -> f.engagement).reduce(0, Counts::sum);
        out.printf(Locale.ROOT, "# Competitor report: %s%n%n%s to %s (UTC), hourly aggregates.%n%n", md(set),
                from.truncatedTo(ChronoUnit.MINUTES), to.truncatedTo(ChronoUnit.MINUTES));
        out.println("## Share of voice\n");
        out.println("| Brand | Mentions | Share of mentions | Engagement | Share of engagement | Engagement per mention | Reach | Copies | Suspect |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        brands.forEach((b, f) -> out.printf(Locale.ROOT, "| %s | %,d | %.1f%% | %,d | %.1f%% | %.1f | %,d | %.1f%% | %.1f%% |%n", md(b),
                f.mentions, pct(f.mentions, allMentions), f.engagement, pct(f.engagement, allEngagement),
                f.mentions == 0 ? 0.0 : (double) f.engagement / f.mentions, f.reach, pct(f.amplified, f.allMentions),
                pct(f.suspect, f.allMentions)));
        out.println("\nMentions, engagement and reach leave suspect mentions out (spam, bots, floods). Copies: the share of"
                + " the brand's mentions that copy the wording of an earlier one (retweets, reprints, copy-paste campaigns)."
                + " Suspect: the share left out.");
        out.println("\n## Strategy mix (share of each brand's mentions)\n");
        out.println("| Brand | Paid | Organic share | Influencer | Feedback | Other |");
        out.println("|---|---:|---:|---:|---:|---:|");
        brands.forEach((b, f) -> {
            out.print("| " + md(b) + " |");
            for (Category c : CATEGORIES) {
                out.printf(Locale.ROOT, " %.1f%% |", pct(f.byCategory.getOrDefault(c, 0L), f.allMentions));
            }
            out.println();
        });
        out.println("\n## Sentiment (net = (positive − negative) / (positive + negative))\n");
        out.println("| Brand | Net sentiment | Positive | Neutral | Negative |");
        out.println("|---|---:|---:|---:|---:|");
        brands.forEach((b, f) -> out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %,d |%n", md(b), TailCommand.net(f.sentiment.netSentiment()),
                f.sentiment.positive(), f.sentiment.neutral(), f.sentiment.negative()));
        Set<String> sentimentDays = new java.util.TreeSet<>();
        brands.values().forEach(f -> sentimentDays.addAll(f.sentimentByDay.keySet()));
        if (!sentimentDays.isEmpty()) {
            out.println("\nNet sentiment per day:\n");
            out.println("| Day | " + String.join(" | ", brands.keySet().stream().map(ReportCommand::md).toList()) + " |");
            out.println("|---|" + "---:|".repeat(brands.size()));
            for (String day : sentimentDays) {
                out.print("| " + day + " |");
                brands.values().forEach(f -> out.print(" " + TailCommand.net(f.sentimentByDay.getOrDefault(day, SentimentCounts.ZERO)
                        .netSentiment()) + " |"));
                out.println();
            }
        }
        out.println("\n## Feedback per day\n");
        Set<String> days = new java.util.TreeSet<>();
        brands.values().forEach(f -> days.addAll(f.feedbackByDay.keySet()));
        out.println("| Day | " + String.join(" | ", brands.keySet().stream().map(ReportCommand::md).toList()) + " |");
        out.println("|---|" + "---:|".repeat(brands.size()));
        for (String day : days) {
            out.print("| " + day + " |");
            brands.values().forEach(f -> out.printf(Locale.ROOT, " %,d |", f.feedbackByDay.getOrDefault(day, 0L)));
            out.println();
        }
        out.println("\n## Spikes\n");
        if (spikes.isEmpty()) {
            out.println("None in the period.");
        } else {
            out.println("| Brand | Window (UTC) | Count | Baseline | Ratio | Severity | Signal | Rising terms |");
            out.println("|---|---|---:|---:|---:|---:|---|---|");
            spikes.forEach(a -> out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %s | %s | %s | %s |%n", md(a.brand()),
                    a.windowStart().toString().substring(0, 16).replace('T', ' '), a.count(), a.baseline(),
                    a.ratioIsAMultiple() ? String.format(Locale.ROOT, "%.1f×", a.ratio()) : "–",
                    a.severityText(),
                    a.signal() == FeedbackSpike.Signal.FEEDBACK ? "feedback" : "negative sentiment",
                    md(a.risingTermsText())));
        }
        out.println("\n## Top themes (what rose most against each brand's earlier hours)\n");
        out.println("| Brand | Theme | Hours | Mentions | Above expected |");
        out.println("|---|---|---:|---:|---:|");
        brands.forEach((b, f) -> topThemes(f, 5).forEach(t -> out.printf(Locale.ROOT, "| %s | %s | %d | %,d | %,.0f |%n",
                md(b), themeCell(t.term), t.hours, t.mentions, t.aboveExpected)));
        out.println("\n## Top influencers (largest audiences that mentioned each brand)\n");
        out.println("| Brand | Author | Followers | Mentions | Engagement |");
        out.println("|---|---|---:|---:|---:|");
        brands.forEach((b, f) -> topInfluencers(f, 5).forEach(a -> out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %,d |%n",
                md(b), md(a.handle()), a.followers(), a.mentions(), a.engagement())));
    }

    /**
     * One row per figure, written per RFC 4180 by Jackson's CSV writer; text cells that a spreadsheet
     * would run as a formula are neutralised ({@link #cell}).
     */
    private void csv(PrintWriter out, Map<String, BrandFigures> brands, List<FeedbackSpike> spikes) {
        long allMentions = brands.values().stream().mapToLong(f -> f.mentions).reduce(0, Counts::sum);
        List<List<Object>> rows = new java.util.ArrayList<>();
        rows.add(List.of("section", "brand", "key", "value"));
        brands.forEach((b, f) -> {
            rows.add(List.of("share_of_voice", cell(b), "mentions", f.mentions));
            rows.add(List.of("share_of_voice", cell(b), "share_of_mentions", round(pct(f.mentions, allMentions) / 100, 4)));
            rows.add(List.of("share_of_voice", cell(b), "engagement", f.engagement));
            rows.add(List.of("share_of_voice", cell(b), "amplified", f.amplified));
            rows.add(List.of("share_of_voice", cell(b), "suspect", f.suspect));
            rows.add(List.of("share_of_voice", cell(b), "engagement_per_mention",
                    round(f.mentions == 0 ? 0.0 : (double) f.engagement / f.mentions, 2)));
            for (Category c : CATEGORIES) {
                rows.add(List.of("strategy_mix", cell(b), c.name(), f.byCategory.getOrDefault(c, 0L)));
            }
            f.feedbackByDay.forEach((day, n) -> rows.add(List.of("feedback_per_day", cell(b), day, n)));
            rows.add(List.of("sentiment", cell(b), "positive", f.sentiment.positive()));
            rows.add(List.of("sentiment", cell(b), "neutral", f.sentiment.neutral()));
            rows.add(List.of("sentiment", cell(b), "negative", f.sentiment.negative()));
            Double net = f.sentiment.netSentiment();
            rows.add(List.of("sentiment", cell(b), "net_sentiment", net == null ? "" : round(net, 3)));
            f.sentimentByDay.forEach((day, counts) -> rows.add(List.of("net_sentiment_per_day", cell(b), day,
                    counts.netSentiment() == null ? "" : round(counts.netSentiment(), 3))));
            topInfluencers(f, 5).forEach(a -> rows.add(List.of("top_influencer", cell(b), cell(a.handle()), a.followers())));
            topThemes(f, 5).forEach(t -> rows.add(List.of("top_theme", cell(b), cell(t.term), round(t.aboveExpected, 1))));
        });
        spikes.forEach(a -> rows.add(List.of(a.signal() == FeedbackSpike.Signal.FEEDBACK ? "feedback_spike" : "negative_sentiment_spike",
                cell(a.brand()), a.windowStart().toString(), a.count())));
        spikes.stream().filter(a -> a.severity() > 0).forEach(a -> rows.add(List.of(
                a.signal() == FeedbackSpike.Signal.FEEDBACK ? "feedback_spike_severity" : "negative_sentiment_spike_severity",
                cell(a.brand()), a.windowStart().toString(), a.severity())));
        try {
            com.fasterxml.jackson.dataformat.csv.CsvMapper mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
            try (var writer = mapper.writer(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withLineSeparator("\r\n"))
                    .writeValues(out)) {
                writer.writeAll(rows);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.flush();
    }

    /**
     * A text cell a spreadsheet shows as text, and a terminal as text: what {@link TailCommand#unprintable}
     * names (control characters such as a terminal's escape, line breaks, bidirectional controls) is
     * taken out first, as Markdown's cells take it out; then one starting with {@code = + - @} would run
     * as a formula ({@code =HYPERLINK(…)}), so it gets a leading apostrophe, as OWASP advises for CSV
     * injection.
     */
    static String cell(String text) {
        String shown = text.codePoints().filter(c -> !TailCommand.unprintable(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return !shown.isEmpty() && "=+-@".indexOf(shown.charAt(0)) >= 0 ? "'" + shown : shown;
    }

    /**
     * Text from the data as Markdown shows it literally, inside a table cell: what {@link
     * TailCommand#unprintable} names (control characters, line breaks and separators, bidirectional
     * overrides) made spaces, the table's {@code |} and every Markdown or HTML sign escaped, so an
     * author handle can neither forge a row nor become a link or markup.
     */
    static String md(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (TailCommand.unprintable(c)) {
                out.append(' ');
            } else if ("\\`*_{}[]()<>#+-.!|~&".indexOf(c) >= 0) {
                out.append('\\').appendCodePoint(c);
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static double round(double value, int places) {
        return java.math.BigDecimal.valueOf(value).setScale(places, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static List<Highlights.AuthorActivity> topInfluencers(BrandFigures f, int n) {
        return f.influencers.values().stream()
                .sorted(Comparator.comparingLong(Highlights.AuthorActivity::followers).reversed()
                        .thenComparing(Highlights.AuthorActivity::handle))
                .limit(n).toList();
    }

    /**
     * A theme as a Markdown cell: a link in a code span, so no renderer makes anyone's link clickable
     * (a theme's link is no brand page; URLs Earshot keeps have no backtick or bar); the rest escaped.
     */
    static String themeCell(String term) {
        return Themes.Kind.of(term) == Themes.Kind.LINK ? "`" + term + "`" : md(term);
    }

    /**
     * Sums each brand's hourly themes of the period [from, to) into its figures. An hour without
     * earlier hours to compare with has its most used terms as themes, which rose against nothing:
     * summed with the rest they would bury what did rise, so it is left out.
     */
    /**
     * The latest value per key of a topic that a streams app older than it does not write (highlights,
     * themes), or none with a line on stderr: readers are upgraded before the streams app (README), and a
     * report should not fail for a section it can only leave empty.
     */
    private <V> java.util.Collection<V> latestIfThere(Map<String, Object> client, dev.earshot.model.output.OutputTopic<V> topic,
                                                     String section) {
        if (!TopicSnapshot.exists(client, topic.name())) {
            spec.commandLine().getErr().println("no topic " + topic.name() + " (a streams app from before it?): the report has no "
                    + section);
            return List.of();
        }
        return TopicSnapshot.latestByKey(client, topic).values();
    }

    static void addThemes(Map<String, BrandFigures> brands, Iterable<Themes> hours, Instant from, Instant to) {
        for (Themes t : hours) {
            BrandFigures f = brands.get(t.brand());
            if (f == null || t.baselineHours() == 0 || t.windowStart().isBefore(from) || !t.windowStart().isBefore(to)) {
                continue;
            }
            for (Themes.Theme theme : t.themes()) {
                f.themes.computeIfAbsent(theme.term(), ThemeFigures::new).add(theme);
            }
        }
    }

    /** The themes that rose by the most mentions over the period, most first. */
    static List<ThemeFigures> topThemes(BrandFigures f, int n) {
        return f.themes.values().stream()
                .sorted(Comparator.comparingDouble((ThemeFigures t) -> t.aboveExpected).reversed().thenComparing(t -> t.term))
                .limit(n).toList();
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
