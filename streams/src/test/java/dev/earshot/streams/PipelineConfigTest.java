package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {
    /** kafka.num.stream.threads and its kin were accepted and then overridden by the app without a word. */
    @Test
    void aKafkaSettingTheAppSetsItselfIsRefusedNamingEarshotsOwn() {
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.from(Settings.of(Map.of("kafka.num.stream.threads", "4"))));
        assertEquals("kafka.num.stream.threads is Earshot's to set and would be overridden: use threads", threads.getMessage());
        for (String key : PipelineConfig.OWN_SETTINGS.keySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PipelineConfig.from(Settings.of(Map.of("kafka." + key, "x"))), key);
            assertTrue(e.getMessage().startsWith("kafka." + key + " is Earshot's to set"), e.getMessage());
        }
        assertEquals("lz4", PipelineConfig.from(Settings.of(Map.of("kafka.producer.compression.type", "lz4"))).kafka()
                .get("producer.compression.type"), "other Kafka settings pass");
    }

    @Test
    void spikeGraceAndItsQuietAreReadAndOutOfRangeOnesRefused() {
        assertEquals(java.time.Duration.ZERO, PipelineConfig.defaults().spikes().grace(), "off unless set: alerts as soon as they cross");
        assertEquals(java.time.Duration.ofHours(24),
                PipelineConfig.from(Settings.of(Map.of("spike.grace", "24h"))).spikes().grace());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.from(Settings.of(Map.of("spike.grace", "-1m"))));
        assertEquals("spike.grace must not be negative, not PT-1M", e.getMessage());
        assertEquals(java.time.Duration.ofMinutes(1), PipelineConfig.defaults().spikes().graceQuiet());
        assertEquals(java.time.Duration.ofMinutes(2),
                PipelineConfig.from(Settings.of(Map.of("spike.grace.quiet", "2m"))).spikes().graceQuiet());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.from(Settings.of(Map.of("spike.grace.quiet", "0s"))));
        assertEquals("spike.grace.quiet must be positive, not PT0S", zero.getMessage());
    }
}
