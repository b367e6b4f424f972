package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose config} accepts the root docker-compose.yml with its required settings given,
 * refuses it without them, and the services run the commands this jar has. Needs Debian's
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
        assertTrue(resolved.out().contains("earshot.jar streams --brands /config/brands.yaml"), resolved.out());
        assertTrue(resolved.out().contains("https://hooks.example/x"), "the forwarder gets the webhook URL");
        assertTrue(Files.exists(COMPOSE.resolveSibling("deploy").resolve("brands.yaml")), "the mounted brand file exists");
        for (String command : List.of("streams", "ingest", "alerts")) {
            assertEquals(0, CommandLineRun.of(command, "--help").exitCode(), command + " is a command of this jar");
        }

        Result missing = run(Map.of(), "config", "-q");
        assertTrue(missing.code() != 0 && missing.out().contains("EARSHOT_"),
                "without the secret the file is refused with a clear message: " + missing.out());
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
