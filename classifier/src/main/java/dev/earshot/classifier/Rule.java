package dev.earshot.classifier;

import dev.earshot.model.Category;
import dev.earshot.model.FeedbackKind;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.search.Query;

/**
 * One category rule: when its Lucene query matches a mention (and its brand conditions hold), it
 * adds its weight to its category's score for that brand. Negative weights cancel evidence ("not
 * sponsored").
 *
 * @param id          unique, shown in the output so analysts can see why a mention was sorted
 * @param category    the category it votes for
 * @param weight      how much it adds; a category counts as matched at a score of 1.0 by default
 * @param kind        for FEEDBACK rules, the kind of feedback it indicates, or null for a rule of kind
 *                    {@code any} (feedback, of whatever kind the other rules find); otherwise null
 * @param queryString the query as written, in Lucene classic syntax over {@link MentionDocument}'s fields
 * @param query       the parsed query
 * @param requires    brand conditions that must all hold
 * @param unless      brand conditions of which none may hold
 * @param unlessRules ids of other rules: this one stands aside for a brand when any of them fires for it
 *                    (its query matches and its brand conditions hold), so two rules need not repeat
 *                    one list of terms ("a sponsorship told by a spectator, unless the post discloses
 *                    itself as an ad")
 */
public record Rule(String id, Category category, double weight, FeedbackKind kind, String queryString,
                   Query query, Set<BrandCondition> requires, Set<BrandCondition> unless, List<String> unlessRules) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(query, "query");
        requires = conditions(requires);
        unless = conditions(unless);
        unlessRules = List.copyOf(unlessRules);
        if (unlessRules.contains(id)) {
            throw new IllegalArgumentException("rule '" + id + "' cannot stand aside for itself");
        }
    }

    /** A rule that stands aside for no other rule. */
    public Rule(String id, Category category, double weight, FeedbackKind kind, String queryString, Query query,
                Set<BrandCondition> requires, Set<BrandCondition> unless) {
        this(id, category, weight, kind, queryString, query, requires, unless, List.of());
    }

    /** Whether it names brand conditions at all; if not, it applies whatever the brand. */
    boolean conditional() {
        return !requires.isEmpty() || !unless.isEmpty();
    }

    /**
     * An unmodifiable copy kept as an {@link EnumSet}: {@link #appliesGiven} walks it for every fired
     * rule of every pair, and an enum set's walk is a few bit operations where {@code Set.copyOf}'s
     * probes its hash table.
     */
    private static Set<BrandCondition> conditions(Set<BrandCondition> given) {
        return given.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(given));
    }

    /** True when the rule applies to a brand for which {@code facts} hold. */
    boolean appliesGiven(Set<BrandCondition> facts) {
        for (BrandCondition condition : requires) {
            if (!facts.contains(condition)) {
                return false;
            }
        }
        for (BrandCondition condition : unless) {
            if (facts.contains(condition)) {
                return false;
            }
        }
        return true;
    }
}
