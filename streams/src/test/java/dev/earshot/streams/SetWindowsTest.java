package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.output.ShareOfVoice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SetWindowsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final Serde<Pipeline.SetWindows> serde = StreamsJson.serde(Pipeline.SetWindows.class);

    @Test
    void eachMembersLatestWindowReplacesItsFiguresAndSentiment() {
        Pipeline.SetWindows set = new Pipeline.SetWindows()
                .with(new BrandWindow("lumora", T0, T0.plusSeconds(3600), new Counts(2, 0, 0, 0, 0), Map.of(),
                        new SentimentCounts(1, 1, 0)), true)
                .with(new BrandWindow("lumora", T0, T0.plusSeconds(3600), new Counts(3, 0, 0, 0, 0), Map.of(),
                        new SentimentCounts(1, 1, 1)), true);
        Pipeline.SetWindows back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", set));
        assertEquals(set, back);
        ShareOfVoice sov = back.shareOfVoice("phones", null);
        assertEquals(3, sov.brands().get("lumora").mentions());
        assertEquals(0.0, sov.brands().get("lumora").netSentiment());
    }

    @Test
    void aValueStoredBeforeSentimentReadsWithNone() {
        String stored = "{\"windowStart\":\"2026-11-20T10:00:00Z\",\"windowEnd\":\"2026-11-20T11:00:00Z\","
                + "\"brands\":{\"lumora\":{\"mentions\":2,\"likes\":0,\"shares\":0,\"comments\":0,\"reach\":0}}}";
        Pipeline.SetWindows old = serde.deserializer().deserialize("t", stored.getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(), old.sentiment());
        ShareOfVoice sov = old.shareOfVoice("phones", null);
        assertEquals(2, sov.brands().get("lumora").mentions());
        assertNull(sov.brands().get("lumora").netSentiment());
    }
}
