package dev.earshot.classifier;

import dev.earshot.model.Category;
import java.util.List;
import java.util.Objects;

/**
 * How the classifier decides.
 *
 * @param influencerFollowers authors with at least this many followers count as influencers
 *                            (field {@code reach:influencer}); default 10,000
 * @param categoryThreshold   a category matches when its rules' weights add up to at least this;
 *                            default 1.0, so one strong rule suffices and weaker ones need company
 * @param precedence          the order in which matched categories win when the rule pack gives none
 *                            ({@link RulePack#precedence}); OTHER is implied last
 * @param languages           the languages a mention can be told to be in (ISO 639-1); default the 12 of
 *                            {@link dev.earshot.classifier.language.LanguageDetector#DEFAULT_LANGUAGES}
 * @param sentiment           whether each pair gets its sentiment and language (default true); off, both
 *                            are null and classifying costs what it did before them
 * @param sentimentModel      a sentiment model written by {@code earshot train-sentiment}
 *                            ({@code classifier.sentiment.model}), read by {@link Classifier#load}; null
 *                            for the rules alone
 */
public record ClassifierSettings(long influencerFollowers, double categoryThreshold, List<Category> precedence,
                                 List<String> languages, boolean sentiment, java.nio.file.Path sentimentModel) {
    /** The categories a precedence orders; OTHER is what none of them matching leaves. */
    static final List<Category> RANKED = java.util.Arrays.stream(Category.values()).filter(c -> c != Category.OTHER).toList();
    public static final ClassifierSettings DEFAULT = new ClassifierSettings(10_000, 1.0,
            List.of(Category.PAID, Category.FEEDBACK, Category.INFLUENCER, Category.ORGANIC_SHARE));

    public ClassifierSettings(long influencerFollowers, double categoryThreshold, List<Category> precedence) {
        this(influencerFollowers, categoryThreshold, precedence,
                dev.earshot.classifier.language.LanguageDetector.DEFAULT_LANGUAGES, true, null);
    }

    public ClassifierSettings {
        if (influencerFollowers < 0) {
            throw new IllegalArgumentException("influencerFollowers must be >= 0");
        }
        if (!(categoryThreshold > 0)) {
            throw new IllegalArgumentException("categoryThreshold must be > 0");
        }
        precedence = List.copyOf(Objects.requireNonNull(precedence, "precedence"));
        // As a rule file's precedence: list is checked (RulePack): a category left out could never win,
        // and OTHER is what none of them matching leaves.
        if (precedence.size() != RANKED.size() || !precedence.containsAll(RANKED)) {
            throw new IllegalArgumentException("precedence must list each of " + RANKED + " once, was " + precedence);
        }
        languages = List.copyOf(Objects.requireNonNull(languages, "languages"));
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("at least one language is needed");
        }
    }

    /**
     * The settings a deployment can change: {@code classifier.languages} (comma-separated ISO 639-1
     * codes), {@code classifier.sentiment} ({@code true} or {@code false}) and
     * {@code classifier.sentiment.model} (a file), each overridden by its environment variable
     * ({@code EARSHOT_CLASSIFIER_LANGUAGES}, …).
     */
    public static ClassifierSettings from(dev.earshot.model.Settings s) {
        String languages = s.get("classifier.languages", null);
        return DEFAULT.withLanguages(languages == null ? DEFAULT.languages()
                        : java.util.Arrays.stream(languages.split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList())
                .withSentiment(s.getBoolean("classifier.sentiment", true))
                .withSentimentModel(s.getPath("classifier.sentiment.model"));
    }

    public ClassifierSettings withInfluencerFollowers(long followers) {
        return new ClassifierSettings(followers, categoryThreshold, precedence, languages, sentiment, sentimentModel);
    }

    public ClassifierSettings withLanguages(List<String> codes) {
        return new ClassifierSettings(influencerFollowers, categoryThreshold, precedence, codes, sentiment, sentimentModel);
    }

    public ClassifierSettings withSentiment(boolean on) {
        return new ClassifierSettings(influencerFollowers, categoryThreshold, precedence, languages, on, sentimentModel);
    }

    /** The same settings with this sentiment model file, or the rules alone when null. */
    public ClassifierSettings withSentimentModel(java.nio.file.Path file) {
        return new ClassifierSettings(influencerFollowers, categoryThreshold, precedence, languages, sentiment, file);
    }

}
