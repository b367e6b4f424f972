package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookAuthTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_763_640_000L);
    private final WebhookAuth auth = new WebhookAuth("s3cret", "tok-123", Duration.ofMinutes(5));
    private final byte[] body = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aCorrectSignatureWithinTheWindowPasses() {
        String ts = String.valueOf(NOW.getEpochSecond() - 60);
        assertNull(auth.check(ts, WebhookAuth.signatureHeader("s3cret", ts, body), null, body, NOW));
    }

    @Test
    void theSignatureMatchesAnIndependentComputation() throws Exception {
        // What the README's curl example computes with openssl: HMAC-SHA256 of "ts.body", hex.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(("1700000000." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertEquals("v1=" + java.util.HexFormat.of().formatHex(expected), WebhookAuth.signatureHeader("s3cret", "1700000000", body));
    }

    @Test
    void badMissingAndReplayedSignaturesAreRefused() {
        String ts = String.valueOf(NOW.getEpochSecond());
        assertEquals("signature does not match", auth.check(ts, WebhookAuth.signatureHeader("wrong", ts, body), null, body, NOW));
        byte[] tampered = "{\"id\":\"y\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("signature does not match", auth.check(ts, WebhookAuth.signatureHeader("s3cret", ts, body), null, tampered, NOW));
        assertEquals("missing X-Earshot-Timestamp and X-Earshot-Signature headers (or a bearer token)",
                auth.check(null, null, null, body, NOW));
        String old = String.valueOf(NOW.getEpochSecond() - 301);
        assertEquals("X-Earshot-Timestamp is outside the 300 s replay window",
                auth.check(old, WebhookAuth.signatureHeader("s3cret", old, body), null, body, NOW));
        assertEquals("X-Earshot-Signature must be v1=<hex HMAC-SHA256>", auth.check(ts, "sha256=abc", null, body, NOW));
        assertEquals("X-Earshot-Timestamp must be Unix seconds", auth.check("yesterday", "v1=00", null, body, NOW));
    }

    @Test
    void bearerTokensAreComparedExactly() {
        assertNull(auth.check(null, null, "Bearer tok-123", body, NOW));
        assertEquals("invalid bearer token", auth.check(null, null, "Bearer tok-124", body, NOW));
        WebhookAuth signedOnly = new WebhookAuth("s3cret", null, Duration.ofMinutes(5));
        assertEquals("bearer tokens are not accepted here; sign the request",
                signedOnly.check(null, null, "Bearer tok-123", body, NOW));
    }

    @Test
    void aReceiverWithoutAnySecretRefusesToStart() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookAuth(null, "", Duration.ofMinutes(5)));
    }

    @Test
    void noMessageContainsTheSecrets() {
        String ts = String.valueOf(NOW.getEpochSecond());
        for (String message : new String[] {
            auth.check(ts, "v1=00", null, body, NOW), auth.check(null, null, "Bearer nope", body, NOW)}) {
            assertEquals(false, message.contains("s3cret") || message.contains("tok-123"), message);
        }
    }

    /**
     * A signature passes once: a copy sent while the first is being stored is asked to wait (409, not a
     * 401 a sender takes as final: the first may yet fail), one sent after it was stored is a replay,
     * and one whose request was not stored (a 503) may be sent again.
     */
    @Test
    void aSignatureThatPassedIsRefusedUntilItsTimestampLeavesTheWindowUnlessItsRequestWasReleased() {
        String ts = String.valueOf(NOW.getEpochSecond());
        String signature = WebhookAuth.signatureHeader("s3cret", ts, body);
        assertNull(auth.check(ts, signature, null, body, NOW));
        assertSame(WebhookAuth.IN_FLIGHT, auth.check(ts, signature, null, body, NOW), "the same request at the same moment passes once");
        auth.release(signature); // say it got a 503: its sender may send it again as it was
        assertNull(auth.check(ts, signature, null, body, NOW.plusSeconds(1)));
        auth.accepted(signature, NOW.plusSeconds(2)); // stored, answered 202
        assertEquals("replayed request: this signature was already accepted; sign each request afresh",
                auth.check(ts, signature, null, body, NOW.plusSeconds(10)));
        assertEquals("replayed request: this signature was already accepted; sign each request afresh",
                auth.check(ts, signature.toUpperCase(java.util.Locale.ROOT).replace("V1=", "v1="), null, body, NOW.plusSeconds(10)),
                "the same signature in upper case is the same signature");
        String later = String.valueOf(NOW.getEpochSecond() + 400);
        assertNull(auth.check(later, WebhookAuth.signatureHeader("s3cret", later, body), null, body, NOW.plusSeconds(400)));
    }

    @Test
    void theHeadersAloneRefuseWhatTheyCanBeforeTheBodyIsRead() {
        String ts = String.valueOf(NOW.getEpochSecond());
        assertEquals("missing X-Earshot-Timestamp and X-Earshot-Signature headers (or a bearer token)",
                auth.checkHeaders(null, null, null, NOW));
        assertEquals("invalid bearer token", auth.checkHeaders(null, null, "Bearer wrong", NOW));
        assertEquals("X-Earshot-Signature must be v1=<hex HMAC-SHA256>", auth.checkHeaders(ts, "sha1=abc", null, NOW));
        assertNull(auth.checkHeaders(ts, "v1=" + "0".repeat(64), null, NOW), "a well-formed signature needs the body to be checked");
    }

    /** A reservation neither accepted nor released is forgotten once its timestamp has left the window. */
    @Test
    void aReservationNeverAnsweredIsForgottenWithItsWindow() {
        String ts = String.valueOf(NOW.getEpochSecond());
        String signature = WebhookAuth.signatureHeader("s3cret", ts, body);
        assertNull(auth.check(ts, signature, null, body, NOW));
        assertEquals(true, auth.isReserved(signature));
        String other = String.valueOf(NOW.getEpochSecond() + 400);
        assertNull(auth.check(other, WebhookAuth.signatureHeader("s3cret", other, body), null, body, NOW.plusSeconds(400)));
        assertEquals(false, auth.isReserved(signature), "the sweep at a later second forgot it");
    }
}
