package dev.earshot.ingest.live;

/** Plain text from the small HTML fragments feeds put in post bodies (Mastodon, Hacker News). */
final class Html {
    private Html() {
    }

    static String text(String html) {
        if (html == null) {
            return "";
        }
        String s = html.replaceAll("(?i)<br\\s*/?>|</p>\\s*<p>", "\n").replaceAll("<[^>]*>", "");
        return s.replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&#x2F;", "/")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&amp;", "&").strip();
    }

    /** The href values of a fragment's links. */
    static java.util.List<String> links(String html) {
        java.util.List<String> links = new java.util.ArrayList<>();
        if (html == null) {
            return links;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("href=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            links.add(m.group(1).replace("&amp;", "&").replace("&#x2F;", "/"));
        }
        return links;
    }
}
