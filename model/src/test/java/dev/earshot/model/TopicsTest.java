package dev.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void prefixAppliesToEveryTopic() {
        Topics topics = new Topics("acme.");
        assertEquals("acme.mentions.raw", topics.raw());
        assertEquals(9, topics.all().size());
        assertTrue(topics.all().stream().allMatch(t -> t.startsWith("acme.")));
    }

    @Test
    void defaultNamesFollowTheDesignBriefPlusHighlightsAndThemes() {
        // brand.highlights.1h and brand.themes.1h are Earshot's additions to the brief's topics (see the README).
        assertEquals(java.util.List.of("mentions.raw", "mentions.dlq", "mentions.classified",
                "brand.engagement.1m", "brand.engagement.1h", "brand.highlights.1h", "brand.themes.1h",
                "brand.share-of-voice.1h",
                "alerts.feedback-spikes"), Topics.DEFAULT.all());
    }
}
