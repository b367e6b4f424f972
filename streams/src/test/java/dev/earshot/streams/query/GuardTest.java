package dev.earshot.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardTest {
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private static Guard guard(Instant at) {
        return new Guard("the-token", Set.of("localhost"), Duration.ofHours(12), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void aSessionCookieCarriesNoTokenAndExpires() {
        String setCookie = guard(NOW).newSessionCookie();
        assertFalse(setCookie.contains("the-token"), setCookie);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Max-Age=43200"),
                setCookie);
        String cookie = cookieValue(setCookie);
        assertTrue(guard(NOW.plus(Duration.ofHours(11))).admits(null, "other=1; " + cookie, null));
        assertFalse(guard(NOW.plus(Duration.ofHours(13))).admits(null, cookie, null), "expired");
        String forged = cookie.substring(0, cookie.indexOf('=') + 1) + (NOW.getEpochSecond() + 999_999)
                + cookie.substring(cookie.indexOf('.'));
        assertFalse(guard(NOW).admits(null, forged, null), "a later expiry with the old signature is refused");
        Guard otherToken = new Guard("another-token", Set.of(), Duration.ofHours(12), Clock.fixed(NOW, ZoneOffset.UTC));
        assertFalse(otherToken.admits(null, cookie, null), "a cookie made with another token");
    }

    /**
     * A session opens only for the right token in the query string, never for a request forwarded by
     * another instance: its marker, captured, would otherwise buy a session on every path for 12 hours.
     */
    @Test
    void aSessionOpensOnlyForTheRightTokenNeverForAForwardedRequest() {
        Guard guard = guard(NOW);
        assertTrue(guard.sessionCookieFor("the-token", false, false).startsWith(Guard.COOKIE + "="));
        assertEquals(null, guard.sessionCookieFor("x", true, false), "a forwarded request with any token parameter");
        assertEquals(null, guard.sessionCookieFor("the-token", true, false), "a forwarded request, even with the token");
        assertEquals(null, guard.sessionCookieFor("wrong", false, false), "a wrong token (admitted by header or cookie)");
        assertEquals(null, guard.sessionCookieFor(null, false, false));
        assertTrue(guard.sessionCookieFor("the-token", false, true).endsWith("; Secure"), "under TLS");
        assertFalse(guard.sessionCookieFor("the-token", false, false).contains("Secure"));
        Guard open = new Guard(null, Set.of("localhost"), Duration.ofHours(1), Clock.systemUTC());
        assertEquals(null, open.sessionCookieFor("x", false, false), "an open API has no sessions");
    }

    @Test
    void theTokenOpensByHeaderOrParameterAndNothingElse() {
        Guard guard = guard(NOW);
        assertTrue(guard.admits("Bearer the-token", null, null));
        assertTrue(guard.admits("bearer the-token", null, null));
        assertTrue(guard.admits(null, null, "the-token"));
        assertFalse(guard.admits("Bearer the-toke", null, null));
        assertFalse(guard.admits(null, "earshot_session=the-token", null));
        assertFalse(guard.admits(null, null, null));
        assertTrue(guard.hostAllowed("attacker.example"), "with a token, the token is the check");
    }

    @Test
    void withoutATokenOnlyItsOwnHostNamesAreAnswered() {
        Guard open = new Guard(null, Set.of("localhost", "127.0.0.1", "::1", "dash.internal"), Duration.ofHours(1), Clock.systemUTC());
        assertTrue(open.admits(null, null, null));
        assertTrue(open.hostAllowed("localhost:8080"));
        assertTrue(open.hostAllowed("127.0.0.1"));
        assertTrue(open.hostAllowed("[::1]:8080"));
        assertTrue(open.hostAllowed("DASH.internal:8080"));
        assertFalse(open.hostAllowed("attacker.example"));
        assertFalse(open.hostAllowed("localhost.attacker.example:8080"));
        assertFalse(open.hostAllowed(null));
        assertEquals("::1", Guard.hostOnly("[::1]:8080"));
    }
}
