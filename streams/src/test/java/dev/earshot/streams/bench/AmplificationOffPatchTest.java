package dev.earshot.streams.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's measurement of what copies, suspects and themes cost runs a build with
 * docs/benchmarks/amplification-off.patch applied. A patch is text against the code as it was, and
 * this one stopped applying twice as the streams app changed: checked here with {@code git apply
 * --check}, which reads the working tree only (no repository needed), so the README's steps keep
 * working. Needs git, which every clone has; skipped elsewhere without it.
 */
class AmplificationOffPatchTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theBenchmarkPatchAppliesToThisRelease() throws Exception {
        Process git;
        try {
            git = new ProcessBuilder("git", "apply", "--check", "docs/benchmarks/amplification-off.patch")
                    .directory(ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI clones with git, so it must be here", e);
            }
            Assumptions.abort("no git here");
            return;
        }
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), "regenerate the patch against this release (README, 'All of it together'):\n" + out);
    }
}
