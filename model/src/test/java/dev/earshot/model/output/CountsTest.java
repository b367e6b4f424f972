package dev.earshot.model.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.model.Mention;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountsTest {
    private static Mention claiming(long likes, long followers) {
        return new Mention("m" + likes, "bluesky", Instant.parse("2026-11-20T10:00:00Z"), new Mention.Author("@u", followers, false),
                "Lumora", "", List.of(), "en", new Mention.Engagement(likes, 1, 0, 0), false);
    }

    /** A source that writes 2^63 - 1 for "too many to say": its window holds at the most, never wraps negative. */
    @Test
    void countsHoldAtTheLargestRatherThanWrapNegative() {
        Counts window = Counts.ZERO.plus(claiming(Long.MAX_VALUE, Long.MAX_VALUE)).plus(claiming(1, 10));
        assertEquals(2, window.mentions());
        assertEquals(Long.MAX_VALUE, window.likes());
        assertEquals(Long.MAX_VALUE, window.reach());
        assertEquals(Long.MAX_VALUE, window.engagement());
        assertEquals(Long.MAX_VALUE, window.plus(window).likes());
        assertEquals(5, Counts.sum(2, 3));
    }

    @Test
    void sharesOfASetWithAnOutsizedMemberStayBetweenZeroAndOne() {
        Counts huge = Counts.ZERO.plus(claiming(Long.MAX_VALUE, 1));
        Counts small = Counts.ZERO.plus(claiming(5, 1));
        ShareOfVoice sov = ShareOfVoice.of("phones", List.of("lumora", "vantor", "other"), Instant.EPOCH, Instant.EPOCH.plusSeconds(3600),
                Map.of("lumora", huge, "vantor", huge, "other", small), Map.of());
        sov.brands().values().forEach(share -> {
            double s = share.shareOfEngagement();
            org.junit.jupiter.api.Assertions.assertTrue(s >= 0 && s <= 1, "share of engagement " + s);
        });
    }
}
