package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code earshot} launcher's checks before it builds anything, run as a user would run it. */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "earshot").toAbsolutePath().normalize();

    /** A JAVA_HOME whose java says it is Java 11. */
    private static Path oldJdk(Path dir) throws Exception {
        Path java = Files.createDirectories(dir.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static String[] run(Path javaHome, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        return new String[] {Integer.toString(process.exitValue()), output};
    }

    @Test
    void aJavaOlderThan17IsNamedBeforeAnyBuildWhetherRunByBashOrSh(@TempDir Path dir) throws Exception {
        Path jdk = oldJdk(dir);
        for (String shell : new String[] {"bash", "sh"}) {
            String[] result = run(jdk, shell, LAUNCHER.toString(), "--version");
            assertEquals("1", result[0], result[1]);
            assertEquals("earshot: Java 17 or later is needed; " + jdk.resolve("bin/java") + " is 11. Set JAVA_HOME to a JDK 17+"
                    + " and retry.", result[1].strip(), shell);
        }
    }

    @Test
    void aJavaHomeWithoutJavaIsNamedBeforeAnyBuild(@TempDir Path dir) throws Exception {
        String[] result = run(dir.resolve("none"), "bash", LAUNCHER.toString(), "--version");
        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("a JDK (17 or later) is needed"), result[1]);
    }
}
