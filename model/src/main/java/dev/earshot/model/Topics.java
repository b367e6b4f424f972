package dev.earshot.model;

import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.Highlights;
import dev.earshot.model.output.KeyFormat;
import dev.earshot.model.output.OutputCodec;
import dev.earshot.model.output.OutputTopic;
import dev.earshot.model.output.ShareOfVoice;
import dev.earshot.model.output.Themes;
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

    /** Per-brand themes, hourly: what rose against the brand's recent hours. */
    public String themesHour() {
        return prefix + "brand.themes.1h";
    }

    /** Share of voice per competitor set, hourly. */
    public String shareOfVoice() {
        return prefix + "brand.share-of-voice.1h";
    }

    /** Feedback-spike alerts, keyed by brand id. */
    public String feedbackSpikes() {
        return prefix + "alerts.feedback-spikes";
    }

    /** {@link #classified()} with its key format and codec. */
    public OutputTopic<ClassifiedMention> classifiedMentions() {
        ClassifiedMentionCodec codec = new ClassifiedMentionCodec(MentionCodec.strict());
        return new OutputTopic<>(classified(), KeyFormat.BRAND, new OutputCodec<>() {
            @Override
            public byte[] encode(ClassifiedMention value) {
                return codec.encode(value);
            }

            @Override
            public ClassifiedMention decode(byte[] json) {
                try {
                    return codec.decode(json);
                } catch (InvalidMentionException e) {
                    throw new IllegalArgumentException("not a classified mention: " + e.getMessage(), e);
                }
            }
        }, "mentions.classified.schema.json");
    }

    /** {@link #engagementMinute()} with its key format and codec. */
    public OutputTopic<BrandWindow> minuteWindows() {
        return new OutputTopic<>(engagementMinute(), KeyFormat.BRAND_AT_WINDOW_START, OutputCodec.BRAND_WINDOW,
                "brand.engagement.schema.json");
    }

    /** {@link #engagementHour()} with its key format and codec. */
    public OutputTopic<BrandWindow> hourWindows() {
        return new OutputTopic<>(engagementHour(), KeyFormat.BRAND_AT_WINDOW_START, OutputCodec.BRAND_WINDOW,
                "brand.engagement.schema.json");
    }

    /** {@link #highlightsHour()} with its key format and codec. */
    public OutputTopic<Highlights> hourHighlights() {
        return new OutputTopic<>(highlightsHour(), KeyFormat.BRAND_AT_WINDOW_START, OutputCodec.HIGHLIGHTS,
                "brand.highlights.1h.schema.json");
    }

    /** {@link #themesHour()} with its key format and codec. */
    public OutputTopic<Themes> hourThemes() {
        return new OutputTopic<>(themesHour(), KeyFormat.BRAND_AT_WINDOW_START, OutputCodec.THEMES,
                "brand.themes.1h.schema.json");
    }

    /** {@link #shareOfVoice()} with its key format and codec. */
    public OutputTopic<ShareOfVoice> hourShareOfVoice() {
        return new OutputTopic<>(shareOfVoice(), KeyFormat.SET_AT_WINDOW_START, OutputCodec.SHARE_OF_VOICE,
                "brand.share-of-voice.1h.schema.json");
    }

    /** {@link #feedbackSpikes()} with its key format and codec. */
    public OutputTopic<FeedbackSpike> alerts() {
        return new OutputTopic<>(feedbackSpikes(), KeyFormat.BRAND, OutputCodec.FEEDBACK_SPIKE,
                "alerts.feedback-spikes.schema.json");
    }

    /** Every topic Earshot publishes JSON to, typed. */
    public List<OutputTopic<?>> outputs() {
        return List.of(classifiedMentions(), minuteWindows(), hourWindows(), hourHighlights(), hourThemes(), hourShareOfVoice(),
                alerts());
    }

    /** Every topic Earshot reads or writes, input first. */
    public List<String> all() {
        return List.of(raw(), deadLetters(), classified(), engagementMinute(), engagementHour(),
                highlightsHour(), themesHour(), shareOfVoice(), feedbackSpikes());
    }
}
