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
 * within a replay window, and only once: a signature that passed is refused for as long as its
 * timestamp stays in the window, unless its request was then not accepted; or a bearer token. Comparisons take constant time, so timing does not
 * leak how much of a guess was right. Neither secret is ever part of a message.
 */
public final class WebhookAuth {
    private static final String SCHEME = "v1=";

    private final byte[] secret;
    private final byte[] token;
    private final Duration replayWindow;
    /** Signatures of accepted requests, to the Unix second until which their timestamp stays in the window. */
    private final java.util.LinkedHashMap<String, Long> accepted = new java.util.LinkedHashMap<>();
    /** Signatures of requests being stored (checked, not yet answered), likewise; guarded by {@link #accepted}. */
    private final java.util.Map<String, Long> inFlight = new java.util.HashMap<>();
    /**
     * What {@link #check} answers (compared by identity) for a request whose same signed copy is still
     * being stored: not a refusal of its signature, which a sender would take as final, but a moment's wait.
     */
    public static final String IN_FLIGHT = new String("the same signed request is still being stored; ask again in a moment");
    /** Bounds the memory a flood of valid requests can take; beyond it the oldest are forgotten first. */
    static final int REMEMBERED = 200_000;
    private long lastSweep;

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
     * What the headers alone refuse, before the body is read: a missing, malformed or stale
     * signature, or a wrong bearer token.
     *
     * @return null when the body is worth reading, else why not (safe to send back)
     */
    public String checkHeaders(String timestamp, String signature, String authorization, Instant now) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return checkBearer(authorization);
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
        if (!signature.strip().startsWith(SCHEME)) {
            return "X-Earshot-Signature must be v1=<hex HMAC-SHA256>";
        }
        return null;
    }

    /** Whether a bearer token is configured. */
    public boolean acceptsBearer() {
        return token != null;
    }

    private String checkBearer(String authorization) {
        if (token == null) {
            return "bearer tokens are not accepted here; sign the request";
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token) ? null : "invalid bearer token";
    }

    /**
     * Checks one request, body included.
     *
     * @return null when it is authentic, else why not (safe to send back: it names no secret)
     */
    public String check(String timestamp, String signature, String authorization, byte[] body, Instant now) {
        String early = checkHeaders(timestamp, signature, authorization, now);
        if (early != null || (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))) {
            return early;
        }
        String given = signature.strip();
        byte[] expected = HexFormat.of().formatHex(sign(secret, timestamp.strip(), body)).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = given.substring(SCHEME.length()).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return "signature does not match";
        }
        String key = new String(actual, StandardCharsets.US_ASCII);
        synchronized (accepted) {
            Long until = accepted.get(key);
            if (until != null && until >= now.getEpochSecond()) {
                return "replayed request: this signature was already accepted; sign each request afresh";
            }
            if (inFlight.containsKey(key)) {
                return IN_FLIGHT; // a retry sent before the first copy's answer: that one may yet fail
            }
            // Reserved now, so that the same request sent twice at once passes once; accepted once it is
            // stored (see accepted), released if it is not after all (see release).
            if (inFlight.size() >= REMEMBERED) {
                inFlight.clear(); // bounded, as accepted is: only a flood of unanswered requests gets here
            }
            inFlight.put(key, seconds(timestamp) + replayWindow.toSeconds());
            sweep(now);
        }
        return null;
    }

    /** The request of this signature was stored and answered 202: a copy of it is a replay from now on. */
    public void accepted(String signature, Instant now) {
        String key = key(signature);
        if (key == null) {
            return;
        }
        synchronized (accepted) {
            Long until = inFlight.remove(key);
            if (until != null) {
                remember(key, until, now);
            }
        }
    }

    /** For tests: whether a request of this signature is being stored. */
    boolean isReserved(String signature) {
        synchronized (accepted) {
            return inFlight.containsKey(key(signature));
        }
    }

    private static String key(String signature) {
        return signature == null || !signature.strip().startsWith(SCHEME) ? null
                : signature.strip().substring(SCHEME.length()).toLowerCase(java.util.Locale.ROOT);
    }

    private static long seconds(String timestamp) {
        return Long.parseLong(timestamp.strip());
    }

    /**
     * Forgets signatures whose timestamps left the window, at most once a second: accepted ones, and
     * reserved ones neither accepted nor released (a path that failed otherwise), whose copies are
     * refused as stale by then anyway. Called with {@link #accepted} held.
     */
    private void sweep(Instant now) {
        if (now.getEpochSecond() != lastSweep) {
            lastSweep = now.getEpochSecond();
            accepted.values().removeIf(expires -> expires < now.getEpochSecond());
            inFlight.values().removeIf(expires -> expires < now.getEpochSecond());
        }
    }

    /** Remembers an accepted signature, forgetting expired ones first and the oldest beyond the bound. */
    private void remember(String key, long until, Instant now) {
        sweep(now);
        while (accepted.size() >= REMEMBERED) {
            accepted.remove(accepted.keySet().iterator().next());
        }
        accepted.put(key, until);
    }

    /**
     * Forgets the signature of a signed request that passed {@link #check} but was not accepted
     * after all (malformed, invalid mentions, Kafka unavailable), so that its sender may send it
     * again as it was. A bearer request has nothing to forget.
     */
    public void release(String signature) {
        String key = key(signature);
        if (key == null) {
            return;
        }
        synchronized (accepted) {
            inFlight.remove(key);
            accepted.remove(key);
        }
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
