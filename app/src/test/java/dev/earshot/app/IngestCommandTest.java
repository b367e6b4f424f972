package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors of the ingest commands are told at once with exit 2, before Kafka is asked: here no
 * broker listens at the address given, and asking it would end in exit 1 after its timeout.
 */
class IngestCommandTest {
    @TempDir
    Path dir;

    private static final String NO_KAFKA = "127.0.0.1:1";

    private record Run(int status, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int status = Earshot.commandLine().setErr(new PrintWriter(err)).execute(args);
        return new Run(status, err.toString());
    }

    private Path brands() throws Exception {
        return Files.writeString(dir.resolve("brands.yaml"), "brands:\n  - {id: lumora, keywords: [lumora]}\n");
    }

    @Test
    void aLiveFeedsOptionsAreCheckedFirstAndItPollsAtMostOnceASecond() throws Exception {
        Run hn = run("ingest", "hackernews", "--brands", brands().toString(), "--interval", "0", "--bootstrap-servers", NO_KAFKA);
        assertEquals(2, hn.status(), hn.err());
        assertTrue(hn.err().contains("--interval is at least 1 second"), hn.err());
        Run mastodon = run("ingest", "mastodon", "--instance", "https://social.example", "--brands", brands().toString(),
                "--interval", "-3", "--bootstrap-servers", NO_KAFKA);
        assertEquals(2, mastodon.status(), mastodon.err());
        Run lookback = run("ingest", "mastodon", "--instance", "https://social.example", "--hashtag", "lumora", "--brands",
                brands().toString(), "--lookback", "-1", "--bootstrap-servers", NO_KAFKA);
        assertEquals(2, lookback.status(), lookback.err());
        assertTrue(lookback.err().contains("--lookback is from 0 to 1440 minutes, not -1"), lookback.err());
        Run profiles = run("ingest", "bluesky", "--brands", brands().toString(), "--profile-api", "public.api.bsky.app",
                "--bootstrap-servers", NO_KAFKA);
        assertEquals(2, profiles.status(), profiles.err());
        assertTrue(profiles.err().contains("--profile-api is an http(s) URL or none, not public.api.bsky.app"), profiles.err());
    }

    @Test
    void aFileReplaysOptionsAndFileAreCheckedFirst() throws Exception {
        Path file = Files.writeString(dir.resolve("m.jsonl"), "");
        Run progress = run("ingest", "file", "--input", file.toString(), "--progress", "baar", "--bootstrap-servers", NO_KAFKA);
        assertEquals(2, progress.status(), progress.err());
        assertTrue(progress.err().contains("--progress is auto, bar, lines or none, not baar"), progress.err());
        assertEquals(2, run("ingest", "file", "--input", file.toString(), "--rate", "-1", "--bootstrap-servers", NO_KAFKA).status());
        Run missing = run("ingest", "file", "--input", dir.resolve("nowhere.jsonl").toString(), "--bootstrap-servers", NO_KAFKA);
        assertEquals(2, missing.status(), missing.err());
        assertTrue(missing.err().contains("no file to read at"), missing.err());
    }

    @Test
    void theGeneratorNeedsEventTimeToMove() throws Exception {
        Run zero = run("ingest", "generate", "--brands", brands().toString(), "--events-per-second", "0",
                "--output", dir.resolve("out.jsonl").toString());
        assertEquals(2, zero.status(), zero.err());
        assertTrue(zero.err().contains("--events-per-second is above 0"), zero.err());
    }

    @Test
    void aWebhookWithNoWayToAuthenticateSendersIsAUsageError() {
        Assumption.noWebhookCredentialsInTheEnvironment();
        Run http = run("ingest", "http", "--bootstrap-servers", NO_KAFKA);
        assertEquals(2, http.status(), http.err());
        assertTrue(http.err().contains("signing secret"), http.err());
    }

    private static final class Assumption {
        static void noWebhookCredentialsInTheEnvironment() {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("EARSHOT_WEBHOOK_SECRET") == null
                    && System.getenv("EARSHOT_WEBHOOK_TOKEN") == null, "the environment holds webhook credentials");
        }
    }
}
