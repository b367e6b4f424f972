package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.ConfigException;
import dev.earshot.model.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brand, rule and model files are picked up without a restart; a broken edit leaves the old
 * ones in force. A killed run's local state is not reopened.
 */
class StreamsAppTest {
    @TempDir
    Path dir;

    private PipelineConfig config() {
        // Never started: no broker is needed to build the app and reload its files.
        return PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:1",
                "state.dir", dir.resolve("state").toString())));
    }

    private static void touch(Path file, int secondsAhead) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    @Test
    void anEditedBrandFileTakesEffectAndABrokenEditIsRejected() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        try (StreamsApp app = new StreamsApp(config(), brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            assertEquals(1, app.classifier().get().brands().size());

            Files.writeString(brands, "brands:\n  - {id: lumora, keywords: [lumora]}\n  - {id: vantor, keywords: [vantor]}\n");
            touch(brands, 5);
            app.reloadIfChanged();
            assertEquals(2, app.classifier().get().brands().size(), "new brand in force");

            Files.writeString(brands, "brands:\n  - {id: lumora, keywords: [lumora]}\n  - {id: lumora, keywords: [again]}\n");
            touch(brands, 10);
            app.reloadIfChanged();
            assertEquals(2, app.classifier().get().brands().size(), "the broken edit is rejected; the old rules stay");
            assertEquals("vantor", app.classifier().get().brands().brand("vantor").id());

            // An editor that truncates before it writes, caught in between: the brands in force stay.
            Files.writeString(brands, "");
            touch(brands, 15);
            app.reloadIfChanged();
            assertEquals(2, app.classifier().get().brands().size(), "a brand file of no brands is rejected");
        }
    }

    /**
     * A brand file caught halfway through being written (two of its three brands, valid as it stands) is
     * not read: it changes again before it has stayed as it is for the settling time. The whole file is
     * read at the next poll, though it was written within the same second.
     */
    @Test
    void aBrandFileStillBeingWrittenIsReadOnlyOnceItStaysAsItIs() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        try (StreamsApp app = new StreamsApp(config(), brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            java.nio.file.attribute.FileTime second = java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            Files.writeString(brands, "brands:\n  - {id: lumora, keywords: [lumora]}\n  - {id: vantor, keywords: [vantor]}\n");
            Files.setLastModifiedTime(brands, second);
            // The rest of the file is written while the watcher waits for it to settle.
            app.settleWith(() -> {
                try {
                    Files.writeString(brands, "brands:\n  - {id: lumora, keywords: [lumora]}\n  - {id: vantor, keywords: [vantor]}\n"
                            + "  - {id: brewhaus, keywords: [brewhaus]}\n");
                    Files.setLastModifiedTime(brands, second); // the same time as the first half: only the size tells
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            app.reloadIfChanged();
            app.settleWith(() -> { });
            assertEquals(1, app.classifier().get().brands().size(), "the half-written file is not in force");
            app.reloadIfChanged();
            assertEquals(3, app.classifier().get().brands().size(), "the whole file, once it stays as it is");
        }
    }

    @Test
    void aBrandFileOfNoBrandsIsRefusedAtStart() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands: []\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new StreamsApp(config(), brands, null, ClassifierSettings.DEFAULT, Map.of()));
        assertEquals(List.of(brands + ": names no brands: the streams app counts mentions per brand"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void anEditedRuleFileTakesEffect() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules: []\n");
        try (StreamsApp app = new StreamsApp(config(), brands, rules, ClassifierSettings.DEFAULT, Map.of())) {
            int before = app.classifier().get().rules().size();
            Files.writeString(rules, "rules:\n  - {id: acme.giveaway, category: PAID, query: 'hashtags:#giveaway'}\n");
            touch(rules, 5);
            app.reloadIfChanged();
            assertEquals(before + 1, app.classifier().get().rules().size());
        }
    }

    /**
     * A rule nested so deep that parsing it overflows the stack throws an Error, not an exception: the
     * reload logs it and the rules in force stay, and a later edit is read (thrown out of the watcher's
     * task, the Error would have cancelled every later reload).
     */
    @Test
    void aRuleThatOverflowsTheParsersStackLeavesTheRulesInForceAndLaterEditsAreRead() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules: []\n");
        try (StreamsApp app = new StreamsApp(config(), brands, rules, ClassifierSettings.DEFAULT, Map.of())) {
            app.settleWith(() -> { });
            int before = app.classifier().get().rules().size();
            Files.writeString(rules, "rules:\n  - {id: deep, category: PAID, query: '" + "(".repeat(200_000) + "x"
                    + ")".repeat(200_000) + "'}\n");
            touch(rules, 5);
            app.reloadIfChanged();
            assertEquals(before, app.classifier().get().rules().size(), "the rules in force stay");
            Files.writeString(rules, "rules:\n  - {id: acme.giveaway, category: PAID, query: 'hashtags:#giveaway'}\n");
            touch(rules, 10);
            app.reloadIfChanged();
            assertEquals(before + 1, app.classifier().get().rules().size(), "a later edit is read");
        }
    }

    @Test
    void aBrokenFileAtStartIsRefusedWithItsProblems() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: '', keywords: [x]}\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new StreamsApp(config(), brands, null, ClassifierSettings.DEFAULT, Map.of()));
        assertEquals(1, e.problems().size());
    }

    @Test
    void theModelOfClassifierModelIsLoadedAndReloadedWhenRetrained() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        Path model = dir.resolve("model.json");
        train(model, "zorblat");
        PipelineConfig config = PipelineConfig.from(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:1",
                "state.dir", dir.resolve("state").toString(), "classifier.model", model.toString())));
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            assertEquals(dev.earshot.model.FeedbackKind.COMPLAINT, complaintOf(app, "lumora zorblat"));
            assertEquals(null, complaintOf(app, "lumora quibbix"));

            train(model, "quibbix");
            touch(model, 5);
            app.reloadIfChanged();
            assertEquals(dev.earshot.model.FeedbackKind.COMPLAINT, complaintOf(app, "lumora quibbix"), "retrained model in force");

            Files.writeString(model, "{ not a model");
            touch(model, 10);
            app.reloadIfChanged();
            assertEquals(dev.earshot.model.FeedbackKind.COMPLAINT, complaintOf(app, "lumora quibbix"), "the broken file is rejected");
        }
    }

    @Test
    void theSentimentModelOfClassifierSentimentModelIsLoadedAndReloadedWhenRetrained() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        Path model = dir.resolve("sentiment.json");
        trainSentiment(model, "zorblat");
        ClassifierSettings settings = ClassifierSettings.from(Settings.of(Map.of("classifier.sentiment.model", model.toString())));
        try (StreamsApp app = new StreamsApp(config(), brands, null, settings, Map.of())) {
            // The rules alone read neither word; the model of classifier.sentiment.model reads "zorblat".
            assertEquals(dev.earshot.model.Sentiment.Label.NEGATIVE, sentimentOf(app, "my lumora phone did the zorblat thing today"));
            var first = app.classifier().get().sentimentModel();

            trainSentiment(model, "quibbix");
            touch(model, 5);
            app.reloadIfChanged();
            assertNotSame(first, app.classifier().get().sentimentModel(), "retrained model in force");
            assertEquals(dev.earshot.model.Sentiment.Label.NEGATIVE, sentimentOf(app, "my lumora phone did the quibbix thing today"));
            var second = app.classifier().get().sentimentModel();

            Files.writeString(model, "{ not a model");
            touch(model, 10);
            app.reloadIfChanged();
            assertSame(second, app.classifier().get().sentimentModel(), "the broken file is rejected");
        }
    }

    /** A sentiment model for which {@code word} marks negative texts and "walk" neutral ones. */
    private static void trainSentiment(Path file, String word) throws Exception {
        java.util.List<java.util.Set<String>> examples = new java.util.ArrayList<>();
        java.util.List<dev.earshot.model.Sentiment.Label> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            examples.add(java.util.Set.of("w:" + word, "w:day" + i % 4));
            labels.add(dev.earshot.model.Sentiment.Label.NEGATIVE);
            examples.add(java.util.Set.of("w:walk", "w:day" + i % 4));
            labels.add(dev.earshot.model.Sentiment.Label.NEUTRAL);
        }
        dev.earshot.classifier.learned.SentimentModel.train(examples, labels, 4.0, 2).write(file);
    }

    private static dev.earshot.model.Sentiment.Label sentimentOf(StreamsApp app, String text) {
        return app.classifier().get().classify(dev.earshot.model.Mention.of("m", "x", Instant.parse("2026-11-20T10:00:00Z"), text))
                .get(0).sentiment().label();
    }

    /** A model for which {@code word} marks complaints, which are a quarter of its examples. */
    private static void train(Path file, String word) throws Exception {
        java.util.List<dev.earshot.classifier.learned.FeedbackTrainer.Example> examples = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            examples.add(new dev.earshot.classifier.learned.FeedbackTrainer.Example(java.util.Set.of(word, "day" + i % 4), "COMPLAINT"));
            for (int other = 0; other < 3; other++) {
                examples.add(new dev.earshot.classifier.learned.FeedbackTrainer.Example(java.util.Set.of("calm" + other, "day" + i % 4), null));
            }
        }
        dev.earshot.classifier.learned.FeedbackTrainer.train(examples,
                dev.earshot.classifier.learned.FeedbackTrainer.Options.DEFAULT).write(file);
    }

    private static dev.earshot.model.FeedbackKind complaintOf(StreamsApp app, String text) {
        return app.classifier().get().classify(dev.earshot.model.Mention.of("m", "x", Instant.parse("2026-11-20T10:00:00Z"), text))
                .get(0).feedbackKind();
    }

    @Test
    void theStateOfAKilledRunIsWipedAndThatOfACleanStopKept() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        PipelineConfig config = config();
        Path appDir = dir.resolve("state").resolve(config.applicationId());
        Path mark = appDir.resolve(StreamsApp.CLEAN_STOP);
        Path store = Files.createDirectories(appDir.resolve("1_0").resolve("rocksdb").resolve("brand-windows-1h"));
        Files.writeString(store.resolve("000001.sst"), "x");
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.forgetStateOfAKilledRun();
            assertFalse(Files.exists(appDir.resolve("1_0")), "no clean-stop mark beside the state: the run was killed");
        }
        assertFalse(Files.exists(mark), "an app closed before it started vouches for nothing");

        Files.createDirectories(store);
        Files.writeString(store.resolve("000001.sst"), "x");
        Files.writeString(mark, "");
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.forgetStateOfAKilledRun();
            assertTrue(Files.exists(store.resolve("000001.sst")), "the state of a clean stop is kept");
            assertFalse(Files.exists(mark), "the mark is cleared, so a kill from here on is noticed");
        }
    }

    /**
     * A clean stop more than 12 hours old is not trusted: its state would catch up from its checkpoint,
     * and the classification buffer's changelog drops tombstones a day after compaction, so mentions
     * classified meanwhile could come back. It is wiped and restored from the changelogs.
     */
    @Test
    void theStateOfACleanStopOlderThanTwelveHoursIsWiped() throws Exception {
        Path brands = Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
        PipelineConfig config = config();
        Path appDir = dir.resolve("state").resolve(config.applicationId());
        Path store = Files.createDirectories(appDir.resolve("0_0").resolve("rocksdb").resolve(BatchClassifier.STORE));
        Files.writeString(store.resolve("000001.sst"), "x");
        Path mark = Files.writeString(appDir.resolve(StreamsApp.CLEAN_STOP), "");
        Files.setLastModifiedTime(mark, java.nio.file.attribute.FileTime.from(Instant.now().minus(java.time.Duration.ofHours(13))));
        try (StreamsApp app = new StreamsApp(config, brands, null, ClassifierSettings.DEFAULT, Map.of())) {
            app.forgetStateOfAKilledRun();
            assertFalse(Files.exists(appDir.resolve("0_0")), "wiped");
        }
        assertEquals(String.valueOf(java.time.Duration.ofDays(1).toMillis()), Pipeline.BUFFER_CHANGELOG_CONFIG.get("delete.retention.ms"),
                "twice the trust in a clean stop");
    }

    @Test
    void onlyTheStopOfARunningHealthyAppThatClosedEveryStoreVouchesForItsState() {
        var running = org.apache.kafka.streams.KafkaStreams.State.RUNNING;
        var stopped = org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING;
        assertTrue(StreamsApp.cleanStop(running, true, stopped, false));
        assertTrue(StreamsApp.cleanStop(org.apache.kafka.streams.KafkaStreams.State.REBALANCING, true, stopped, false));
        assertFalse(StreamsApp.cleanStop(running, false, stopped, false), "the close timed out");
        assertFalse(StreamsApp.cleanStop(running, true, stopped, true), "the app had stopped itself on a failure");
        assertFalse(StreamsApp.cleanStop(running, true, org.apache.kafka.streams.KafkaStreams.State.ERROR, false));
        assertFalse(StreamsApp.cleanStop(org.apache.kafka.streams.KafkaStreams.State.PENDING_ERROR, true, stopped, false));
        assertFalse(StreamsApp.cleanStop(org.apache.kafka.streams.KafkaStreams.State.CREATED, true, stopped, false),
                "never started: the state is still the last run's");
    }

    @Test
    void aStoreThisProcessHoldsOpenIsToldFromOtherFailures() {
        var held = new RuntimeException("Error opening store brand-highlights-1h.1795046400000",
                new Exception("lock hold by current process, acquire time 1796289234 acquiring thread 1: /x/LOCK: No locks available"));
        assertTrue(StreamsApp.heldStoreLock(new RuntimeException("restore failed", held)));
        assertFalse(StreamsApp.heldStoreLock(new RuntimeException("Error opening store",
                new Exception("While lock file: /x/LOCK: Resource temporarily unavailable"))),
                "another process's lock is that process's to release");
        assertFalse(StreamsApp.heldStoreLock(new RuntimeException((String) null)));
    }
}
