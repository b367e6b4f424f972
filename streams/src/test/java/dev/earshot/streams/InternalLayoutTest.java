package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.CopySignature;
import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Mention;
import dev.earshot.model.SuspectReason;
import dev.earshot.model.Tier;
import dev.earshot.model.output.BrandWindow;
import dev.earshot.model.output.Counts;
import dev.earshot.model.output.FeedbackSpike;
import dev.earshot.model.output.Highlights;
import dev.earshot.model.output.SentimentCounts;
import dev.earshot.model.output.Suspects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins the bytes of every internal record's current layout to a file written when that layout was
 * made ({@code src/test/resources/internal-records/}). A store or repartition topic outlives the
 * release that wrote it, so a layout changed under the same version byte makes an upgraded app misread
 * what the old one left, silently; {@link InternalFormatTest} could not see it, as it reads back what
 * the same code wrote. A layout that changes must take a new version byte and a new file here, and
 * the old file must still read.
 *
 * <p>{@code -Dinternal.records.write=true} writes the file of a record that has none (never over one).
 */
class InternalLayoutTest {
    private static final Path FILES = Path.of("src", "test", "resources", "internal-records");

    /**
     * One record type at a version Earshot writes, or one it only reads (then encoded by a test helper):
     * a value with every field set, and its codec; compared by value when read back, or for a type
     * without equals by its bytes written again.
     */
    private record Layout<T>(String name, byte version, T value, Function<T, byte[]> encode, Function<byte[], T> decode,
                             boolean comparedByValue) {
        Path file() {
            return FILES.resolve(name + "-v" + version + ".hex");
        }
    }

    private static final Instant AT = Instant.parse("2026-11-20T10:15:30.123456789Z");
    private static final Mention MENTION = new Mention("bluesky:3kq2", "bluesky", AT, new Mention.Author("@jane", 12_000, true),
            "Grüße 👋 from Lumora\nline two", "https://bsky.app/x", List.of("https://lumora.com/a?utm_medium=social",
            "https://b.example"), "de", new Mention.Engagement(10, 2, 1, Long.MAX_VALUE), true);
    private static final FeedbackSpike.Sample SAMPLE = new FeedbackSpike.Sample("a:1", "@jane", 120_000, "charged twice", "https://x/1");

    private static Map<Category, Counts> byCategory() {
        Map<Category, Counts> m = new EnumMap<>(Category.class);
        m.put(Category.PAID, new Counts(1, 30, 1, 1, 999_000));
        m.put(Category.FEEDBACK, new Counts(2, 10, 4, 5, 1_000));
        return m;
    }

    private static <K, V> Map<K, V> ordered(K k1, V v1, K k2, V v2) {
        Map<K, V> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static List<Layout<?>> layouts() {
        Counts totals = new Counts(3, 40, 5, 6, 1_000_000);
        Suspects suspects = new Suspects(new Counts(2, 1, 0, 0, 10), ordered(SuspectReason.FLOOD, 2L, SuspectReason.LINKS, 1L));
        MinutePartial partial = new MinutePartial(totals, byCategory(), List.of("a:1", "b:2"), new SentimentCounts(1, 1, 1),
                List.of("c:3"), ordered("refund", 2, "#billing", 1), List.of(SAMPLE), List.of(SAMPLE),
                List.of(new MinutePartial.PairFingerprint(CopySignature.of("one two three"), AuthorRates.key("@a"),
                                MinutePartial.PairFingerprint.FEEDBACK | MinutePartial.PairFingerprint.LINKS, new Counts(1, 2, 3, 4, 5),
                                1_763_632_800_123L, "{\"id\":\"a:1\"}".getBytes(StandardCharsets.UTF_8)),
                        new MinutePartial.PairFingerprint(CopySignature.of("four"), 0, 0, new Counts(1, 0, 0, 0, 0))),
                MinutePartial.Marks.NONE).marked(new MinutePartial.Marks(1, 1, suspects, 1, 0, 1, 0, 0, 2, 3));
        CopyClusters clusters = CopyClusters.empty();
        short[] signature = CopySignature.of("the same words every time");
        clusters.add(signature, 0.6);
        clusters.add(signature, 0.6).floods(7, 1);
        clusters.add(signature, 0.6).floods(7, 1);
        AuthorRates rates = AuthorRates.empty();
        rates.post(AuthorRates.key("@bot"));
        rates.post(AuthorRates.key("@bot"));
        rates.post(AuthorRates.key("@jane"));
        return List.of(
                // V1, as releases before V8 buffered mentions: still read from a buffer they left
                new Layout<>("buffered-mention", InternalFormat.V1, new InternalFormat.Buffered(MENTION, null),
                        b -> InternalFormatTest.bufferedBeforeV8(b.mention()), InternalFormat::buffered, true),
                new Layout<>("buffered-mention", InternalFormat.V8, new InternalFormat.Buffered(MENTION,
                        new SourcePosition("mentions.raw", 2, 1_234_567L)), b -> InternalFormat.buffered(b.mention(), b.source()),
                        InternalFormat::buffered, true),
                new Layout<>("classified-pair", InternalFormat.V1, new ClassifiedMention(MENTION, new Classification("lumora",
                        Category.FEEDBACK, EnumSet.of(Category.FEEDBACK, Category.INFLUENCER), FeedbackKind.COMPLAINT, Tier.values()[0],
                        List.of("complaint-words", "paid-hashtag"))), InternalFormat::classified, InternalFormat::classified, true),
                new Layout<>("minute-partial", InternalFormat.V7, partial, InternalFormat::minutePartial,
                        InternalFormat::minutePartial, true),
                new Layout<>("brand-window", InternalFormat.V6, new BrandWindow("lumora", Instant.parse("2026-11-20T10:00:00Z"),
                        Instant.parse("2026-11-20T11:00:00Z"), totals, byCategory(), new SentimentCounts(2, 0, 1), 2, suspects),
                        InternalFormat::brandWindow, InternalFormat::brandWindow, true),
                new Layout<>("highlights", InternalFormat.V2, new BrandHighlights(ordered("@jane",
                        new Highlights.AuthorActivity("@jane", 12_000, 3, 40), "@bo", new Highlights.AuthorActivity("@bo", 7, 1, 0)),
                        ordered("https://lumora.com/a", 4L, "https://b.example", 1L), 9, ordered("battery", 5L, "#drain", 2L)),
                        InternalFormat::highlights, InternalFormat::highlights, true),
                new Layout<>("held-partial", InternalFormat.V1, new SpikeProcessor.HeldPartial("lumora", AT.toEpochMilli(), 754_321L, partial),
                        InternalFormat::heldPartial, InternalFormat::heldPartial, true),
                new Layout<>("spike-state", InternalFormat.V1, new SpikeDetector.State(Instant.parse("2026-11-20T10:00:00Z"), 12,
                        List.of("a:1", "b:2"), 3.5, 1.25, 7, Instant.parse("2026-11-20T09:45:00Z"), Instant.parse("2026-11-20T09:50:00.5Z"),
                        Instant.parse("2026-11-20T10:07:00Z"), ordered("refund", 9L, "charged", 4L), ordered("delivery", 2.5, "refund", 0.125),
                        List.of(SAMPLE), new SpikeDetector.Incident(Instant.parse("2026-11-20T09:45:00Z"), 3.5, 11.2), 5, 2,
                        new SpikeDetector.Pending(29_374_567L, 3, 1)), InternalFormat::spikeState, InternalFormat::spikeState, true),
                new Layout<>("copy-clusters", InternalFormat.V2, clusters, InternalFormat::copyClusters, InternalFormat::copyClusters,
                        false),
                new Layout<>("author-rates", InternalFormat.V1, rates, InternalFormat::authorRates, InternalFormat::authorRates, false));
    }

    @TestFactory
    List<DynamicTest> eachLayoutIsTheOneItsVersionWasWrittenIn() {
        return layouts().stream().map(layout -> DynamicTest.dynamicTest(layout.name() + " v" + layout.version(),
                () -> check(layout))).toList();
    }

    private static <T> void check(Layout<T> layout) throws IOException {
        byte[] now = layout.encode().apply(layout.value());
        assertEquals(layout.version(), now[0], layout.name() + ": the version this test pins is not the one written; "
                + "pin the new one here with a file of its own, and keep the old file's test");
        if (!Files.exists(layout.file()) && Boolean.getBoolean("internal.records.write")) {
            Files.createDirectories(FILES);
            Files.writeString(layout.file(), HexFormat.of().formatHex(now) + "\n");
        }
        assertTrue(Files.exists(layout.file()), layout.file() + " is missing: a new layout writes it once with "
                + "-Dinternal.records.write=true");
        byte[] pinned = HexFormat.of().parseHex(Files.readString(layout.file()).strip());
        assertArrayEquals(pinned, now, layout.name() + " v" + layout.version() + " is written differently from when it was "
                + "made: an upgraded app would misread what an earlier one stored. Give the new layout a new version byte, "
                + "keep reading this one, and pin both here");
        T read = layout.decode().apply(pinned);
        if (layout.comparedByValue()) {
            assertEquals(layout.value(), read, layout.name() + ": the pinned bytes no longer read as the value they were written from");
        } else { // no equals of its own: read and written again, the same bytes
            assertArrayEquals(pinned, layout.encode().apply(read), layout.name() + ": read and written again, the pinned bytes change");
        }
    }
}
