package dev.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {
    private static Instant jdk(String s) {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-20T09:15:00Z", "2026-11-20T09:15:00.5Z", "2026-11-20T09:15:00.123456789Z",
            "2026-11-20T09:15:00+05:30", "2026-11-20T09:15:00.120-08:00", "2024-02-29T23:59:59-00:00",
            "1970-01-01T00:00:00Z", "2026-11-20T09:15:00+18:00", "2026-11-20t09:15:00z", "2026-11-20T09:15Z",
            "+12026-11-20T09:15:00Z", "2026-11-20T09:15:00+05:30:15",
            "2026-11-20T09:15:00.Z"})
    void readsWhatTheJdkReadsAsTheJdkReadsIt(String text) {
        assertEquals(jdk(text), IsoInstants.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T09:15:00Z", "2026-13-01T09:15:00Z", "2026-11-20T24:00:00Z",
            "2026-11-20T09:60:00Z", "2026-11-20T09:15:60Z", "2026-11-20T09:15:00.1234567890Z",
            "2026-11-20T09:15:00+19:00", "2026-11-20T09:15:00", "2026-11-20 09:15:00Z", "2026-11-20T09:15:00ZZ",
            "2026-11-2OT09:15:00Z", "2026-11-20T09:15:00+0530", ""})
    void refusesWhatTheJdkRefuses(String text) {
        assertThrows(DateTimeParseException.class, () -> jdk(text));
        assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text));
    }

    @Test
    void agreesWithTheJdkOnRandomInstantsAndOffsets() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-2_000_000_000L, 8_000_000_000L);
            int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
            int offsetMinutes = (random.nextInt(36 * 60 + 1) - 18 * 60);
            OffsetDateTime at = Instant.ofEpochSecond(seconds, nanos)
                    .atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String text = at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertEquals(jdk(text), IsoInstants.parse(text), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-20T09:15:00Z", "2026-11-20T09:15:00.500Z", "2026-11-20T09:15:00.000001Z",
            "2026-11-20T09:15:00.123456789Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
            "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59.100Z"})
    void writesAnInstantAsTheJdkDoes(String text) {
        Instant at = Instant.parse(text);
        assertEquals(at.toString(), IsoInstants.format(at));
    }

    @Test
    void writesRandomInstantsAsTheJdkDoes() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(at.toString(), IsoInstants.format(at));
        }
    }
}
