package dev.earshot.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates webhook requests: an HMAC-SHA256 signature over {@code timestamp + "." + body} in
 * {@code X-Earshot-Signature: v1=<hex>} with the Unix time in {@code X-Earshot-Timestamp}, accepted
 * within a replay window; or a bearer token. Comparisons take constant time, so timing does not leak
 * how much of a guess was right. Neither secret is ever part of a message.
 */
public final class WebhookAuth {
    private static final String SCHEME = "v1=";

    private final byte[] secret;
    private final byte[] token;
    private final Duration replayWindow;

    /**
     * @param secret HMAC secret, or null to refuse signed requests
     * @param token  bearer token, or null to refuse bearer requests
     */
    public WebhookAuth(String secret, String token, Duration replayWindow) {
        if ((secret == null || secret.isEmpty()) && (token == null || token.isEmpty())) {
            throw new IllegalArgumentException("the webhook needs a signing secret (EARSHOT_WEBHOOK_SECRET or "
                    + "--secret-file) or a bearer token (EARSHOT_WEBHOOK_TOKEN or --token-file)");
        }
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.replayWindow = replayWindow;
    }

    /**
     * Checks one request.
     *
     * @return null when it is authentic, else why not (safe to send back: it names no secret)
     */
    public String check(String timestamp, String signature, String authorization, byte[] body, Instant now) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (token == null) {
                return "bearer tokens are not accepted here; sign the request";
            }
            byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(given, token) ? null : "invalid bearer token";
        }
        if (signature == null || timestamp == null) {
            return "missing X-Earshot-Timestamp and X-Earshot-Signature headers (or a bearer token)";
        }
        if (secret == null) {
            return "signed requests are not accepted here; use the bearer token";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "X-Earshot-Timestamp must be Unix seconds";
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > replayWindow.toSeconds()) {
            return "X-Earshot-Timestamp is outside the " + replayWindow.toSeconds() + " s replay window";
        }
        String given = signature.strip();
        if (!given.startsWith(SCHEME)) {
            return "X-Earshot-Signature must be v1=<hex HMAC-SHA256>";
        }
        byte[] expected = HexFormat.of().formatHex(sign(secret, timestamp.strip(), body)).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = given.substring(SCHEME.length()).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) ? null : "signature does not match";
    }

    /** HMAC-SHA256 of {@code timestamp + "." + body}: what a sender puts in X-Earshot-Signature. */
    public static byte[] sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The header value for a body: {@code v1=<hex>}. */
    public static String signatureHeader(String secret, String timestamp, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(sign(secret.getBytes(StandardCharsets.UTF_8), timestamp, body));
    }
}
