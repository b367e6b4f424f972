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
 * @param precedence          the order in which matched categories win; OTHER is implied last
 */
public record ClassifierSettings(long influencerFollowers, double categoryThreshold, List<Category> precedence) {
    public static final ClassifierSettings DEFAULT = new ClassifierSettings(10_000, 1.0,
            List.of(Category.PAID, Category.FEEDBACK, Category.INFLUENCER, Category.ORGANIC_SHARE));

    public ClassifierSettings {
        if (influencerFollowers < 0) {
            throw new IllegalArgumentException("influencerFollowers must be >= 0");
        }
        if (!(categoryThreshold > 0)) {
            throw new IllegalArgumentException("categoryThreshold must be > 0");
        }
        precedence = List.copyOf(Objects.requireNonNull(precedence, "precedence"));
    }

    public ClassifierSettings withInfluencerFollowers(long followers) {
        return new ClassifierSettings(followers, categoryThreshold, precedence);
    }
}
