package dev.earshot.ingest;


import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;

/**
 * The signature check on arbitrary headers and bodies: it never throws, never accepts what was not
 * signed with the secret or carries the token, and its reasons never contain the secret.
 */
class WebhookAuthFuzzTest {
    private static final String SECRET = "fuzz-secret-5b1e";
    private static final String TOKEN = "fuzz-token-77ad";
    private static final WebhookAuth AUTH = new WebhookAuth(SECRET, TOKEN, Duration.ofMinutes(5));
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @FuzzTest(maxDuration = "30s")
    void onlySignedOrTokenRequestsPass(FuzzedDataProvider data) {
        String timestamp = data.consumeBoolean() ? String.valueOf(NOW.getEpochSecond() - data.consumeInt(-600, 600))
                : data.consumeString(20);
        String signature = data.consumeBoolean() ? null : data.consumeString(80);
        String authorization = data.consumeBoolean() ? null : data.consumeString(40);
        byte[] body = data.consumeRemainingAsBytes();
        String why = AUTH.check(timestamp, signature, authorization, body, NOW);
        if (why == null) {
            boolean signed = signature != null && signature.equals(WebhookAuth.signatureHeader(SECRET, timestamp, body));
            boolean token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && authorization.substring(7).strip().equals(TOKEN);
            if (!signed && !token) {
                throw new AssertionError("accepted a request that was neither signed nor carried the token");
            }
        } else {
            if (why.contains(SECRET) || why.contains(TOKEN)) {
                throw new AssertionError("a refusal names the secret: " + why);
            }
        }
    }
}
