package dev.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassifiedMentionCodecTest {
    private final MentionCodec mentions = MentionCodec.strict();
    private final ClassifiedMentionCodec codec = new ClassifiedMentionCodec(mentions);
    private final Mention mention = Mention.of("x:1", "x", Instant.parse("2026-11-20T10:00:00Z"), "my phone broke");

    @Test
    void roundTripsAClassification() throws Exception {
        ClassifiedMention c = new ClassifiedMention(mention, new Classification("lumora", Category.FEEDBACK,
                Set.of(Category.INFLUENCER, Category.FEEDBACK), FeedbackKind.COMPLAINT, Tier.MICRO,
                List.of("feedback.complaint.broken", "influencer.reach")));
        assertEquals(c, codec.decode(codec.encode(c)));
    }

    @Test
    void writesTagsInPrecedenceOrderAndNullsExplicitly() {
        ClassifiedMention c = new ClassifiedMention(mention, new Classification(null, Category.OTHER,
                Set.of(), null, null, List.of()));
        String json = new String(codec.encode(c), StandardCharsets.UTF_8);
        assertTrue(json.endsWith("\"brand\":null,\"category\":\"OTHER\",\"tags\":[],\"feedbackKind\":null,"
                + "\"tier\":null,\"rules\":[],\"sentiment\":null,\"language\":null}"), json);
        ClassifiedMention two = new ClassifiedMention(mention, new Classification("b", Category.PAID,
                Set.of(Category.ORGANIC_SHARE, Category.PAID), null, null, List.of()));
        assertTrue(new String(codec.encode(two), StandardCharsets.UTF_8).contains("\"tags\":[\"PAID\",\"ORGANIC_SHARE\"]"));
    }

    /** A mention the codec takes, close to its size limit, makes a pair a little over it: Earshot's reader takes that pair. */
    @Test
    void aPairOfAMentionAtTheSizeLimitIsRead() throws Exception {
        List<String> links = new java.util.ArrayList<>();
        for (int i = 0; i < 78; i++) {
            links.add("https://x.example/" + i + "/" + "p".repeat(7_900));
        }
        Mention base = new Mention("x:big", "x", Instant.parse("2026-11-20T10:00:00Z"), Mention.Author.UNKNOWN,
                "€".repeat(120_000), "", links, "en", Mention.Engagement.NONE, false);
        // Padded with one-byte characters to 100 bytes under the limit.
        int pad = mentions.limits().maxDocumentBytes() - 100 - mentions.encode(base).length;
        assertTrue(pad >= 0 && 120_000 + pad <= mentions.limits().maxTextChars(), "pad " + pad);
        Mention big = new Mention(base.id(), base.platform(), base.createdAt(), base.author(), base.text() + "a".repeat(pad),
                "", links, "en", Mention.Engagement.NONE, false);
        byte[] alone = mentions.encode(big);
        assertTrue(alone.length <= mentions.limits().maxDocumentBytes(), alone.length + " bytes");
        assertEquals(big, mentions.decode(alone));
        ClassifiedMention pair = new ClassifiedMention(big, new Classification("lumora", Category.FEEDBACK,
                Set.of(Category.FEEDBACK), FeedbackKind.COMPLAINT, null,
                List.of("feedback.complaint.broken", "feedback.complaint.waiting", "feedback.addressed", "feedback.question.how")));
        byte[] encoded = codec.encode(pair);
        assertTrue(encoded.length > mentions.limits().maxDocumentBytes(), "the pair is over a mention's limit: " + encoded.length);
        assertEquals(pair, codec.decode(encoded));
    }

    @Test
    void aClassifiedRecordIsStillAValidMention() throws Exception {
        ClassifiedMention c = new ClassifiedMention(mention, new Classification("b", Category.PAID,
                Set.of(Category.PAID), null, null, List.of("paid.hashtag")));
        assertEquals(mention, mentions.decode(codec.encode(c)));
    }

    @Test
    void marksAddedToAnEncodedPairAreTheBytesOfEncodingThePairWithThem() throws Exception {
        Classification c = new Classification("lumora", Category.FEEDBACK, Set.of(Category.FEEDBACK), FeedbackKind.COMPLAINT,
                null, List.of("feedback.complaint.broken"));
        ClassifiedMention marked = new ClassifiedMention(mention, c, "c0123456789abcdef",
                Set.of(SuspectReason.FLOOD, SuspectReason.LINKS));
        byte[] added = codec.withMarks(codec.encode(new ClassifiedMention(mention, c)), "c0123456789abcdef",
                Set.of(SuspectReason.FLOOD, SuspectReason.LINKS));
        assertEquals(new String(codec.encode(marked), StandardCharsets.UTF_8), new String(added, StandardCharsets.UTF_8));
        assertTrue(new String(added, StandardCharsets.UTF_8).endsWith(
                ",\"clusterId\":\"c0123456789abcdef\",\"suspect\":[\"LINKS\",\"FLOOD\"]}"));
        assertEquals(marked, codec.decode(added));
        ClassifiedMention original = codec.decode(codec.withMarks(codec.encode(new ClassifiedMention(mention, c)), "c1", Set.of()));
        assertEquals("c1", original.clusterId());
        assertEquals(Set.of(), original.suspect());
        assertThrows(IllegalArgumentException.class, () -> codec.withMarks("[1]".getBytes(StandardCharsets.UTF_8), "c1", Set.of()));
    }

    @Test
    void aPairWithoutMarksHasNoClusterAndAnUnknownSuspectReasonIsAProblem() throws Exception {
        Classification c = new Classification("b", Category.OTHER, Set.of(), null, null, List.of());
        String json = new String(codec.encode(new ClassifiedMention(mention, c)), StandardCharsets.UTF_8);
        assertTrue(!json.contains("clusterId") && !json.contains("suspect"), json);
        assertEquals(null, codec.decode(json.getBytes(StandardCharsets.UTF_8)).clusterId());
        byte[] bot = codec.withMarks(json.getBytes(StandardCharsets.UTF_8), "c2", Set.of(SuspectReason.LINKS));
        String robot = new String(bot, StandardCharsets.UTF_8).replace("\"LINKS\"", "\"ROBOT\"");
        InvalidMentionException e = assertThrows(InvalidMentionException.class,
                () -> codec.decode(robot.getBytes(StandardCharsets.UTF_8)));
        assertEquals("suspect: unknown reason ROBOT", e.getMessage());
        String notAList = new String(bot, StandardCharsets.UTF_8).replace("[\"LINKS\"]", "\"LINKS\"");
        assertEquals("suspect: must be an array of reasons", assertThrows(InvalidMentionException.class,
                () -> codec.decode(notAList.getBytes(StandardCharsets.UTF_8))).getMessage());
        String unmarked = new String(bot, StandardCharsets.UTF_8).replace("\"clusterId\":\"c2\",", "");
        assertEquals("suspect: needs a clusterId", assertThrows(InvalidMentionException.class,
                () -> codec.decode(unmarked.getBytes(StandardCharsets.UTF_8))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClassifiedMention(mention, c, null, Set.of(SuspectReason.LINKS)),
                "reasons without the marking that found them");
    }

    @Test
    void unknownCategoryIsAProblem() {
        String json = new String(codec.encode(new ClassifiedMention(mention, new Classification("b", Category.PAID,
                Set.of(), null, null, List.of()))), StandardCharsets.UTF_8).replace("\"PAID\"", "\"BRIBE\"");
        InvalidMentionException e = assertThrows(InvalidMentionException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("category: unknown value BRIBE", e.getMessage());
    }

    @Test
    void carriesWhatATrainedModelSaidAndRefusesAProbabilityOutOfRange() throws Exception {
        ClassifiedMention c = new ClassifiedMention(mention, new Classification("b", Category.FEEDBACK,
                Set.of(Category.FEEDBACK), FeedbackKind.COMPLAINT, null, List.of(),
                new LearnedEvidence(FeedbackKind.COMPLAINT, 0.8126, 0.9114, List.of("refund", "still waiting", "rule:x"))));
        String json = new String(codec.encode(c), StandardCharsets.UTF_8);
        assertTrue(json.endsWith(",\"learned\":{\"kind\":\"COMPLAINT\",\"probability\":0.813,\"feedback\":0.911,"
                + "\"features\":[\"refund\",\"still waiting\",\"rule:x\"]},\"sentiment\":null,\"language\":null}"), json);
        LearnedEvidence back = codec.decode(json.getBytes(StandardCharsets.UTF_8)).classification().learned();
        assertEquals(new LearnedEvidence(FeedbackKind.COMPLAINT, 0.813, 0.911, List.of("refund", "still waiting", "rule:x")), back);
        // A record written before the feedback probability was given still reads.
        String earlier = json.replace("\"feedback\":0.911,", "");
        assertEquals(new LearnedEvidence(FeedbackKind.COMPLAINT, 0.813, null, List.of("refund", "still waiting", "rule:x")),
                codec.decode(earlier.getBytes(StandardCharsets.UTF_8)).classification().learned());
        String feedbackTooSure = json.replace("0.911", "2.0");
        assertEquals("learned.feedback: a probability in 0..1 where given", assertThrows(InvalidMentionException.class,
                () -> codec.decode(feedbackTooSure.getBytes(StandardCharsets.UTF_8))).getMessage());

        String tooSure = json.replace("0.813", "1.5");
        InvalidMentionException e = assertThrows(InvalidMentionException.class,
                () -> codec.decode(tooSure.getBytes(StandardCharsets.UTF_8)));
        assertEquals("learned: needs a kind and a probability in 0..1", e.getMessage());
    }

    @Test
    void carriesSentimentAndLanguageAndReadsRecordsWrittenBeforeThem() throws Exception {
        ClassifiedMention c = new ClassifiedMention(mention, new Classification("b", Category.FEEDBACK,
                Set.of(Category.FEEDBACK), FeedbackKind.COMPLAINT, null, List.of(), null,
                new Sentiment(Sentiment.Label.NEGATIVE, -0.61849), "en"));
        String json = new String(codec.encode(c), StandardCharsets.UTF_8);
        assertTrue(json.endsWith(",\"sentiment\":{\"label\":\"NEGATIVE\",\"score\":-0.618},\"language\":\"en\"}"), json);
        Classification back = codec.decode(json.getBytes(StandardCharsets.UTF_8)).classification();
        assertEquals(new Sentiment(Sentiment.Label.NEGATIVE, -0.618), back.sentiment());
        assertEquals("en", back.language());

        String older = json.substring(0, json.indexOf(",\"sentiment\"")) + "}";
        Classification old = codec.decode(older.getBytes(StandardCharsets.UTF_8)).classification();
        assertEquals(null, old.sentiment());
        assertEquals(null, old.language());

        String outOfRange = json.replace("-0.618", "-1.5");
        InvalidMentionException e = assertThrows(InvalidMentionException.class,
                () -> codec.decode(outOfRange.getBytes(StandardCharsets.UTF_8)));
        assertEquals("sentiment: needs a label and a score in -1..1", e.getMessage());
    }
}
