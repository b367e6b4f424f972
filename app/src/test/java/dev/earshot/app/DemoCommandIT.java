package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.kafka.local.TestKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * {@code earshot demo --bootstrap-servers} on a cluster that already runs a pipeline: the demo's
 * topics are its own, so it neither reads the cluster's mentions nor raises its invented spike on the
 * alerts a forwarder posts, and they are gone once it stops.
 */
class DemoCommandIT {
    @Test
    void onAGivenClusterTheDemoKeepsToTopicsOfItsOwnAndDeletesThemWhenItStops() throws Exception {
        TestKafka kafka = TestKafka.shared();
        Process demo = EarshotProcess.start("demo", "--bootstrap-servers", kafka.bootstrapServers(), "--http-port", "0");
        List<String> topics;
        try {
            String line = EarshotProcess.awaitLine(demo, "Topics:", Duration.ofSeconds(120));
            topics = Arrays.stream(line.substring(line.indexOf(':') + 1).split(",")).map(String::strip).toList();
            assertTrue(topics.contains(topics.get(0).substring(0, topics.get(0).indexOf("mentions.raw")) + "mentions.raw"), topics.toString());
            assertTrue(topics.stream().allMatch(t -> t.startsWith("earshot-demo-")), "every topic the demo's own: " + topics);
            String hint = EarshotProcess.awaitLine(demo, "Read them:", Duration.ofSeconds(10));
            assertTrue(hint.contains("EARSHOT_TOPIC_PREFIX=" + topics.get(0).substring(0, topics.get(0).indexOf('.') + 1)), hint);
            EarshotProcess.awaitLine(demo, "Ctrl+C stops everything", Duration.ofSeconds(10));
            assertTrue(names(kafka).containsAll(topics), "created on the cluster");
            Thread.sleep(3_000); // the backfill under way, the app's internal topics made
        } finally {
            EarshotProcess.terminate(demo);
        }
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS));
        assertTrue(EarshotProcess.output(demo).stream().anyMatch(l -> l.startsWith("Deleted the demo's")), EarshotProcess.output(demo).toString());
        String applicationId = topics.get(0).substring(0, topics.get(0).indexOf('.'));
        // Deleted topics leave the brokers' metadata a moment after the controller has deleted them.
        List<String> left = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            left = names(kafka).stream().filter(t -> t.startsWith(applicationId)).toList();
        } while (!left.isEmpty() && System.nanoTime() < deadline && sleep());
        assertEquals(List.of(), left, "the demo's topics and its streams app's internal ones deleted");
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }

    private static Set<String> names(TestKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
