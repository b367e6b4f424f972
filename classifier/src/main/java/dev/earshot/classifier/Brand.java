package dev.earshot.classifier;

import java.util.List;
import java.util.Objects;

/**
 * A tracked company or product and the ways a post can name it. Values are normalised by
 * {@link BrandCatalog}: handles start with {@code @}, hashtags with {@code #}, both lower case;
 * domains are bare lower-case hosts ({@code lumora.com}, which also covers {@code shop.lumora.com}).
 *
 * @param id       stable identifier, used as the Kafka key of every per-brand record
 * @param name     display name
 * @param keywords phrases that name the brand in text, matched case- and accent-insensitively
 * @param exclude  phrases that, anywhere in a post, keep its keywords from naming the brand ("apple
 *                 pie" for a brand named Apple); its handles, hashtags and domains still name it
 */
public record Brand(String id, String name, List<String> keywords, List<String> handles,
                    List<String> hashtags, List<String> domains, List<String> exclude) {
    public Brand {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
        keywords = List.copyOf(keywords);
        handles = List.copyOf(handles);
        hashtags = List.copyOf(hashtags);
        domains = List.copyOf(domains);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** A brand without exclusions. */
    public Brand(String id, String name, List<String> keywords, List<String> handles, List<String> hashtags,
                 List<String> domains) {
        this(id, name, keywords, handles, hashtags, domains, List.of());
    }

    /**
     * Every way a hashtag can spell the brand: its hashtags, each keyword's words run together
     * ({@code "Korvik Bank"} is {@code #korvikbank}, through the analysis brand queries use) and each
     * handle ({@code @korvikbank} is {@code #korvikbank}). Conditions that read a brand out of a
     * hashtag take any of them, so a brand named by its handle is the brand named by its name.
     */
    public java.util.Set<String> tagForms() {
        java.util.Set<String> forms = new java.util.LinkedHashSet<>(hashtags);
        for (String keyword : keywords) {
            List<String> tokens = Tokens.of(keyword);
            if (!tokens.isEmpty()) {
                forms.add("#" + String.join("", tokens));
            }
        }
        for (String handle : handles) {
            forms.add("#" + handle.substring(1));
        }
        return forms;
    }

    /**
     * The handles that name the brand: its own, then each of its domains as a handle
     * ({@code @lumora.com}), as a Bluesky account is named by a domain its owner holds.
     */
    public List<String> handleForms() {
        if (domains.isEmpty()) {
            return handles;
        }
        List<String> forms = new java.util.ArrayList<>(handles.size() + domains.size());
        forms.addAll(handles);
        for (String domain : domains) {
            String handle = "@" + domain;
            if (!forms.contains(handle)) {
                forms.add(handle);
            }
        }
        return forms;
    }

    /**
     * Whether {@code handle} (with its {@code @}, any case) is one of {@link #handleForms}: asked for
     * every pair the rules decide, so it reads the lists in place rather than building that list.
     */
    public boolean hasHandle(String handle) {
        if (handle == null || handle.isEmpty() || handle.charAt(0) != '@') {
            return false;
        }
        for (String own : handles) {
            if (own.equalsIgnoreCase(handle)) {
                return true;
            }
        }
        for (String domain : domains) {
            if (handle.length() == domain.length() + 1 && handle.regionMatches(true, 1, domain, 0, domain.length())) {
                return true;
            }
        }
        return false;
    }

    /** True when a link to {@code host} points at this brand's web content. */
    public boolean ownsHost(String host) {
        for (String domain : domains) {
            if (host.endsWith(domain) && (host.length() == domain.length()
                    || host.charAt(host.length() - domain.length() - 1) == '.')) {
                return true;
            }
        }
        return false;
    }
}
