package dev.earshot.ingest;


import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;

/**
 * The signature check on arbitrary headers and bodies: it never throws, accepts exactly the requests
 * that carry the token or are signed with the secret within the replay window, and its reasons never
 * contain the secret or the token. Under {@code mvn verify} it replays the inputs under
 * {@code WebhookAuthFuzzTestInputs/}, which reach each way in and each refusal.
 */
class WebhookAuthFuzzTest {
    private static final String SECRET = "fuzz-secret-5b1e";
    private static final String TOKEN = "fuzz-token-77ad";
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @FuzzTest(maxDuration = "30s")
    void onlySignedOrTokenRequestsPass(FuzzedDataProvider data) {
        String timestamp = data.consumeBoolean() ? String.valueOf(NOW.getEpochSecond() - data.consumeInt(-600, 600))
                : data.consumeString(20);
        String signature = data.consumeBoolean() ? null : data.consumeString(80);
        String authorization = data.consumeBoolean() ? null : data.consumeString(40);
        byte[] body = data.consumeRemainingAsBytes();
        // A check of its own for each request: one that remembers accepted signatures would refuse an
        // input the fuzzer sends twice as a replay, which this oracle does not model.
        String why = new WebhookAuth(SECRET, TOKEN, WINDOW).check(timestamp, signature, authorization, body, NOW);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        boolean authentic = bearer ? authorization.substring(7).strip().equals(TOKEN) : signedInWindow(timestamp, signature, body);
        if (authentic && why != null) {
            throw new AssertionError("refused an authentic request: " + why);
        }
        if (!authentic && why == null) {
            throw new AssertionError("accepted a request that was neither signed nor carried the token");
        }
        if (why != null && (why.contains(SECRET) || why.contains(TOKEN))) {
            throw new AssertionError("a refusal names a secret: " + why);
        }
    }

    /** Signed with the secret over this timestamp and body, the timestamp within the window; hex in any case. */
    private static boolean signedInWindow(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        String given = signature.strip();
        return Math.abs(NOW.getEpochSecond() - seconds) <= WINDOW.toSeconds() && given.startsWith("v1=")
                && ("v1=" + given.substring(3).toLowerCase(java.util.Locale.ROOT))
                .equals(WebhookAuth.signatureHeader(SECRET, timestamp.strip(), body));
    }
}
