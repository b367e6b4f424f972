package dev.earshot.ingest.live;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Plain text and links from the small HTML fragments feeds put in post bodies (Mastodon, Hacker
 * News), parsed by jsoup: every named and numeric entity decoded, paragraphs and line breaks kept as
 * line breaks, nothing of the markup left.
 */
final class Html {
    private Html() {
    }

    static String text(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        Document doc = Jsoup.parseBodyFragment(html);
        StringBuilder out = new StringBuilder(html.length());
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(org.jsoup.nodes.Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.getWholeText());
                } else if (node instanceof Element e && (e.normalName().equals("br")
                        || (e.normalName().equals("p") && out.length() > 0))) {
                    out.append('\n');
                }
            }
        }, doc.body());
        return out.toString().replace('\u00A0', ' ').strip();
    }

    /**
     * The href values of a fragment's links that point at content: not those Mastodon (and the
     * software that federates with it) marks as mentions of accounts or hashtags, by their class
     * ({@code mention}, {@code hashtag}) or {@code rel="tag"}. A link to {@code youtube.com/@brand} is
     * content; one to {@code example.social/users/alice} with class {@code u-url mention} is not.
     */
    static List<String> contentLinks(String html) {
        return links(html, a -> !a.hasClass("mention") && !a.hasClass("hashtag")
                && !java.util.Arrays.asList(a.attr("rel").toLowerCase(java.util.Locale.ROOT).split("\\s+")).contains("tag"));
    }

    /** The href values of a fragment's links, entities decoded. */
    static List<String> links(String html) {
        return links(html, a -> true);
    }

    private static List<String> links(String html, java.util.function.Predicate<Element> kept) {
        List<String> links = new ArrayList<>();
        if (html == null || html.isEmpty()) {
            return links;
        }
        for (Element a : Jsoup.parseBodyFragment(html).select("a[href]")) {
            if (kept.test(a)) {
                links.add(a.attr("href"));
            }
        }
        return links;
    }
}
