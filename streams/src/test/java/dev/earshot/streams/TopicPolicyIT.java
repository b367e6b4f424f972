package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.kafka.local.TestKafka;
import dev.earshot.model.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** {@link StreamsApp#createTopics} on a real broker: new topics get the policy, old ones are reported. */
class TopicPolicyIT {
    @Test
    void missingTopicsAreCreatedWithThePolicyAndAnExistingTopicThatDiffersIsReportedOnce() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String prefix = "policy" + System.nanoTime() + ".";
        PipelineConfig config = PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "topic.prefix", prefix, "application.id", "earshot-" + prefix, "topic.alerts.retention", "45d")));
        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            // As an earlier version created it: the broker's defaults.
            admin.createTopics(List.of(new NewTopic(config.topics().classified(), 3, (short) 1))).all().get(30, TimeUnit.SECONDS);

            List<String> warnings = StreamsApp.createTopics(config, client);

            assertEquals(1, warnings.size(), String.valueOf(warnings));
            String warning = warnings.get(0);
            assertTrue(warning.startsWith("topic " + config.topics().classified() + " has message.timestamp.type=CreateTime"), warning);
            assertTrue(warning.endsWith("--entity-name " + config.topics().classified() + " --add-config message.timestamp.type=LogAppendTime"),
                    warning);

            for (String topic : List.of(config.topics().engagementHour(), config.topics().feedbackSpikes(), config.topics().raw())) {
                var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                var actual = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                config.topicPolicies().get(topic).configs().forEach((key, value) ->
                        assertEquals(value, actual.get(key).value().replace(" ", ""), topic + " " + key));
            }
            assertEquals(String.valueOf(45L * 86_400_000), config.topicPolicies().get(config.topics().feedbackSpikes())
                    .configs().get("retention.ms"));
            assertEquals(warnings, StreamsApp.createTopics(config, client),
                    "on the next start, only the topic it did not create differs from the policy");
        }
    }

    /**
     * A topic another instance (or the broker, for a producer that wrote first) created between the
     * listing and the creation is checked like any existing one, not the end of the step: here every
     * topic exists though the listing said none did, and mentions.raw, made by the broker's defaults with
     * one partition, is reported for its partitions as well as its settings.
     */
    @Test
    void topicsCreatedByOthersMeanwhileAreCheckedAndTooFewPartitionsReported() throws Exception {
        TestKafka kafka = TestKafka.shared();
        PipelineConfig config = config(kafka, "race");
        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(config.topics().raw(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            StreamsApp.createTopics(config, client); // every other topic, as another instance would have

            List<String> warnings = StreamsApp.createTopics(config, admin, java.util.Set.of());

            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("topic " + config.topics().raw() + " has 1 partition where "
                    + "topic.partitions is 3")), String.valueOf(warnings));
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("topic " + config.topics().raw() + " has ")
                    && w.contains("where Earshot's policy is")), "its settings checked too: " + warnings);
            assertEquals(2, warnings.size(), String.valueOf(warnings));
        }
    }

    /**
     * The classification buffer's changelog keeps its tombstones a day (an instance back with the state it
     * left replays them; compacted away, mentions classified meanwhile came back and counted twice); one
     * made by an earlier release, which dropped them 10 minutes on, is reported.
     */
    @Test
    void aBufferChangelogThatDropsItsTombstonesSoonIsReported() throws Exception {
        TestKafka kafka = TestKafka.shared();
        PipelineConfig config = config(kafka, "buffer");
        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        String changelog = config.applicationId() + "-" + BatchClassifier.STORE + "-changelog";
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(changelog, 3, (short) 1).configs(Map.of("cleanup.policy", "compact",
                    "delete.retention.ms", "600000")))).all().get(30, TimeUnit.SECONDS);
            List<String> warnings = StreamsApp.createTopics(config, client);
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("topic " + changelog + " has delete.retention.ms=600000")
                    && w.contains("count them twice")), String.valueOf(warnings));
        }
    }

    /** Settings of an app of its own on the shared broker, its topics not made yet. */
    private static PipelineConfig config(TestKafka kafka, String name) {
        String prefix = name + System.nanoTime() + ".";
        return PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", kafka.bootstrapServers(), "topic.prefix", prefix,
                "application.id", "earshot-" + prefix)));
    }
}
