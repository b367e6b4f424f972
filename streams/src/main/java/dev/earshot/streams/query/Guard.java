package dev.earshot.streams.query;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may ask the query API.
 *
 * <p>With a token, every request but {@code /health} carries it, as {@code Authorization: Bearer …}
 * or once as {@code ?token=…}, which sets a session cookie for the dashboard's later requests. The
 * cookie is {@code <expiry>.<HMAC(token, expiry)>}: it never carries the token, expires after the
 * session lifetime, and every instance sharing the token accepts it. Without a token (loopback only),
 * the Host header must name this server, so a web page whose name was rebound to 127.0.0.1 cannot
 * read the API.
 *
 * <p>Comparisons take constant time.
 */
final class Guard {
    static final String COOKIE = "earshot_session";

    private final byte[] token;
    private final Set<String> hosts;
    private final Duration sessionLifetime;
    private final Clock clock;

    /**
     * @param token the API token, or null for the open, loopback-only mode
     * @param hosts Host header values (without port, lower case) accepted in open mode
     */
    Guard(String token, Set<String> hosts, Duration sessionLifetime, Clock clock) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.hosts = Set.copyOf(hosts);
        this.sessionLifetime = sessionLifetime;
        this.clock = clock;
    }

    boolean open() {
        return token == null;
    }

    /** Whether the Host header names this server; always true when a token guards the API. */
    boolean hostAllowed(String hostHeader) {
        if (token != null) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        return hosts.contains(hostOnly(hostHeader));
    }

    /** The host part of a Host header, without port or IPv6 brackets, lower case. */
    static String hostOnly(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    /** Whether a request carries the token, in a header, a live session cookie or the query string. */
    boolean admits(String authorization, String cookieHeader, String tokenParameter) {
        if (token == null) {
            return true;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8), token)) {
            return true;
        }
        if (tokenParameter != null && MessageDigest.isEqual(tokenParameter.getBytes(StandardCharsets.UTF_8), token)) {
            return true;
        }
        if (cookieHeader != null) {
            for (String cookie : cookieHeader.split(";\\s*")) {
                if (cookie.startsWith(COOKIE + "=") && sessionValid(cookie.substring(COOKIE.length() + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The Set-Cookie value that opens a session for a request, or null for none: only a request that
     * itself carries the right token in {@code ?token=} gets one. A request another instance forwarded
     * passed without the token, on its marker, which is good for one path for a minute; a session
     * cookie made for it would open every path for the session's lifetime to whoever captured the
     * marker. Under TLS the cookie is marked {@code Secure}, so the browser never sends it over http.
     */
    String sessionCookieFor(String tokenParameter, boolean forwarded, boolean secure) {
        if (token == null || forwarded || tokenParameter == null
                || !MessageDigest.isEqual(tokenParameter.getBytes(StandardCharsets.UTF_8), token)) {
            return null;
        }
        return newSessionCookie() + (secure ? "; Secure" : "");
    }

    /** A new session cookie's Set-Cookie value. */
    String newSessionCookie() {
        long expires = clock.instant().plus(sessionLifetime).getEpochSecond();
        return COOKIE + "=" + expires + "." + sign("session:" + expires) + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + sessionLifetime.toSeconds();
    }

    private boolean sessionValid(String value) {
        int dot = value.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (expires < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII),
                sign("session:" + expires).getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String message) {
        return HexFormat.of().formatHex(hmac(token, message));
    }

    static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
