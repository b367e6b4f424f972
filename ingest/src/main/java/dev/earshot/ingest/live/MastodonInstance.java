package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What a Mastodon instance says of itself ({@code /api/v2/instance}, or {@code /api/v1/instance} on
 * servers older than 4.0): the domain its own accounts' handles carry, and the base of its streaming
 * API. Either may differ from the host the API is served on: an instance may serve {@code
 * mastodon.example.com} and name its accounts {@code @alice@example.com}, and large ones serve
 * streaming from a host of their own, where the API host answers a streaming request with a redirect
 * that the feed does not follow with its token. Mastodon's own apps send the token to the streaming
 * host the instance names, and so does the feed (over https only, as everywhere).
 *
 * @param domain    the domain of the instance's own accounts
 * @param streaming the streaming API's base, http or https (Mastodon names it with ws or wss)
 */
record MastodonInstance(String domain, URI streaming) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    /**
     * Asks the instance at {@code api}. What it does not say, or says in a form that is not a host or
     * a URL, is the API's own host, and {@code problems} is told: the feed works as before without it.
     * Null when the asking failed (an error, a page that is not JSON): the answer is not known, and the
     * caller asks again later rather than keep the API host for good.
     */
    static MastodonInstance ask(URI api, Poller poller, Consumer<String> problems) throws IOException, InterruptedException {
        try {
            JsonNode v2 = poller.get(api.resolve("/api/v2/instance"));
            if (v2 != null) {
                return of(api, v2.path("domain"), v2.path("configuration").path("urls").path("streaming"), problems);
            }
            JsonNode v1 = poller.get(api.resolve("/api/v1/instance"));
            if (v1 != null) {
                return of(api, v1.path("uri"), v1.path("urls").path("streaming_api"), problems);
            }
            problems.accept("mastodon: " + api.getHost() + " has neither /api/v2/instance nor /api/v1/instance; its own"
                    + " accounts take the host " + api.getHost() + " in their handles, and its streaming API is sought there");
        } catch (java.io.InterruptedIOException e) {
            throw e; // the feed is closing
        } catch (IOException e) {
            problems.accept("mastodon: asking " + api.getHost() + " about itself failed (" + e.getMessage() + "); until it"
                    + " answers, its own accounts take the host " + api.getHost() + " in their handles, and its streaming API"
                    + " is sought there");
            return null;
        }
        return new MastodonInstance(api.getHost(), api);
    }

    private static MastodonInstance of(URI api, JsonNode domainNode, JsonNode streamingNode, Consumer<String> problems) {
        String domain = domainNode.asText("");
        // Some servers give v1's uri with its scheme.
        if (domain.startsWith("https://") || domain.startsWith("http://")) {
            domain = hostOf(domain);
        }
        if (domain == null || !HOST.matcher(domain).matches()) {
            problems.accept("mastodon: " + api.getHost() + " names no domain of its own that is a host name; its own"
                    + " accounts take the host " + api.getHost() + " in their handles");
            domain = api.getHost();
        }
        URI streaming = api;
        if (streamingNode.isTextual()) {
            URI named = streamingBase(streamingNode.asText());
            if (named == null) {
                problems.accept("mastodon: " + api.getHost() + " names its streaming API at an address that is not a ws,"
                        + " wss, http or https URL; it is sought at " + api.getHost());
            } else {
                streaming = named;
            }
        }
        return new MastodonInstance(domain.toLowerCase(java.util.Locale.ROOT), streaming);
    }

    private static String hostOf(String url) {
        try {
            return new URI(url).getHost();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** The streaming API's base as an http(s) URL, from the ws(s) URL Mastodon names it by; null if it is not one. */
    static URI streamingBase(String named) {
        URI uri;
        try {
            uri = new URI(named);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String http = switch (scheme) {
            case "wss", "https" -> "https";
            case "ws", "http" -> "http";
            default -> null;
        };
        if (http == null || uri.getHost() == null || !HOST.matcher(uri.getHost()).matches() || uri.getUserInfo() != null) {
            return null;
        }
        return URI.create(http + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
    }
}
