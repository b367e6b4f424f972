package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The Dockerfile's build stage copies what {@code mvn -pl app -am package} needs: the root pom, its
 * Maven settings and every module the root pom lists. CI has no Docker engine to build the image, and
 * a module added to the pom but not to the Dockerfile (as {@code edge} once was) breaks
 * {@code docker-compose up --build} with no test failing.
 */
class DockerfileTest {
    private static final Path ROOT = Path.of("..");

    /** The sources of the build stage's COPY lines (those without --from, before the second FROM). */
    static Set<String> buildStageCopies(List<String> dockerfile) {
        Set<String> copied = new TreeSet<>();
        int stages = 0;
        for (String line : dockerfile) {
            String[] words = line.strip().split("\\s+");
            if (words[0].equalsIgnoreCase("FROM")) {
                stages++;
            } else if (stages == 1 && words[0].equalsIgnoreCase("COPY") && words.length == 3) {
                copied.add(words[1]);
            }
        }
        return copied;
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
    void onlyTheBuildStageCopiesCount() {
        Set<String> copied = buildStageCopies(List.of("FROM maven AS build", "COPY pom.xml .", "COPY model model",
                "RUN mvn package", "FROM jre", "COPY --from=build /src/app/target/earshot.jar /opt/earshot.jar",
                "COPY streams streams"));
        assertEquals(Set.of("pom.xml", "model"), copied);
    }
}
