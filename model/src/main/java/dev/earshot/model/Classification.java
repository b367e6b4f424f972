package dev.earshot.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the classifier decided about one (mention, brand) pair, with the evidence for it.
 *
 * @param brand        the tracked brand's id, or null when classifying strategy only
 * @param category     the winning category after weights and precedence
 * @param tags         every category whose rules matched, in the default precedence order (that of
 *                     {@link Category}, whatever order a rule file gives for picking the winner)
 * @param feedbackKind the kind of feedback when {@code tags} holds FEEDBACK, else null
 * @param tier         the author's reach tier, or null under 1,000 followers
 * @param rules        ids of the rules that fired, so an analyst can see why
 * @param learned      what a trained feedback model said, or null when none is loaded
 * @param sentiment    how the mention speaks of the brand, or null where the language is not one the
 *                     scorer reads (never an English guess)
 * @param language     the mention's detected language, an ISO 639-1 code, or null when it cannot be told
 */
public record Classification(
        String brand,
        Category category,
        Set<Category> tags,
        FeedbackKind feedbackKind,
        Tier tier,
        List<String> rules,
        LearnedEvidence learned,
        Sentiment sentiment,
        String language) {

    public Classification {
        Objects.requireNonNull(category, "category");
        tags = tags == null || tags.isEmpty() ? Set.of() : Set.copyOf(tags);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** A decision without sentiment or language. */
    public Classification(String brand, Category category, Set<Category> tags, FeedbackKind feedbackKind,
                          Tier tier, List<String> rules, LearnedEvidence learned) {
        this(brand, category, tags, feedbackKind, tier, rules, learned, null, null);
    }

    /** A decision of the rules alone. */
    public Classification(String brand, Category category, Set<Category> tags, FeedbackKind feedbackKind,
                          Tier tier, List<String> rules) {
        this(brand, category, tags, feedbackKind, tier, rules, null);
    }

    /** This decision with the mention's sentiment toward the brand and its language. */
    public Classification withPerception(Sentiment sentiment, String language) {
        return new Classification(brand, category, tags, feedbackKind, tier, rules, learned, sentiment, language);
    }

    /** Every category in the default precedence order, read once: {@code values()} copies its array on each call. */
    private static final Category[] PRECEDENCE = Category.values();

    /**
     * Tags in the default precedence order, as written on the wire whatever order picked the winner. A loop rather than a stream: every pair the
     * streams app publishes asks once, and the stream took a sixth of encoding a pair.
     */
    public List<Category> orderedTags() {
        List<Category> ordered = new java.util.ArrayList<>(tags.size());
        for (Category category : PRECEDENCE) {
            if (tags.contains(category)) {
                ordered.add(category);
            }
        }
        return java.util.Collections.unmodifiableList(ordered);
    }
}
