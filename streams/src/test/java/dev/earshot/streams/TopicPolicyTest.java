package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Settings;
import dev.earshot.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {
    private final Topics topics = new Topics("acme.");

    @Test
    void everyTopicGetsARetentionCountedFromWhenItWasWritten() {
        Map<String, TopicPolicy> policies = TopicPolicy.from(Settings.of(Map.of()), topics);
        assertEquals(topics.all(), List.copyOf(policies.keySet()), "one policy per topic, in the topics' order");
        policies.values().forEach(p -> assertEquals("LogAppendTime", p.timestampType()));
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "604800000", "message.timestamp.type", "LogAppendTime"),
                policies.get("acme.mentions.classified").configs());
        assertEquals(Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(Duration.ofDays(90).toMillis()),
                "message.timestamp.type", "LogAppendTime"), policies.get("acme.brand.share-of-voice.1h").configs());
        assertEquals("delete", policies.get("acme.alerts.feedback-spikes").cleanupPolicy(),
                "alerts share a key per brand: compaction would keep only the last");
        assertEquals(Duration.ofDays(30), policies.get("acme.mentions.dlq").retention());
    }

    @Test
    void eachChoiceIsASettingAndABadValueIsRefusedByName() {
        Map<String, TopicPolicy> policies = TopicPolicy.from(Settings.of(Map.of(
                "topic.classified.retention", "14d", "topic.dlq.retention", "forever",
                "topic.engagement.1m.cleanup.policy", "compact", "topic.timestamp.type", "createtime")), topics);
        assertEquals(Duration.ofDays(14), policies.get("acme.mentions.classified").retention());
        assertEquals("-1", policies.get("acme.mentions.dlq").configs().get("retention.ms"));
        assertEquals("compact", policies.get("acme.brand.engagement.1m").cleanupPolicy());
        assertEquals("CreateTime", policies.get("acme.mentions.raw").timestampType());

        var badClock = assertThrows(IllegalArgumentException.class,
                () -> TopicPolicy.from(Settings.of(Map.of("topic.timestamp.type", "wallclock")), topics));
        assertTrue(badClock.getMessage().startsWith("topic.timestamp.type"), badClock.getMessage());
        var badCleanup = assertThrows(IllegalArgumentException.class,
                () -> TopicPolicy.from(Settings.of(Map.of("topic.alerts.cleanup.policy", "shred")), topics));
        assertTrue(badCleanup.getMessage().startsWith("topic.alerts.cleanup.policy"), badCleanup.getMessage());
        var badRetention = assertThrows(IllegalArgumentException.class,
                () -> TopicPolicy.from(Settings.of(Map.of("topic.raw.retention", "a week")), topics));
        assertTrue(badRetention.getMessage().startsWith("topic.raw.retention"), badRetention.getMessage());
        var noRetention = assertThrows(IllegalArgumentException.class,
                () -> TopicPolicy.from(Settings.of(Map.of("topic.classified.retention", "0s")), topics));
        assertTrue(noRetention.getMessage().startsWith("topic.classified.retention"), noRetention.getMessage());
        assertEquals("compact,delete", TopicPolicy.from(Settings.of(Map.of("topic.alerts.cleanup.policy", "delete, compact")),
                topics).get("acme.alerts.feedback-spikes").cleanupPolicy(), "the same set in another order");
        assertEquals(Duration.ofDays(3), TopicPolicy.from(Settings.load(null, Map.of("EARSHOT_TOPIC_SHARE_OF_VOICE_1H_RETENTION",
                "3d")), topics).get("acme.brand.share-of-voice.1h").retention(), "every kind can be set from the environment");
    }

    @Test
    void differencesNameOnlyTheSettingsThatDifferAndCompareCleanupAsASet() {
        Map<String, String> wanted = new TopicPolicy("compact,delete", Duration.ofDays(7), "LogAppendTime").configs();
        Map<String, String> broker = Map.of("cleanup.policy", "delete, compact", "retention.ms", "604800000",
                "message.timestamp.type", "CreateTime");
        Map<String, String> differ = TopicPolicy.differences(wanted, broker::get);
        assertEquals(Map.of("message.timestamp.type", "LogAppendTime"), differ);
        assertTrue(TopicPolicy.consequence(differ).contains("deleted minutes after they are written"));
        assertEquals(wanted, TopicPolicy.differences(wanted, key -> null), "a setting the broker does not report differs");
    }
}
