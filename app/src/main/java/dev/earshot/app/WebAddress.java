package dev.earshot.app;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** An address a command sends requests to, given by its user: an absolute http or https URL with a host. */
final class WebAddress {
    private WebAddress() {
    }

    /** The URL, or empty when the text is not one (not a URI, another scheme, no host). Schemes read in any case. */
    static Optional<URI> parse(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    }
}
