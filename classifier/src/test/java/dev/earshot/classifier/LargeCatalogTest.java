package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Classification;
import dev.earshot.model.Mention;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A catalog of 10,000 brands, as the README promises, loads and classifies in a small heap. Run in a
 * JVM of its own with 256 MB, because the test JVM's heap is whatever the machine gives it: building
 * the Monitor's index of these brands' queries in one call took over 1 GB. The collector is pinned so
 * the margin does not move with the JVM's choice of one; the class path is the test JVM's own, as
 * Surefire's default fork gives it.
 */
class LargeCatalogTest {
    static final int BRANDS = 10_000;

    @Test
    void tenThousandBrandsLoadAndClassifyIn256MegabytesOfHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), LargeCatalogTest.class.getName()));
        Path log = Files.createTempFile("large-catalog", ".log");
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished;
            long start = System.nanoTime();
            try {
                finished = child.waitFor(180, TimeUnit.SECONDS);
            } finally {
                child.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(finished, "the child JVM did not finish in " + seconds + " s: " + output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("classified for " + last().id() + ": FEEDBACK"), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The child: builds the classifier over {@link #BRANDS} brands and classifies a mention of the last.
     * Exits on its own, with 1 on any error: a Monitor left open by a failed build would keep its
     * purging thread, and the JVM, alive.
     */
    public static void main(String[] args) {
        try {
            classifyWithLargeCatalog();
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void classifyWithLargeCatalog() {
        List<Brand> brands = new ArrayList<>(BRANDS);
        for (int i = 0; i < BRANDS - 1; i++) {
            brands.add(brand(i));
        }
        brands.add(last());
        try (Classifier classifier = Classifier.create(BrandCatalog.of(brands, List.of()), RulePack.defaults(),
                ClassifierSettings.DEFAULT)) {
            Mention mention = new Mention("m1", "bluesky", Instant.parse("2026-11-20T10:00:00Z"),
                    new Mention.Author("@someone", 60, false), "my " + last().name() + " order never arrived, again",
                    "", List.of(), "en", Mention.Engagement.NONE, false);
            for (Classification c : classifier.classify(mention)) {
                System.out.println("classified for " + c.brand() + ": " + c.category());
            }
        }
    }

    private static Brand last() {
        return brand(BRANDS - 1);
    }

    /** A brand with a name of its own: "zq" and its number's digits written as the letters a-j, so no two share a word. */
    private static Brand brand(int i) {
        StringBuilder name = new StringBuilder("zq");
        for (char digit : Integer.toString(i).toCharArray()) {
            name.append((char) ('a' + (digit - '0')));
        }
        String base = name.toString();
        return new Brand("b" + i, base, List.of(base), List.of("@" + base), List.of("#" + base), List.of(base + ".com"));
    }
}
