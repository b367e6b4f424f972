package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * GETs JSON from a public API politely: honours 429 with Retry-After or the rate-limit reset time,
 * waits for the reset when the remaining allowance runs out, and backs off on server errors.
 */
final class Poller {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String token;
    private final Clock clock;
    private final Sleeper sleeper;

    /** How the poller waits; tests record the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    Poller(String token, Clock clock, Sleeper sleeper) {
        this.token = token;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The JSON at {@code uri}, after as many polite retries as it takes; null on a 404. */
    JsonNode get(URI uri) throws IOException, InterruptedException {
        Duration backoff = Duration.ofSeconds(1);
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .header("Accept", "application/json").header("User-Agent", "earshot");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                sleeper.sleep(backoff);
                backoff = min(backoff.multipliedBy(2), Duration.ofSeconds(60));
                continue;
            }
            int status = response.statusCode();
            if (status == 429) {
                sleeper.sleep(untilReset(response, Duration.ofSeconds(30)));
                continue;
            }
            if (status == 404) {
                return null;
            }
            if (status >= 500) {
                sleeper.sleep(backoff);
                backoff = min(backoff.multipliedBy(2), Duration.ofSeconds(60));
                continue;
            }
            if (status != 200) {
                throw new IOException("GET " + uri + " answered " + status);
            }
            JsonNode body = JSON.readTree(response.body());
            String remaining = response.headers().firstValue("X-RateLimit-Remaining").orElse(null);
            if (remaining != null && parseLong(remaining) <= 0) {
                sleeper.sleep(untilReset(response, Duration.ZERO));
            }
            return body;
        }
    }

    private Duration untilReset(HttpResponse<?> response, Duration fallback) {
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        if (retryAfter != null && parseLong(retryAfter) >= 0) {
            return Duration.ofSeconds(parseLong(retryAfter));
        }
        String reset = response.headers().firstValue("X-RateLimit-Reset").orElse(null);
        if (reset != null) {
            try {
                Instant at = OffsetDateTime.parse(reset).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : min(wait, Duration.ofMinutes(15));
            } catch (DateTimeParseException e) {
                long epoch = parseLong(reset);
                if (epoch > 0) {
                    Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(epoch));
                    return wait.isNegative() ? Duration.ZERO : min(wait, Duration.ofMinutes(15));
                }
            }
        }
        return fallback;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
