package dev.earshot.app;

import dev.earshot.ingest.IngestConfig;
import dev.earshot.model.Category;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.Topics;
import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.Highlights;
import dev.earshot.model.output.Themes;
import dev.earshot.model.output.OutputTopic;
import dev.earshot.model.output.ShareOfVoice;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code earshot tail}: an output topic as a live table in the terminal, or as JSON lines. */
@Command(name = "tail",
        mixinStandardHelpOptions = true,
        description = {"Follows an output topic and prints each update as a table row (or JSON with --json),",
            "reading committed records only. Starts --since ago (default 10m) and runs until Ctrl+C."})
final class TailCommand implements Callable<Integer> {
    private static final Category[] CATEGORIES = ReportCommand.CATEGORIES;

    /** What can be tailed, and the topic behind each. */
    enum View {
        engagement, engagement_1h, share_of_voice, alerts, classified, highlights, themes;

        OutputTopic<?> topic(Topics topics) {
            return switch (this) {
                case engagement -> topics.minuteWindows();
                case engagement_1h -> topics.hourWindows();
                case share_of_voice -> topics.hourShareOfVoice();
                case alerts -> topics.alerts();
                case classified -> topics.classifiedMentions();
                case highlights -> topics.hourHighlights();
                case themes -> topics.hourThemes();
            };
        }

        static View parse(String name) {
            return View.valueOf(name.replace('-', '_').replace(".", "_").toLowerCase(Locale.ROOT));
        }

        /** The name a user types: {@code engagement-1h}. */
        String label() {
            return name().replace('_', '-');
        }

        /** Every view's name, for the help and for the answer to an unknown one. */
        static final class Names implements Iterable<String> {
            @Override
            public java.util.Iterator<String> iterator() {
                return java.util.Arrays.stream(values()).map(View::label).iterator();
            }
        }
    }

    @Parameters(index = "0", paramLabel = "VIEW",
            completionCandidates = View.Names.class,
            description = "One of ${COMPLETION-CANDIDATES} (engagement is the 1-minute windows).")
    String view;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--brand", description = "Only this brand.")
    String brand;

    @Option(names = "--set", description = "Only this competitor set (share-of-voice).")
    String set;

    @Option(names = "--json", description = "Print each record's value as one JSON line.")
    boolean json;

    @Option(names = "--since", defaultValue = "10m", converter = DurationConverter.class,
            description = "Start with records written this long ago (default: ${DEFAULT-VALUE}; 0s for only new ones).")
    Duration back;

    @Option(names = "--max", defaultValue = "-1", description = "Stop after this many rows (default: run until Ctrl+C).")
    long max;

    @Override
    public Integer call() throws Exception {
        View v;
        try {
            v = View.parse(view);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("unknown view " + view + ": use one of " + String.join(", ", new View.Names()));
            return 2;
        }
        IngestConfig config = kafka.connect(t -> List.of(v.topic(t).name()));
        OutputTopic<?> output = v.topic(config.topics());
        String topic = output.name();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "tail-stop"));
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        try (KafkaConsumer<String, String> consumer = TopicSnapshot.consumer(config.clientSettings())) {
            List<TopicPartition> partitions = TopicSnapshot.partitions(consumer, topic);
            consumer.assign(partitions);
            TopicSnapshot.seekToTime(consumer, partitions, Instant.now().minus(back).toEpochMilli());
            if (!json) {
                out.println(header(v));
            }
            while (stop.getCount() > 0 && (max < 0 || printed < max)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue; // a tombstone: nothing to show
                    }
                    Object value;
                    try {
                        value = output.values().fromJson(r.value());
                    } catch (IllegalArgumentException e) {
                        spec.commandLine().getErr().printf("%s offset %d does not read: %s%n", r.topic(), r.offset(),
                                printable(String.valueOf(e.getMessage())));
                        continue;
                    }
                    if (!matches(value)) {
                        continue;
                    }
                    out.println(json ? jsonForTerminal(r.value()) : row(value));
                    if (max >= 0 && ++printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    private boolean matches(Object value) {
        if (set != null && value instanceof ShareOfVoice sov && !set.equals(sov.competitorSet())) {
            return false;
        }
        if (brand == null) {
            return true;
        }
        if (value instanceof ShareOfVoice sov) {
            return sov.brands().containsKey(brand);
        }
        return brand.equals(brandOf(value));
    }

    private static String brandOf(Object value) {
        if (value instanceof BrandWindow w) {
            return w.brand();
        } else if (value instanceof Highlights h) {
            return h.brand();
        } else if (value instanceof Themes t) {
            return t.brand();
        } else if (value instanceof FeedbackSpike a) {
            return a.brand();
        } else if (value instanceof ClassifiedMention c) {
            return c.classification().brand();
        }
        return null;
    }

    private static String header(View v) {
        return switch (v) {
            case engagement, engagement_1h -> String.format(Locale.ROOT, "%-16s %-17s %8s %7s %7s %8s %7s %8s %11s %6s %6s %6s %6s %6s %5s %5s %5s %6s",
                    "brand", "window (UTC)", "mentions", "copies", "suspect", "likes", "shares", "comments", "reach", "paid", "share", "infl", "feedbk",
                    "other", "pos", "neu", "neg", "net");
            case share_of_voice -> String.format(Locale.ROOT, "%-14s %-17s  %s", "set", "hour (UTC)",
                    "brand: mentions (share of mentions, share of engagement, net sentiment)");
            case alerts -> String.format(Locale.ROOT, "%-16s %-17s %-9s %-8s %7s %9s %7s %5s %6s %7s  %-40s %s", "brand", "window (UTC)",
                    "signal", "status", "count", "baseline", "ratio", "sev", "copies", "suspect", "rising terms", "sample mentions");
            case classified -> String.format(Locale.ROOT, "%-14s %-13s %-9s %-5s %-9s %-4s %-17s %-12s %-20s %s", "brand", "category",
                    "kind", "tier", "sentiment", "lang", "cluster", "suspect", "author", "text");
            case highlights -> String.format(Locale.ROOT, "%-16s %-17s  %s", "brand", "hour (UTC)", "top influencers | top links");
            case themes -> String.format(Locale.ROOT, "%-16s %-17s %8s %8s  %s", "brand", "hour (UTC)", "mentions", "baseline",
                    "themes: mentions (expected)");
        };
    }

    /**
     * A line as a terminal may be given it: the control characters a post's text, a handle or an
     * address may carry taken out (an escape sequence that moves the cursor, clears the screen or
     * retitles the window; a line break that starts a forged row; a bidirectional override that
     * reorders what follows).
     */
    static String printable(String line) {
        return line.codePoints().filter(c -> !unprintable(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /**
     * A record's JSON as a terminal may be given it: the characters {@link #printable} takes out, which
     * JSON allows unescaped inside a string, written as {@code \\uXXXX} escapes, so the record reads
     * back the same.
     */
    static String jsonForTerminal(String json) {
        StringBuilder out = new StringBuilder(json.length());
        json.codePoints().forEach(c -> {
            if (unprintable(c)) {
                for (char half : Character.toChars(c)) { // JSON writes a character past U+FFFF as its surrogate pair
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) half));
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * A character a terminal, a Slack text or a Markdown cell must not be given as it is: an ISO
     * control (escape sequences, line breaks), a format character (bidirectional overrides), a line or
     * paragraph separator.
     */
    static boolean unprintable(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** A net sentiment as a signed figure, "-" where there is none; the report writes it so too. */
    static String net(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%+.2f", value);
    }

    /** A record as tail prints it: a line, or for an alert a line and one per loud mention, each cleaned for a terminal. */
    static String row(Object value) {
        return value instanceof FeedbackSpike ? line(value) : printable(line(value));
    }

    private static String line(Object value) {
        if (value instanceof BrandWindow w) {
            Counts t = w.totals();
            Object[] cells = new Object[9 + CATEGORIES.length + 4];
            cells[0] = w.brand();
            cells[1] = window(w.windowStart());
            cells[2] = t.mentions();
            cells[3] = w.amplified();
            cells[4] = w.suspect().mentions();
            cells[5] = t.likes();
            cells[6] = t.shares();
            cells[7] = t.comments();
            cells[8] = t.reach();
            for (int i = 0; i < CATEGORIES.length; i++) {
                cells[9 + i] = w.byCategory().getOrDefault(CATEGORIES[i], Counts.ZERO).mentions();
            }
            int at = 9 + CATEGORIES.length;
            cells[at] = w.sentiment().positive();
            cells[at + 1] = w.sentiment().neutral();
            cells[at + 2] = w.sentiment().negative();
            cells[at + 3] = net(w.netSentiment());
            return String.format(Locale.ROOT, "%-16s %-17s %8d %7d %7d %8d %7d %8d %11d %6d %6d %6d %6d %6d %5d %5d %5d %6s", cells);
        } else if (value instanceof ShareOfVoice sov) {
            StringBuilder brands = new StringBuilder();
            sov.brands().forEach((b, share) -> brands.append(String.format(Locale.ROOT, "  %s: %d (%.1f%%, %.1f%%, %s)",
                    b, share.mentions(), 100 * share.shareOfMentions(), 100 * share.shareOfEngagement(), net(share.netSentiment()))));
            return String.format(Locale.ROOT, "%-14s %-17s%s", sov.competitorSet(), window(sov.windowStart()), brands);
        } else if (value instanceof FeedbackSpike a) {
            String first = String.format(Locale.ROOT, "%-16s %-17s %-9s %-8s %7d %9.1f %7s %5s %6s %7d  %-40s %s", a.brand(),
                    window(a.windowStart()), a.signal() == FeedbackSpike.Signal.FEEDBACK ? "feedback" : "negative",
                    a.status().name().toLowerCase(Locale.ROOT), a.count(),
                    a.baseline(), a.ratioIsAMultiple() ? String.format(Locale.ROOT, "%.1fx", a.ratio()) : "–", a.severityText(),
                    a.signal() == FeedbackSpike.Signal.FEEDBACK ? Math.round(100 * a.amplifiedShare()) + "%" : "–",
                    a.suspect(), a.risingTermsText(),
                    String.join(" ", a.sampleIds()));
            // A line per loud mention, each line cleaned apart: a line break inside a handle starts no row.
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), a.topSamples().stream()
                    .map(s -> String.format(Locale.ROOT, "    %s (%,d followers) %s: %s%s", s.author(), s.followers(), s.id(),
                            s.excerpt(), s.url().isEmpty() ? "" : "  " + s.url())))
                    .map(TailCommand::printable).collect(java.util.stream.Collectors.joining("\n"));
        } else if (value instanceof ClassifiedMention c) {
            String text = c.mention().text().replaceAll("\\s+", " ");
            var sentiment = c.classification().sentiment();
            return String.format(Locale.ROOT, "%-14s %-13s %-9s %-5s %-9s %-4s %-17s %-12s %-20s %s", c.classification().brand(),
                    c.classification().category(), c.classification().feedbackKind() == null ? "-" : c.classification().feedbackKind(),
                    c.classification().tier() == null ? "" : c.classification().tier(),
                    sentiment == null ? "-" : sentiment.label().name().substring(0, 3) + String.format(Locale.ROOT, "%+.2f", sentiment.score()),
                    c.classification().language() == null ? "-" : c.classification().language(),
                    c.clusterId() == null ? "-" : c.clusterId(),
                    c.suspect().isEmpty() ? "-" : clip(c.suspect().stream().map(r -> r.name().toLowerCase(Locale.ROOT))
                            .collect(java.util.stream.Collectors.joining("+")), 12),
                    clip(c.mention().author().handle(), 20), clip(text, 70));
        }
        if (value instanceof Themes t) {
            return String.format(Locale.ROOT, "%-16s %-17s %8d %7dh  %s", t.brand(), window(t.windowStart()), t.mentions(),
                    t.baselineHours(), t.themes().isEmpty() ? "-"
                            : t.themes().stream().map(Themes.Theme::text).collect(java.util.stream.Collectors.joining(", ")));
        }
        Highlights h = (Highlights) value;
        StringBuilder s = new StringBuilder();
        h.influencers().forEach(a -> s.append(a.handle()).append(' '));
        s.append("| ");
        h.links().forEach(l -> s.append(l.url()).append(" (").append(l.shares()).append(") "));
        return String.format(Locale.ROOT, "%-16s %-17s  %s", h.brand(), window(h.windowStart()), s);
    }

    private static String window(Instant start) {
        return start.toString().substring(0, 16).replace('T', ' ');
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
