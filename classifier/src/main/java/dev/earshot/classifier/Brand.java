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
 * @param misspellings whether a one-word keyword also names the brand misspelt by one slip of typing
 *                 ({@link #misspelt})
 */
public record Brand(String id, String name, List<String> keywords, List<String> handles,
                    List<String> hashtags, List<String> domains, List<String> exclude, boolean misspellings) {
    /** The shortest keyword whose misspellings are taken: shorter names slip into other words too easily. */
    public static final int MISSPELT_FROM = 6;
    /**
     * The most misspelt forms one brand takes, its first keywords first: they are the clauses of one
     * part of the brand's query, which Lucene holds to 1,024.
     */
    public static final int MISSPELT_AT_MOST = 256;

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

    /** A brand whose misspellings are not taken. */
    public Brand(String id, String name, List<String> keywords, List<String> handles, List<String> hashtags,
                 List<String> domains, List<String> exclude) {
        this(id, name, keywords, handles, hashtags, domains, exclude, false);
    }

    /**
     * With {@link #misspellings} on, the forms of its one-word keywords written in at least
     * {@link #MISSPELT_FROM} letters a to z with one letter after the first left out or two neighbouring
     * letters after it swapped, the two slips typing makes most ("slumbrect", "pottelbury"), at most
     * {@link #MISSPELT_AT_MOST} of them; never a form that is itself one of its keywords. Empty with it
     * off. Letters a to z as written, so the forms read the same in a theme or a live feed's filter,
     * which do not fold accents, as in the classifier's analysis, which does.
     */
    public java.util.Set<String> misspelt() {
        java.util.Set<String> forms = new java.util.LinkedHashSet<>();
        misspeltByWord().values().forEach(forms::addAll);
        return forms;
    }

    /** The forms of {@link #misspelt}, under the keyword each misspells. */
    public java.util.Map<String, java.util.Set<String>> misspeltByWord() {
        if (!misspellings) {
            return java.util.Map.of();
        }
        java.util.Set<String> own = new java.util.HashSet<>();
        java.util.Set<String> words = new java.util.LinkedHashSet<>(); // "Pottlebury" and "pottlebury" are one word
        for (String keyword : keywords) {
            own.addAll(Tokens.of(keyword));
            String word = keyword.strip().toLowerCase(java.util.Locale.ROOT);
            if (word.length() >= MISSPELT_FROM && word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                words.add(word);
            }
        }
        java.util.Map<String, java.util.Set<String>> byWord = new java.util.LinkedHashMap<>();
        int count = 0;
        for (String word : words) {
            java.util.Set<String> slips = new java.util.LinkedHashSet<>();
            // From the second letter on: a slip at the first is rare, and would turn names into words
            // ("orange" into "range").
            for (int i = 1; i < word.length(); i++) {
                slips.add(word.substring(0, i) + word.substring(i + 1));
                if (i + 1 < word.length() && word.charAt(i) != word.charAt(i + 1)) {
                    slips.add(word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2));
                }
            }
            slips.removeAll(own);
            slips.removeIf(slip -> byWord.values().stream().anyMatch(earlier -> earlier.contains(slip)));
            if (count + slips.size() > MISSPELT_AT_MOST) {
                // Not on to a later, shorter keyword: which names take misspellings stays the plain rule
                // the README gives (the first keywords), not one that depends on their lengths.
                break;
            }
            count += slips.size();
            byWord.put(word, slips);
        }
        return byWord;
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

    /**
     * Whether {@code handle} (any case) is one of the handles listed in the brand's entry, not one of
     * its domains read as a handle ({@code @lumora.care}): a post tags the brand only with those.
     */
    public boolean listsHandle(String handle) {
        for (String own : handles) {
            if (own.equalsIgnoreCase(handle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a brand's help desk adds to its name in a handle: {@code @sprouvel_help},
     * {@code @korvexasupport}, {@code @plinqocare}.
     */
    private static final List<String> HELP_DESK_SUFFIXES =
            List.of("help", "helpdesk", "support", "care", "service", "assist");

    /**
     * Whether {@code handle} is the brand's help desk: one of its listed handles, not the first (its
     * main account, which a "Medrowe Care" may well name {@code @medrowecare}) and not a domain read
     * as a handle ({@code @lumora.care}), that is the brand's name, id or another of its handles with
     * a help-desk word after it ({@code @sprouvel_help} beside {@code @sprouvelfoods},
     * {@code @quillory_help} for Quillory). The name must come first, so a handle ending in such a
     * word as part of another ({@code @kelpioraskincare}) is no help desk.
     */
    public boolean isHelpDesk(String handle) {
        boolean listed = false;
        for (int i = 1; i < handles.size(); i++) {
            listed |= handles.get(i).equalsIgnoreCase(handle);
        }
        if (!listed) {
            return false;
        }
        String plain = handleStem(handle);
        for (String suffix : HELP_DESK_SUFFIXES) {
            if (plain.length() > suffix.length() && plain.endsWith(suffix)) {
                String base = plain.substring(0, plain.length() - suffix.length());
                if (base.equals(handleStem(name)) || base.equals(handleStem(id))) {
                    return true;
                }
                for (String other : handles) {
                    if (base.equals(handleStem(other))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A handle or name as letters and digits, lower case: {@code @Sprouvel_Help} is {@code sprouvelhelp}. */
    private static String handleStem(String text) {
        StringBuilder stem = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                stem.append(Character.toLowerCase(c));
            }
        }
        return stem.toString();
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
