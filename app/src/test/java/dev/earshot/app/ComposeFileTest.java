package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docker-compose.yml as shipped: nothing published beyond loopback by default, no credential on a command line. */
class ComposeFileTest {
    private static JsonNode compose() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
    }

    @Test
    void everyPublishedPortIsBoundToLoopbackByDefault() throws Exception {
        int ports = 0;
        for (var service : compose().path("services").properties()) {
            for (JsonNode port : service.getValue().path("ports")) {
                String mapping = port.asText();
                ports++;
                assertTrue(mapping.startsWith("127.0.0.1:") || mapping.startsWith("${EARSHOT_BIND:-127.0.0.1}:"),
                        service.getKey() + " publishes " + mapping + " beyond loopback");
            }
        }
        assertEquals(3, ports, "Kafka for tools on the host, the query API, the webhook");
        String kafka = compose().path("services").path("kafka").path("ports").get(0).asText();
        assertTrue(kafka.startsWith("127.0.0.1:"), "Kafka's plaintext port never follows EARSHOT_BIND: " + kafka);
    }

    @Test
    void theSlackUrlTravelsInTheEnvironmentNotOnTheCommandLine() throws Exception {
        JsonNode alerts = compose().path("services").path("alerts");
        assertFalse(alerts.path("command").toString().contains("EARSHOT_ALERT_WEBHOOK"), alerts.path("command").toString());
        assertFalse(alerts.path("command").toString().contains("--webhook"), alerts.path("command").toString());
        assertTrue(alerts.path("environment").path("EARSHOT_ALERTS_WEBHOOK").asText().contains("EARSHOT_ALERT_WEBHOOK"));
    }
}
