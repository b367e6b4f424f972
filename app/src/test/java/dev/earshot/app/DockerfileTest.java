package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What CI cannot see without a Docker engine to build the image and run docker-compose.yml: the
 * build stage copies what {@code mvn -pl app -am package} needs (a module left out, as {@code edge}
 * once was, fails the build), and every directory compose mounts writable in an Earshot container is
 * in the image, owned by the user the app runs as (a volume mounted where the image has no directory
 * starts as root's, as the state directory once did, and the streams app could not write its stores).
 */
class DockerfileTest {
    private static final Path ROOT = Path.of("..");

    /**
     * The instructions of one stage (1 the first, from its FROM to the next), each on one line,
     * continuations joined, comments and blank lines left out.
     */
    static List<String> stage(List<String> dockerfile, int stage) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stages = 0;
        for (String line : dockerfile) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.isEmpty()) {
                continue;
            }
            if (current.isEmpty() && stripped.toUpperCase(java.util.Locale.ROOT).startsWith("FROM ")) {
                stages++;
            }
            current.append(stripped.endsWith("\\") ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (!stripped.endsWith("\\")) {
                if (stages == stage) {
                    instructions.add(current.toString().strip());
                }
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** The sources of the build stage's COPY lines (those without --from). */
    static Set<String> buildStageCopies(List<String> dockerfile) {
        Set<String> copied = new TreeSet<>();
        for (String instruction : stage(dockerfile, 1)) {
            String[] words = instruction.split("\\s+");
            if (words[0].equalsIgnoreCase("COPY") && words.length == 3) {
                copied.add(words[1]);
            }
        }
        return copied;
    }

    /** The runtime stage's instructions (after the second FROM). */
    static List<String> runtimeInstructions(List<String> dockerfile) {
        return stage(dockerfile, 2);
    }

    /** Whether one RUN instruction makes the directory and gives it to the user {@code earshot}. */
    static boolean madeForTheApp(List<String> instructions, String directory) {
        Pattern mkdir = Pattern.compile("mkdir -p [^&;]*(?<=\\s)" + Pattern.quote(directory) + "(\\s|$)");
        Pattern chown = Pattern.compile("chown (-R )?earshot(:earshot)? [^&;]*(?<=\\s)" + Pattern.quote(directory) + "(\\s|$)");
        return instructions.stream().anyMatch(i -> i.startsWith("RUN ") && mkdir.matcher(i).find() && chown.matcher(i).find());
    }

    static List<String> modules(String pom) {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(pom);
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    @Test
    void theBuildStageCopiesThePomAndEveryModule() throws Exception {
        Set<String> copied = buildStageCopies(Files.readAllLines(ROOT.resolve("Dockerfile")));
        List<String> modules = modules(Files.readString(ROOT.resolve("pom.xml")));
        assertEquals(7, modules.size(), "the root pom's modules: " + modules);
        for (String module : modules) {
            assertTrue(copied.contains(module), "the Dockerfile does not copy module " + module + ": " + copied);
        }
        assertTrue(copied.contains("pom.xml"), copied.toString());
        assertTrue(copied.contains(".mvn"), copied.toString());
        for (String source : copied) {
            assertTrue(Files.exists(ROOT.resolve(source)), "the Dockerfile copies " + source + ", which is not here");
        }
    }

    @Test
    void everyDirectoryComposeMountsWritableIsTheAppUsersInTheImage() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        List<JsonNode> earshot = new ArrayList<>(List.of(compose.path("x-earshot")));
        compose.path("services").forEach(service -> {
            if (!service.has("image") || service.path("image").asText().startsWith("earshot")) {
                earshot.add(service);
            }
        });
        Set<String> writable = new TreeSet<>();
        for (JsonNode service : earshot) {
            for (JsonNode volume : service.path("volumes")) {
                String[] parts = volume.asText().split(":");
                boolean readOnly = parts.length == 3 && parts[2].contains("ro");
                if (!readOnly) {
                    writable.add(parts.length == 1 ? parts[0] : parts[1]);
                }
            }
        }
        assertEquals(Set.of("/var/lib/earshot/state"), writable, "what the Earshot services write to");
        List<String> runtime = runtimeInstructions(Files.readAllLines(ROOT.resolve("Dockerfile")));
        for (String directory : writable) {
            assertTrue(madeForTheApp(runtime, directory), directory + " is not made for the app's user in the image: " + runtime);
        }
    }

    @Test
    void aDirectoryIsMadeForTheAppOnlyWhenOneRunMakesItAndGivesItToEarshot() {
        List<String> made = runtimeInstructions(List.of("FROM maven AS build", "RUN mkdir -p /data && chown earshot /data",
                "FROM jre", "RUN useradd earshot \\", "    && mkdir -p /var/lib/earshot/state && chown earshot:earshot /var/lib/earshot/state"));
        assertEquals(2, made.size(), made.toString());
        assertTrue(madeForTheApp(made, "/var/lib/earshot/state"));
        assertFalse(madeForTheApp(made, "/data"), "made in the build stage only");
        assertFalse(madeForTheApp(made, "/var/lib/earshot"), "a parent is not the directory");
        assertFalse(madeForTheApp(runtimeInstructions(List.of("FROM a", "FROM b", "RUN mkdir -p /s")), "/s"), "root's");
    }

    @Test
    void onlyTheBuildStageCopiesCount() {
        Set<String> copied = buildStageCopies(List.of("FROM maven AS build", "COPY pom.xml .", "COPY model model",
                "RUN mvn package", "FROM jre", "COPY --from=build /src/app/target/earshot.jar /opt/earshot.jar",
                "COPY streams streams"));
        assertEquals(Set.of("pom.xml", "model"), copied);
    }
}
