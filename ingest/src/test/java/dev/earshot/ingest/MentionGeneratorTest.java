package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MentionGeneratorTest {
    private static final List<MentionGenerator.BrandName> BRANDS = List.of(
            new MentionGenerator.BrandName("lumora", "Lumora", "@lumoraphones", "#lumora", "lumora.com"),
            new MentionGenerator.BrandName("vantor", "Vantor", "@vantor", null, "vantor.io"));
    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

    private static List<Mention> generate(long seed, int count, MentionGenerator.Spike spike) {
        List<Mention> out = new ArrayList<>();
        new MentionGenerator(BRANDS, seed, count, START, 10, spike).forEachRemaining(out::add);
        return out;
    }

    @Test
    void theSameSeedGivesTheSameMentions() {
        assertEquals(generate(42, 500, null), generate(42, 500, null));
        assertNotEquals(generate(42, 500, null), generate(43, 500, null));
    }

    @Test
    void mentionsAreValidUniqueAndTimeAdvances() throws Exception {
        MentionCodec codec = MentionCodec.strict();
        List<Mention> mentions = generate(1, 5_000, null);
        Set<String> ids = new HashSet<>();
        Instant previous = START;
        for (Mention m : mentions) {
            assertEquals(m, codec.decode(codec.encode(m)));
            assertTrue(ids.add(m.id()), "unique id " + m.id());
            assertFalse(m.createdAt().isBefore(previous));
            previous = m.createdAt();
        }
        // 5,000 events at 10 per second of event time: about 500 s.
        long seconds = Duration.between(START, previous).toSeconds();
        assertTrue(seconds > 400 && seconds < 600, "span " + seconds);
    }

    @Test
    void followersAreHeavyTailedAndPlatformsVaried() {
        List<Mention> mentions = generate(3, 20_000, null);
        long max = mentions.stream().mapToLong(m -> m.author().followers()).max().orElse(0);
        long median = mentions.stream().mapToLong(m -> m.author().followers()).sorted().skip(10_000).findFirst().orElse(0);
        assertTrue(max > 100 * Math.max(median, 1), "max " + max + " vs median " + median);
        assertTrue(mentions.stream().map(Mention::platform).distinct().count() >= 8);
        assertTrue(mentions.stream().anyMatch(Mention::promoted));
    }

    @Test
    void aSpikeConcentratesComplaintsAboutOneBrandInItsWindow() {
        MentionGenerator.Spike spike = new MentionGenerator.Spike("vantor", START.plusSeconds(200), Duration.ofMinutes(5), 0.5);
        List<Mention> mentions = generate(5, 6_000, spike);
        long inWindow = mentions.stream().filter(m -> !m.createdAt().isBefore(spike.start())
                && m.createdAt().isBefore(spike.start().plus(spike.length())))
                .filter(m -> m.text().contains("@vantor")).count();
        long before = mentions.stream().filter(m -> m.createdAt().isBefore(START.plusSeconds(200)))
                .filter(m -> m.text().contains("@vantor")).count();
        // The window is 1.5x as long as the stretch before it; a spike makes it far more than 1.5x.
        assertTrue(inWindow > 3 * before, "in spike " + inWindow + ", before " + before);
    }
}
