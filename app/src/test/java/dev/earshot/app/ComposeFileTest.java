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

    /**
     * A variable in a service's {@code environment:} wins over {@code env_file}: one that deploy/earshot.env
     * sets or shows (EARSHOT_TOPIC_PREFIX did) would be overridden there, without a word, by the compose
     * file's default. Every setting the env file names is left to it.
     */
    @Test
    void noSettingOfTheEnvFileIsShadowedByTheComposeFile() throws Exception {
        java.util.Set<String> inEnvFile = new java.util.TreeSet<>();
        for (String line : java.nio.file.Files.readAllLines(Path.of("..", "deploy", "earshot.env"))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^#?\\s*(EARSHOT_[A-Z0-9_]+)=").matcher(line);
            if (m.find()) {
                inEnvFile.add(m.group(1));
            }
        }
        assertTrue(inEnvFile.contains("EARSHOT_TOPIC_PREFIX"), inEnvFile.toString());
        // The services' shared environment (the x-earshot anchor they merge), then each one's own.
        java.util.Map<String, JsonNode> environments = new java.util.LinkedHashMap<>();
        environments.put("x-earshot", compose().path("x-earshot").path("environment"));
        for (String service : java.util.List.of("streams", "webhook", "alerts")) {
            environments.put(service, compose().path("services").path(service).path("environment"));
        }
        assertTrue(environments.get("x-earshot").has("EARSHOT_BOOTSTRAP_SERVERS"), "the shared environment is read");
        environments.forEach((where, environment) -> {
            java.util.List<String> shadowed = new java.util.ArrayList<>();
            environment.fieldNames().forEachRemaining(name -> {
                if (inEnvFile.contains(name)) {
                    shadowed.add(name);
                }
            });
            assertEquals(java.util.List.of(), shadowed, where + "'s environment overrides what deploy/earshot.env sets");
        });
        for (String line : java.nio.file.Files.readAllLines(Path.of("..", "deploy", "earshot.env"))) {
            if (line.matches("^#?\\s*EARSHOT_[A-Z0-9_]+=.*")) {
                assertFalse(line.matches(".*=\\S*\\s+\\(.*"), "a note after a value becomes part of it: " + line);
            }
        }
    }
}
