package dev.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MentionCodecTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private final MentionCodec codec = new MentionCodec(CodecLimits.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    private static final String FULL = """
            {"id": "bluesky:3kq2", "platform": "bluesky", "createdAt": "2026-11-20T10:15:30Z",
             "author": {"handle": "@jane", "followers": 12000, "verified": true},
             "text": "Loving my new Lumora phone", "url": "https://bsky.app/p/3kq2",
             "links": ["https://lumora.com/x?utm_medium=social"], "lang": "en",
             "engagement": {"likes": 10, "shares": 2, "comments": 1, "views": 300},
             "promoted": true}""";

    @Test
    void decodesEveryFieldOfTheWireFormat() throws Exception {
        Mention m = codec.decode(FULL);
        assertEquals("bluesky:3kq2", m.id());
        assertEquals("bluesky", m.platform());
        assertEquals(Instant.parse("2026-11-20T10:15:30Z"), m.createdAt());
        assertEquals(new Mention.Author("@jane", 12000, true), m.author());
        assertEquals("Loving my new Lumora phone", m.text());
        assertEquals("https://bsky.app/p/3kq2", m.url());
        assertEquals(List.of("https://lumora.com/x?utm_medium=social"), m.links());
        assertEquals("en", m.lang());
        assertEquals(new Mention.Engagement(10, 2, 1, 300), m.engagement());
        assertTrue(m.promoted());
    }

    @Test
    void roundTripsAFullMentionUnchanged() throws Exception {
        Mention m = codec.decode(FULL);
        assertEquals(m, codec.decode(codec.encode(m)));
    }

    @Test
    void optionalFieldsTakeEmptyDefaults() throws Exception {
        Mention m = codec.decode("{\"id\":\"x:1\",\"platform\":\"x\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"\"}");
        assertEquals(Mention.of("x:1", "x", Instant.parse("2026-11-20T10:00:00Z"), ""), m);
        assertEquals(m, codec.decode(codec.encode(m)));
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        Mention m = codec.decode(FULL.replace("\"lang\": \"en\",", "\"lang\": \"en\", \"future\": {\"a\": [1, 2]},"));
        assertEquals("en", m.lang());
    }

    @Test
    void offsetTimestampsAreNormalisedToUtc() throws Exception {
        Mention m = codec.decode(FULL.replace("2026-11-20T10:15:30Z", "2026-11-20T12:15:30+02:00"));
        assertEquals(Instant.parse("2026-11-20T10:15:30Z"), m.createdAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "platform", "createdAt", "text"})
    void eachMissingRequiredFieldIsNamed(String field) {
        String json = FULL.replaceFirst("\"" + field + "\": (\"[^\"]*\")", "\"other_" + field + "\": $1");
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(json));
        assertEquals(List.of(new Problem(field, "required")), e.problems());
    }

    @Test
    void allProblemsAreReportedTogether() {
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(
                "{\"id\":\"\",\"platform\":7,\"createdAt\":\"yesterday\",\"text\":\"t\","
                        + "\"engagement\":{\"likes\":-1,\"shares\":1.5,\"comments\":\"3\"}}"));
        assertEquals(List.of(
                "id: must not be empty",
                "platform: expected a string, got number",
                "createdAt: not an ISO-8601 instant: \"yesterday\"",
                "engagement.likes: must be >= 0, was -1",
                "engagement.shares: expected a whole number, got 1.5",
                "engagement.comments: expected a number, got string"),
                e.problems().stream().map(Problem::toString).collect(Collectors.toList()));
    }

    @Test
    void wrongTypesForNestedPartsAreNamed() {
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                + "\"author\":\"jane\"}", "author: expected an object, got string");
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                + "\"links\":\"https://x\"}", "links: expected an array of strings, got string");
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                + "\"links\":[\"ok\", 3]}", "links[1]: expected a string, got number");
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                + "\"promoted\":\"yes\"}", "promoted: expected true or false, got string");
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":[\"t\"]}",
                "text: expected a string, got array");
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                + "\"author\":{\"followers\":-5}}", "author.followers: must be >= 0, was -5");
    }

    @Test
    void numbersBeyondALongAreRejected() {
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                + "\"engagement\":{\"views\":9223372036854775808}}",
                "engagement.views: out of range: must fit in a 64-bit integer");
    }

    @Test
    void overlongNumberLiteralsAreStoppedByTheParser() {
        String digits = "9".repeat(500);
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(
                "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\","
                        + "\"engagement\":{\"views\":" + digits + "}}"));
        assertEquals("document", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void timestampsFarInTheFutureOrPastAreRejected() {
        assertProblem(FULL.replace("2026-11-20T10:15:30Z", "2999-01-01T00:00:00Z"),
                "createdAt: 2999-01-01T00:00:00Z is more than 24h in the future");
        assertProblem(FULL.replace("2026-11-20T10:15:30Z", "1970-01-01T00:00:00Z"),
                "createdAt: 1970-01-01T00:00:00Z is before 1990-01-01T00:00:00Z");
    }

    @Test
    void duplicateKeysAreRejected() {
        InvalidMentionException e = assertThrows(InvalidMentionException.class,
                () -> codec.decode(FULL.replace("\"lang\": \"en\"", "\"text\": \"other\"")));
        assertTrue(e.getMessage().startsWith("document: malformed JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("Duplicate field 'text'"), e.getMessage());
    }

    /** The streaming pass finds repeated keys itself; every depth and kind of key is checked here. */
    @ParameterizedTest
    @ValueSource(strings = {"\"createdAt\":\"2026-11-20T10:00:00Z\"", "\"links\":[],\"links\":[\"a\"]",
            "\"author\":{\"handle\":\"@a\",\"handle\":\"@b\"}", "\"author\":{\"x\":1,\"y\":2,\"x\":3}",
            "\"engagement\":{\"likes\":1,\"likes\":2}", "\"engagement\":{\"other\":1,\"other\":null}",
            "\"extra\":1,\"more\":[],\"extra\":2", "\"extra\":{\"deep\":{\"a\":1,\"b\":{},\"a\":2}}",
            "\"extra\":[{\"a\":1},{\"a\":1,\"a\":1}]", "\"author\":{\"x\":[{\"k\":1,\"k\":2}]}",
            "\"\\u0069d\":\"b\"", "\"author\":null,\"author\":{\"handle\":\"@a\"}",
            "\"author\":{\"handle\":null,\"handle\":\"@a\"}", "\"extra\":{\"x\":1,\"y\":2,\"z\":3,\"y\":4}"})
    void keysRepeatedAtAnyDepthAreRejected(String fields) {
        String doc = "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\"," + fields + "}";
        assertEquals(null, codec.streamingDecode(doc.getBytes(StandardCharsets.UTF_8)), "the streaming pass finds the repeat");
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(doc));
        assertTrue(e.getMessage().startsWith("document: malformed JSON") && e.getMessage().contains("Duplicate field"),
                e.getMessage());
    }

    /** A key in two objects, or in an object and one inside it, is no repeat: the streaming pass reads these. */
    @ParameterizedTest
    @ValueSource(strings = {"\"extra\":[{\"a\":1},{\"a\":2}]", "\"author\":{\"handle\":\"@h\",\"x\":{\"a\":1},\"y\":{\"a\":1}}",
            "\"extra\":{\"extra\":{\"extra\":1}}", "\"author\":{\"x\":{\"handle\":1,\"x\":2}},\"x\":{\"author\":3}",
            "\"engagement\":{\"likes\":1,\"o\":{\"likes\":2}},\"likes\":3", "\"a\":1,\"b\":2,\"c\":{\"a\":1,\"b\":2,\"c\":3}"})
    void aKeyInTwoObjectsIsNoRepeat(String fields) throws Exception {
        String doc = "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\"," + fields + "}";
        Mention fast = codec.streamingDecode(doc.getBytes(StandardCharsets.UTF_8));
        assertTrue(fast != null, "the streaming pass reads it");
        assertEquals(codec.fromTree(codec.parse(doc.getBytes(StandardCharsets.UTF_8))), fast);
    }

    @Test
    void aRepeatDeepInsideAnUnknownValueIsFound() {
        String deep = "[".repeat(25) + "{\"a\":1,\"a\":2}" + "]".repeat(25);
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(
                "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\",\"extra\":" + deep + "}"));
        assertTrue(e.getMessage().contains("Duplicate field 'a'"), e.getMessage());
    }

    /** However deep the limits let an unknown value go, skipping it takes no deeper a stack. */
    @Test
    void anUnknownValueAsDeepAsTheLimitsAllowIsSkipped() throws Exception {
        CodecLimits d = CodecLimits.DEFAULT;
        MentionCodec lenient = new MentionCodec(new CodecLimits(d.maxDocumentBytes(), 300_000, d.maxStringChars(),
                d.maxNumberDigits(), d.maxTextChars(), d.maxLinks(), d.earliest(), d.maxFutureSkew()),
                Clock.fixed(NOW, ZoneOffset.UTC));
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        Mention m = lenient.decode("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\","
                + "\"extra\":" + deep + ",\"text\":\"t\"}");
        assertEquals("t", m.text());
    }

    @Test
    void malformedAndTruncatedDocumentsSayWhere() {
        InvalidMentionException malformed = assertThrows(InvalidMentionException.class,
                () -> codec.decode("{\"id\": \"a\",, }"));
        assertTrue(malformed.getMessage().startsWith("document: malformed JSON at line 1, column"),
                malformed.getMessage());
        InvalidMentionException truncated = assertThrows(InvalidMentionException.class,
                () -> codec.decode(FULL.substring(0, FULL.length() / 2)));
        assertTrue(truncated.getMessage().startsWith("document: truncated JSON"), truncated.getMessage());
        InvalidMentionException trailing = assertThrows(InvalidMentionException.class,
                () -> codec.decode(FULL + " {}"));
        assertTrue(trailing.getMessage().startsWith("document: malformed JSON"), trailing.getMessage());
    }

    @Test
    void nonObjectsAndEmptyRecordsAreRejected() {
        assertProblem("[1,2]", "document: expected a JSON object, got array");
        assertProblem("\"text\"", "document: expected a JSON object, got string");
        assertProblem("null", "document: expected a JSON object, got null");
        assertProblem("", "document: empty record");
        assertProblem("   ", "document: empty record");
    }

    @Test
    void deeplyNestedDocumentsAreStoppedAtTheDepthLimit() {
        String deep = "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\",\"x\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(deep));
        assertTrue(e.getMessage().startsWith("document: too large"), e.getMessage());
        assertTrue(e.getMessage().contains("32"), e.getMessage());
    }

    @Test
    void oversizedDocumentsAreRejectedBeforeParsing() {
        byte[] huge = ("{\"text\":\"" + "a".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(huge));
        assertEquals("document: " + huge.length + " bytes exceeds the limit of 983040", e.getMessage());
    }

    @Test
    void overlongTextIsNamed() {
        String text = "b".repeat(CodecLimits.DEFAULT.maxTextChars() + 1);
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"" + text + "\"}",
                "text: 131073 characters exceeds the limit of 131072");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] prefix = "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\""
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[prefix.length + 4];
        System.arraycopy(prefix, 0, bad, 0, prefix.length);
        bad[prefix.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
        bad[prefix.length + 1] = (byte) 0x28;
        bad[prefix.length + 2] = '"';
        bad[prefix.length + 3] = '}';
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(bad));
        assertTrue(e.getMessage().startsWith("document: invalid UTF-8"), e.getMessage());
    }

    @Test
    void loneSurrogatesAndNulCharactersAreRejected() {
        assertProblem("{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"x\\ud800y\"}",
                "text: contains an unpaired surrogate at index 1");
        assertProblem("{\"id\":\"a\\u0000b\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"t\"}",
                "id: contains a NUL character at index 1");
        InvalidMentionException raw = assertThrows(InvalidMentionException.class, () -> codec.decode(
                "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00Z\",\"text\":\"a\u0000b\"}"));
        assertTrue(raw.getMessage().startsWith("document: malformed JSON"), raw.getMessage());
    }

    @Test
    void emojiAndNonLatinTextSurviveARoundTrip() throws Exception {
        String text = "Ça marche 👍🏽 — لومورا رائع — ルモーラ最高 — Лумора 🔥 \uD83D\uDE00";
        Mention m = new Mention("x:1", "x", Instant.parse("2026-11-20T10:00:00Z"),
                new Mention.Author("@ñandú", 5, false), text, "", List.of("https://lumora.com/ü"), "ar",
                Mention.Engagement.NONE, false);
        byte[] encoded = codec.encode(m);
        assertTrue(new String(encoded, StandardCharsets.UTF_8).contains("👍🏽"), "emoji written as UTF-8");
        assertEquals(m, codec.decode(encoded));
    }

    /** decode() reads valid records from the token stream; it must agree with the tree path on everything. */
    @Test
    void theStreamingAndTreePathsAgree() {
        String base = "{\"id\":\"a\",\"platform\":\"p\",\"createdAt\":\"2026-11-20T10:00:00+02:00\",\"text\":\"t\"";
        List<String> docs = List.of(FULL, base + "}", base + ",\"author\":null,\"engagement\":null,\"links\":null,\"url\":null}",
                base + ",\"author\":{\"handle\":null,\"followers\":null,\"x\":[1,{\"y\":2}]},\"extra\":{\"deep\":[[1]]}}",
                base + ",\"engagement\":{\"likes\":9223372036854775807,\"views\":0,\"other\":\"x\"}}",
                base + ",\"engagement\":{\"likes\":9223372036854775808}}", base + ",\"engagement\":{\"likes\":1.0}}",
                base + ",\"engagement\":{\"likes\":-1}}", base + ",\"links\":[\"a\",null]}", base + ",\"links\":\"a\"}",
                base + ",\"promoted\":\"true\"}", base + ",\"author\":[]}", base + ",\"text\":\"again\"}", base + "} []",
                base.replace("\"id\":\"a\"", "\"id\":\" \"") + "}", base.replace("\"t\"", "null") + "}",
                base.replace("\"t\"", "\"a\\u0000b\"") + "}", base.replace("2026", "2999") + "}", "[" + base + "}]",
                base + ",\"lang\":\"" + "x".repeat(36) + "\"}", base + ",\"links\":[" + "\"l\",".repeat(256) + "\"l\"]}",
                // A key repeated anywhere, which the streaming pass must find as the parser did for it.
                base + ",\"createdAt\":\"2026-11-20T10:00:00Z\"}", base + ",\"links\":[],\"links\":[\"a\"]}",
                base + ",\"author\":{\"handle\":\"@a\",\"handle\":\"@b\"}}",
                base + ",\"author\":{\"x\":1,\"y\":2,\"x\":3}}", base + ",\"engagement\":{\"likes\":1,\"likes\":2}}",
                base + ",\"engagement\":{\"other\":1,\"other\":null}}", base + ",\"extra\":1,\"more\":[],\"extra\":2}",
                base + ",\"extra\":{\"deep\":{\"a\":1,\"b\":{},\"a\":2}}}", base + ",\"extra\":[{\"a\":1},{\"a\":1,\"a\":1}]}",
                base + ",\"author\":{\"x\":[{\"k\":1,\"k\":2}]}}",
                // Repeated only across objects, which is no repeat.
                base + ",\"extra\":[{\"a\":1},{\"a\":2}],\"author\":{\"x\":{\"a\":1},\"y\":{\"a\":1}}}");
        for (String doc : docs) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            Object viaDecode;
            Object viaTree;
            try {
                viaDecode = codec.decode(bytes);
            } catch (InvalidMentionException e) {
                viaDecode = e.getMessage();
            }
            try {
                viaTree = codec.fromTree(codec.parse(bytes));
            } catch (InvalidMentionException e) {
                viaTree = e.getMessage();
            }
            assertEquals(viaTree, viaDecode, doc);
        }
    }

    private void assertProblem(String json, String expected) {
        InvalidMentionException e = assertThrows(InvalidMentionException.class, () -> codec.decode(json));
        assertEquals(expected, e.getMessage());
    }
}
