package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.earshot.model.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    @Test
    void theWebhooksDurationsMustBeLongerThanZeroAndTheErrorNamesTheSetting() {
        for (String key : new String[] {"webhook.replay.window", "webhook.ack.timeout"}) {
            for (String value : new String[] {"0s", "-5s"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> IngestConfig.from(Settings.of(Map.of(key, value))), key + "=" + value);
                assertEquals(true, e.getMessage().startsWith(key + " must be longer than zero"), e.getMessage());
            }
        }
        IngestConfig config = IngestConfig.from(Settings.of(Map.of("webhook.ack.timeout", "2s")));
        assertEquals(Duration.ofSeconds(2), config.webhookAckTimeout());
        assertEquals(Duration.ofMinutes(5), config.webhookReplayWindow());
    }
}
