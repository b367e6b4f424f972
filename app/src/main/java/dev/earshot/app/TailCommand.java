package dev.earshot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.ingest.IngestConfig;
import dev.earshot.model.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CATEGORIES = {"PAID", "ORGANIC_SHARE", "INFLUENCER", "FEEDBACK", "OTHER"};

    /** What can be tailed, and the topic behind each. */
    enum View {
        engagement, engagement_1h, share_of_voice, alerts, classified, highlights;

        String topic(Topics topics) {
            return switch (this) {
                case engagement -> topics.engagementMinute();
                case engagement_1h -> topics.engagementHour();
                case share_of_voice -> topics.shareOfVoice();
                case alerts -> topics.feedbackSpikes();
                case classified -> topics.classified();
                case highlights -> topics.highlightsHour();
            };
        }

        static View parse(String name) {
            return View.valueOf(name.replace('-', '_').replace(".", "_").toLowerCase(Locale.ROOT));
        }
    }

    @Parameters(index = "0", paramLabel = "VIEW",
            description = "engagement (1-minute windows), engagement-1h, share-of-voice, alerts, classified or highlights.")
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
            spec.commandLine().getErr().println("unknown view " + view + ": use engagement, engagement-1h, share-of-voice, alerts, classified or highlights");
            return 2;
        }
        IngestConfig config = kafka.connect(t -> List.of(v.topic(t)));
        String topic = v.topic(config.topics());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "tail-stop"));
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        try (KafkaConsumer<String, String> consumer = TopicSnapshot.consumer(config.clientSettings())) {
            List<TopicPartition> partitions = TopicSnapshot.partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> at = new HashMap<>();
            long from = Instant.now().minus(back).toEpochMilli();
            partitions.forEach(p -> at.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(at);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp o = offsets.get(p);
                consumer.seek(p, o == null ? end.get(p) : o.offset());
            }
            if (!json) {
                out.println(header(v));
            }
            while (stop.getCount() > 0 && (max < 0 || printed < max)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode value = JSON.readTree(r.value());
                    if (!matches(v, r.key(), value)) {
                        continue;
                    }
                    out.println(json ? r.value() : row(v, r.key(), value));
                    if (max >= 0 && ++printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    private boolean matches(View v, String key, JsonNode value) {
        if (set != null && v == View.share_of_voice && !set.equals(value.path("competitorSet").asText())) {
            return false;
        }
        if (brand == null) {
            return true;
        }
        return switch (v) {
            case share_of_voice -> value.path("brands").has(brand);
            case classified -> brand.equals(value.path("brand").asText());
            default -> brand.equals(value.path("brand").asText()) || key != null && key.startsWith(brand + "@");
        };
    }

    private static String header(View v) {
        return switch (v) {
            case engagement, engagement_1h -> String.format(Locale.ROOT, "%-16s %-17s %8s %8s %7s %8s %11s %6s %6s %6s %6s %6s",
                    "brand", "window (UTC)", "mentions", "likes", "shares", "comments", "reach", "paid", "share", "infl", "feedbk", "other");
            case share_of_voice -> String.format(Locale.ROOT, "%-14s %-17s  %s", "set", "hour (UTC)", "brand: mentions (share of mentions, share of engagement)");
            case alerts -> String.format(Locale.ROOT, "%-16s %-17s %7s %9s %7s  %s", "brand", "window (UTC)", "count", "baseline", "ratio", "sample mentions");
            case classified -> String.format(Locale.ROOT, "%-14s %-13s %-9s %-5s %-20s %s", "brand", "category", "kind", "tier", "author", "text");
            case highlights -> String.format(Locale.ROOT, "%-16s %-17s  %s", "brand", "hour (UTC)", "top influencers | top links");
        };
    }

    private static String row(View v, String key, JsonNode n) {
        return switch (v) {
            case engagement, engagement_1h -> {
                JsonNode c = n.path("byCategory");
                yield String.format(Locale.ROOT, "%-16s %-17s %8d %8d %7d %8d %11d %6d %6d %6d %6d %6d",
                        n.path("brand").asText(), window(n.path("windowStart").asText()), n.path("mentions").asLong(),
                        n.path("likes").asLong(), n.path("shares").asLong(), n.path("comments").asLong(), n.path("reach").asLong(),
                        c.path(CATEGORIES[0]).path("mentions").asLong(), c.path(CATEGORIES[1]).path("mentions").asLong(),
                        c.path(CATEGORIES[2]).path("mentions").asLong(), c.path(CATEGORIES[3]).path("mentions").asLong(),
                        c.path(CATEGORIES[4]).path("mentions").asLong());
            }
            case share_of_voice -> {
                StringBuilder brands = new StringBuilder();
                n.path("brands").fields().forEachRemaining(e -> brands.append(String.format(Locale.ROOT, "  %s: %d (%.1f%%, %.1f%%)",
                        e.getKey(), e.getValue().path("mentions").asLong(), 100 * e.getValue().path("shareOfMentions").asDouble(),
                        100 * e.getValue().path("shareOfEngagement").asDouble())));
                yield String.format(Locale.ROOT, "%-14s %-17s%s", n.path("competitorSet").asText(),
                        window(n.path("windowStart").asText()), brands);
            }
            case alerts -> String.format(Locale.ROOT, "%-16s %-17s %7d %9.1f %6.1fx  %s", n.path("brand").asText(),
                    window(n.path("windowStart").asText()), n.path("count").asLong(), n.path("baseline").asDouble(),
                    n.path("ratio").asDouble(), n.path("sampleIds"));
            case classified -> {
                JsonNode m = n.path("mention");
                String text = (m.isMissingNode() ? n : m).path("text").asText().replaceAll("\\s+", " ");
                String author = (m.isMissingNode() ? n : m).path("author").path("handle").asText();
                yield String.format(Locale.ROOT, "%-14s %-13s %-9s %-5s %-20s %s", n.path("brand").asText(), n.path("category").asText(),
                        n.path("feedbackKind").asText("-"), n.path("tier").asText(), clip(author, 20), clip(text, 70));
            }
            case highlights -> {
                StringBuilder s = new StringBuilder();
                n.path("influencers").forEach(a -> s.append(a.path("handle").asText()).append(' '));
                s.append("| ");
                n.path("links").forEach(l -> s.append(l.path("url").asText()).append(" (").append(l.path("shares").asLong()).append(") "));
                yield String.format(Locale.ROOT, "%-16s %-17s  %s", n.path("brand").asText(), window(n.path("windowStart").asText()), s);
            }
        };
    }

    private static String window(String iso) {
        return iso.length() >= 16 ? iso.substring(0, 16).replace('T', ' ') : iso;
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
