package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.ingest.live.BrandFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aLiveFeedKeepsThePostsTheClassifierWouldFindABrandIn() throws Exception {
        LiveCommands.FeedOptions options = new LiveCommands.FeedOptions();
        options.brands = Files.writeString(dir.resolve("brands.yaml"), """
                brands:
                  - id: pottlebury
                    keywords: [pottlebury]
                    handles: ["@pottlebury_gc"]
                    misspellings: true
                  - id: lumora
                    keywords: [lumora]
                """);
        BrandFilter filter = options.filter();
        assertTrue(filter.matches("off to Pottlebury for a scone"));
        assertTrue(filter.matches("off to pottelbury for a scone"), "a misspelling the brand takes");
        assertTrue(filter.matches("POTTELBURY!! scones"), "in any case, before punctuation");
        assertFalse(filter.matches("off to pottelburyfields"), "a misspelling counts as a whole word, as the classifier reads it");
        assertTrue(filter.matches("thanks @pottlebury_gc"));
        assertFalse(filter.matches("off to the garden centre for a scone"));
        assertFalse(filter.matches("my new lumra phone"), "lumora takes no misspellings");
    }
}
