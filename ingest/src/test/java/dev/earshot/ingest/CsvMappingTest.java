package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvMappingTest {
    private final MentionCodec codec = MentionCodec.strict();

    @Test
    void mapsNamedColumnsConvertsTypesAndAppliesThePatternAndZone() throws Exception {
        CsvMapping mapping = new CsvMapping(CsvMapping.parseMap("id=post_id,text=tweet_text,createdAt=created,"
                + "author.handle=user,author.followers=followers,engagement.likes=likes"),
                "yyyy-MM-dd HH:mm:ss", ZoneId.of("Europe/Paris"), "twitter");
        Mention m = mapping.toMention(Map.of("post_id", "t1", "tweet_text", "Loving Lumora", "created",
                "2026-11-20 11:15:30", "user", "@jane", "followers", "12,000", "likes", "7",
                "links", "https://a.example https://b.example"), codec);
        assertEquals("t1", m.id());
        assertEquals("twitter", m.platform());
        assertEquals(Instant.parse("2026-11-20T10:15:30Z"), m.createdAt());
        assertEquals(12_000, m.author().followers());
        assertEquals(7, m.engagement().likes());
        assertEquals(List.of("https://a.example", "https://b.example"), m.links());
    }

    /**
     * A row without an id gets one from what it says: the same row, replayed, the same id; another row at
     * the same place of another export (where the file name and line gave both one id) another.
     */
    @Test
    void rowsWithoutAnIdGetAStableOneFromWhatTheySay() throws Exception {
        CsvMapping mapping = new CsvMapping(Map.of(), "epoch-s", ZoneId.of("UTC"), "csv");
        Mention m = mapping.toMention(Map.of("text", "hi", "createdAt", "1763640000"), codec);
        assertTrue(m.id().matches("csv:[0-9a-f]{32}"), m.id());
        assertEquals(m.id(), mapping.toMention(Map.of("text", "hi", "createdAt", "1763640000"), codec).id(), "replayed");
        assertNotEquals(m.id(), mapping.toMention(Map.of("text", "hello", "createdAt", "1763640000"), codec).id());
        assertNotEquals(m.id(), mapping.toMention(Map.of("text", "hi", "createdAt", "1763640001"), codec).id());
        assertNotEquals(m.id(), mapping.toMention(Map.of("text", "hi", "createdAt", "1763640000", "user_id", "42"), codec).id(),
                "a column no field is read from still tells two rows apart");
        assertEquals(Instant.ofEpochSecond(1763640000L), m.createdAt());
    }

    @Test
    void badValuesAreNamedByField() {
        CsvMapping mapping = new CsvMapping(Map.of(), "iso", ZoneId.of("UTC"), "csv");
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> mapping.toMention(
                Map.of("text", "hi", "createdAt", "last tuesday", "engagement.likes", "many"), codec));
        assertTrue(e.getMessage().contains("createdAt: not a timestamp in the format iso: 'last tuesday'"), e.getMessage());
        assertTrue(e.getMessage().contains("engagement.likes: expected a whole number, got 'many'"), e.getMessage());
    }

    /** An epoch beyond the instants Java holds is that row's problem, not the end of the replay. */
    @Test
    void anEpochBeyondAnyInstantIsABadValueOfItsRow() {
        CsvMapping mapping = new CsvMapping(Map.of(), "epoch-s", ZoneId.of("UTC"), "csv");
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> mapping.toMention(
                Map.of("text", "hi", "createdAt", "99999999999999999"), codec));
        assertTrue(e.getMessage().contains("createdAt: not a timestamp in the format epoch-s: '99999999999999999'"), e.getMessage());
    }

    @Test
    void unknownTargetFieldsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CsvMapping(Map.of("body", "text"), "iso", ZoneId.of("UTC"), "csv"));
        assertThrows(IllegalArgumentException.class, () -> CsvMapping.parseMap("text"));
    }
}
