package dev.earshot.streams.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Requests one instance passes to another, for keys the other owns and for alerts spread over all.
 *
 * <p>A forwarded request carries {@code X-Earshot-Forwarded: <unix seconds>.<HMAC>} over the time
 * and the path it asks for, keyed by the instances' forwarding secret (or, without one, by a key
 * derived from the API token). It never carries the user's token, so an address advertised by
 * whoever joins the consumer group learns nothing it could use elsewhere, and a marker is good for
 * that one path for {@link #FRESH} only. The receiving instance answers such a request from its own
 * stores and never passes it on. Redirects are not followed.
 */
final class Forwarding {
    static final String HEADER = "X-Earshot-Forwarded";
    static final Duration FRESH = Duration.ofSeconds(60);

    private final byte[] key;
    private final String scheme;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param secret the forwarding secret, or null to derive the key from {@code token}
     * @param token  the API token, or null: with neither, the API is open and so is the marker
     */
    Forwarding(String secret, String token, boolean tls, Clock clock) {
        this.key = secret != null ? secret.getBytes(StandardCharsets.UTF_8)
                : token != null ? Guard.hmac(token.getBytes(StandardCharsets.UTF_8), "earshot-forwarding-key") : null;
        this.scheme = tls ? "https" : "http";
        this.clock = clock;
    }

    /** Whether the request came from another instance, as its marker proves. */
    boolean isForwarded(String marker, String pathAndQuery) {
        if (marker == null) {
            return false;
        }
        if (key == null) {
            return true; // an open API: the marker only stops a request being passed on again
        }
        int dot = marker.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(marker.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > FRESH.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(marker.substring(dot + 1).getBytes(StandardCharsets.US_ASCII),
                sign(seconds, pathAndQuery).getBytes(StandardCharsets.US_ASCII));
    }

    /** Asks {@code target} for {@code pathAndQuery}, marked as forwarded. */
    HttpResponse<byte[]> fetch(HostInfo target, String pathAndQuery) throws IOException, InterruptedException {
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + target.host() + ":" + target.port() + pathAndQuery))
                .header(HEADER, key == null ? "1" : now + "." + sign(now, pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private String sign(long seconds, String pathAndQuery) {
        return HexFormat.of().formatHex(Guard.hmac(key, seconds + " " + pathAndQuery));
    }
}
