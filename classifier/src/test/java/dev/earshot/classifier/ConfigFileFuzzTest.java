package dev.earshot.classifier;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The brand and rule file loaders on arbitrary text: a file loads, or is refused with a
 * {@link ConfigException} that explains it. Anything else escaping is a bug.
 */
class ConfigFileFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void brandFilesLoadOrAreExplained(FuzzedDataProvider data) {
        try {
            BrandCatalog.parse(data.consumeRemainingAsString(), "fuzz.yaml");
        } catch (ConfigException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without an explanation", e);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void ruleFilesLoadOrAreExplained(FuzzedDataProvider data) {
        try {
            RulePack.parse(data.consumeRemainingAsString(), "fuzz.yaml", RulePack.defaults());
        } catch (ConfigException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without an explanation", e);
            }
        }
    }
}
