package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code docker-compose config} accepts the root docker-compose.yml with its required settings given,
 * refuses it without them, and each Earshot service's command line parses as this jar's. Needs Debian's
 * docker-compose (no Docker engine), which {@code .ci/run} installs; skipped elsewhere without it.
 */
class DockerComposeFileTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @Test
    void composeFileIsValidAndNamesEveryService() throws Exception {
        Path tool = Path.of("/usr/bin/docker-compose");
        if (!Files.isExecutable(tool)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must have /usr/bin/docker-compose: .ci/run installs it");
            }
            Assumptions.abort("no docker-compose here (apt-get install docker-compose)");
        }
        Map<String, String> env = Map.of("EARSHOT_WEBHOOK_SECRET", "s3cret", "EARSHOT_ALERT_WEBHOOK", "https://hooks.example/x",
                "EARSHOT_HTTP_TOKEN", "t0ken");
        Result services = run(env, "config", "--services");
        assertEquals(0, services.code(), services.out());
        assertEquals(List.of("alerts", "kafka", "streams", "webhook"), services.out().lines().sorted().toList());

        Result resolved = run(env, "config");
        assertEquals(0, resolved.code(), resolved.out());
        assertTrue(resolved.out().contains("image: apache/kafka:4.3.1"), resolved.out());
        assertTrue(resolved.out().contains("https://hooks.example/x"), "the forwarder gets the webhook URL");
        assertTrue(Files.exists(COMPOSE.resolveSibling("deploy").resolve("brands.yaml")), "the mounted brand file exists");
        // Each Earshot service's command line, as compose resolved it, parses as this jar's: its command,
        // subcommand and every option exist and take what they are given.
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(resolved.out());
        List<String> streams = earshotArguments(config.path("services").path("streams"));
        assertEquals(List.of("streams", "--brands", "/config/brands.yaml"), streams.subList(0, 3), streams.toString());
        // Its state in the volume the service mounts there (DockerfileTest: a directory the app may write).
        assertTrue(String.join(" ", streams).contains("--state-dir /var/lib/earshot/state"), streams.toString());
        assertTrue(config.path("services").path("streams").path("volumes").toString().contains("/var/lib/earshot/state"),
                config.path("services").path("streams").toString());
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : (Iterable<Map.Entry<String, JsonNode>>) () -> config.path("services").fields()) {
            if (!service.getValue().path("image").asText().startsWith("earshot:")) {
                continue;
            }
            List<String> args = earshotArguments(service.getValue());
            CommandLine.ParseResult parsed = Earshot.commandLine().parseArgs(args.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), service.getKey() + " runs a command: " + args);
            checked.add(service.getKey());
        }
        assertEquals(List.of("alerts", "streams", "webhook"), checked.stream().sorted().toList());

        Result missing = run(Map.of(), "config", "-q");
        assertTrue(missing.code() != 0 && missing.out().contains("EARSHOT_"),
                "without the secret the file is refused with a clear message: " + missing.out());
    }

    /**
     * What a service passes to earshot.jar: its command, after the Dockerfile's entry point (which runs
     * the jar), or what follows the jar in an entry point of its own ({@code sh -c "exec java -jar …"}),
     * split at spaces: the shell's quoting is not read, so an argument with a space in it would need
     * more than this.
     */
    private static List<String> earshotArguments(JsonNode service) throws Exception {
        String jar = "/opt/earshot/earshot.jar";
        JsonNode entrypoint = service.get("entrypoint");
        if (entrypoint == null) {
            String dockerfile = Files.readString(COMPOSE.resolveSibling("Dockerfile"));
            assertTrue(dockerfile.contains("ENTRYPOINT [\"java\", \"-jar\", \"" + jar + "\"]"), "the image's entry point runs the jar");
            List<String> args = new ArrayList<>();
            service.path("command").forEach(arg -> args.add(arg.asText()));
            return args;
        }
        String shell = entrypoint.get(entrypoint.size() - 1).asText();
        int at = shell.indexOf(jar);
        assertTrue(at >= 0, "the entry point runs " + jar + ": " + shell);
        return List.of(shell.substring(at + jar.length()).strip().split("\\s+"));
    }

    record Result(int code, String out) {
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker-compose", "-f", COMPOSE.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("EARSHOT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
