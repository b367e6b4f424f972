package dev.earshot.model;

import java.util.List;
import java.util.Objects;

/**
 * The names of Earshot's Kafka topics. Every component takes its topic names from here, so that a
 * deployment prefix ({@code acme.} gives {@code acme.mentions.raw}) applies everywhere at once.
 *
 * @param prefix prepended to every name; empty by default
 */
public record Topics(String prefix) {
    public static final Topics DEFAULT = new Topics("");

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Mentions as ingested, keyed by mention id. */
    public String raw() {
        return prefix + "mentions.raw";
    }

    /** Records that failed parsing or validation, with the reason in headers. */
    public String deadLetters() {
        return prefix + "mentions.dlq";
    }

    /** One record per (mention, brand), keyed by brand id. */
    public String classified() {
        return prefix + "mentions.classified";
    }

    /** Per-brand engagement in one-minute tumbling windows. */
    public String engagementMinute() {
        return prefix + "brand.engagement.1m";
    }

    /** Per-brand engagement in one-hour tumbling windows. */
    public String engagementHour() {
        return prefix + "brand.engagement.1h";
    }

    /** Per-brand top authors by audience and most-shared brand links, hourly. */
    public String highlightsHour() {
        return prefix + "brand.highlights.1h";
    }

    /** Share of voice per competitor set, hourly. */
    public String shareOfVoice() {
        return prefix + "brand.share-of-voice.1h";
    }

    /** Feedback-spike alerts, keyed by brand id. */
    public String feedbackSpikes() {
        return prefix + "alerts.feedback-spikes";
    }

    /** Every topic Earshot reads or writes, input first. */
    public List<String> all() {
        return List.of(raw(), deadLetters(), classified(), engagementMinute(), engagementHour(),
                highlightsHour(), shareOfVoice(), feedbackSpikes());
    }
}
