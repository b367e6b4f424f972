package dev.earshot.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the classifier decided about one (mention, brand) pair, with the evidence for it.
 *
 * @param brand        the tracked brand's id, or null when classifying strategy only
 * @param category     the winning category after weights and precedence
 * @param tags         every category whose rules matched, in precedence order
 * @param feedbackKind the kind of feedback when {@code tags} holds FEEDBACK, else null
 * @param tier         the author's reach tier, or null under 1,000 followers
 * @param rules        ids of the rules that fired, so an analyst can see why
 * @param learned      what a trained feedback model said, or null when none is loaded
 */
public record Classification(
        String brand,
        Category category,
        Set<Category> tags,
        FeedbackKind feedbackKind,
        Tier tier,
        List<String> rules,
        LearnedEvidence learned) {

    public Classification {
        Objects.requireNonNull(category, "category");
        tags = tags == null || tags.isEmpty() ? Set.of() : Set.copyOf(tags);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** A decision of the rules alone. */
    public Classification(String brand, Category category, Set<Category> tags, FeedbackKind feedbackKind,
                          Tier tier, List<String> rules) {
        this(brand, category, tags, feedbackKind, tier, rules, null);
    }

    /** Tags in precedence order, as written on the wire. */
    public List<Category> orderedTags() {
        return java.util.Arrays.stream(Category.values()).filter(tags::contains).toList();
    }
}
