package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.classifier.CopySignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyClustersTest {
    private static final double SIMILARITY = CopySettings.DEFAULT.similarity();

    /** A post of a copy-paste campaign: one text, with the handles, links, marks and case each account adds. */
    static String campaignPost(int i) {
        String[] openings = {"", "RT @promo_" + (i % 200) + ": ", "via @deals ", "@friend" + i + " "};
        String[] words = {"now", "today", "here"};
        String text = "Just switched to the Lumora X2 and the battery lasts two full days, best phone I have owned. Get yours "
                + words[i % words.length] + " https://lumora.example/x2?utm_source=acct" + (i % 200) + " #LumoraX2";
        text = openings[i % openings.length] + text + (i % 5 == 0 ? " 🔥🔥" : "");
        return i % 7 == 0 ? text.toUpperCase(java.util.Locale.ROOT) : text;
    }

    /** A post in someone's own words: twelve words drawn from the vocabulary of posts about one brand. */
    static String ownWords(Random random) {
        String[] vocabulary = ("lumora x2 battery phone camera screen love hate broke charger store support price deal "
                + "upgrade switched days hours bought returned friend sister weekend update app slow fast bright night photo "
                + "video case glass cracked warranty refund shipping arrived late early finally again never always really "
                + "pretty quite so much better worse best worst than my your the a is was it this that with for and but")
                .split(" ");
        StringBuilder post = new StringBuilder();
        for (int w = 0; w < 12; w++) {
            post.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
        }
        return post.toString().strip();
    }

    @Test
    void aCampaignIsOneClusterAndPostsInOwnWordsAreOriginals() {
        CopyClusters clusters = CopyClusters.empty();
        Random random = new Random(7);
        int campaignAmplified = 0;
        int ownAmplified = 0;
        for (int i = 0; i < 3_000; i++) {
            boolean campaign = i % 3 == 0;
            String text = campaign ? campaignPost(i / 3) : ownWords(random);
            boolean copy = clusters.add(CopySignature.of(text), SIMILARITY) != null;
            if (campaign && copy) {
                campaignAmplified++;
            } else if (!campaign && copy) {
                ownAmplified++;
            }
        }
        assertEquals(999, campaignAmplified, "every campaign post after the first copies it");
        assertEquals(0, ownAmplified, "posts in their own words copy nothing");
        assertEquals(1 + 2_000, clusters.clusters().size());
        assertEquals(1_000, clusters.clusters().get(0).members);
    }

    @Test
    void theMostRecentlyJoinedClustersAreKeptAndTheirCopiesStillRecognised() {
        CopyClusters clusters = CopyClusters.empty();
        Random random = new Random(11);
        assertNull(clusters.add(CopySignature.of(campaignPost(0)), SIMILARITY));
        List<String> own = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            String text = ownWords(random);
            own.add(text);
            clusters.add(CopySignature.of(text), SIMILARITY);
            if (i % 100 == 0) { // the campaign goes on between them
                assertNotNull(clusters.add(CopySignature.of(campaignPost(i)), SIMILARITY));
            }
        }
        clusters.trim(500);
        CopyClusters stored = InternalFormat.copyClusters(InternalFormat.copyClusters(clusters));
        assertEquals(500, stored.clusters().size());
        assertEquals(7, stored.clusters().get(0).members, "the campaign, joined last after the 600th post, is kept, first as it started first");
        assertEquals(clusters.mentions(), stored.mentions());
        assertNotNull(stored.add(CopySignature.of(campaignPost(601)), SIMILARITY));
        assertNotNull(stored.add(CopySignature.of(own.get(599)), SIMILARITY), "a recent post's copy is recognised");
        assertNull(stored.add(CopySignature.of(own.get(0)), SIMILARITY), "the oldest ones were let go");
    }

    @Test
    void theTrimKeepsWhatWasJustStartedWhateverItsEventTime() {
        // Recency counts mentions as processed: a backfill's clusters, started after 500 live ones, are
        // the ones kept, and its later copies found.
        CopyClusters clusters = CopyClusters.empty();
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            clusters.add(CopySignature.of(ownWords(random)), SIMILARITY);
        }
        assertNull(clusters.add(CopySignature.of(campaignPost(0)), SIMILARITY));
        clusters.trim(500);
        CopyClusters stored = InternalFormat.copyClusters(InternalFormat.copyClusters(clusters));
        assertNotNull(stored.add(CopySignature.of(campaignPost(1)), SIMILARITY));
    }

    @Test
    void aWordingCopiedPastTheLimitInAMinuteFloodsForAnHourAndHandsBackItsEarlierCopies() {
        CopyClusters.Cluster cluster = new CopyClusters.Cluster(CopySignature.of("fix it now"), 0, 1, 0, Integer.MIN_VALUE, 0,
                Integer.MIN_VALUE, CopyClusters.Leak.NONE, 0, 0);
        MinutePartial.PairFingerprint complaint = new MinutePartial.PairFingerprint(CopySignature.of("fix it now"), 7,
                MinutePartial.PairFingerprint.FEEDBACK, new dev.earshot.model.output.Counts(1, 2, 0, 0, 10));
        for (int i = 0; i < 30; i++) { // late in minute 10: 30 copies, under a limit of 40
            assertFalse(cluster.floods(10, 40));
            cluster.leaked(10, complaint);
        }
        for (int i = 0; i < 40; i++) { // minute 11: up to the limit, still no flood
            assertFalse(cluster.floods(11, 40));
            cluster.leaked(11, complaint);
        }
        assertTrue(cluster.floods(11, 40), "the 41st copy of a minute floods");
        assertTrue(cluster.isLatest(11));
        CopyClusters.Leak leak = cluster.takeLeak();
        assertEquals(new dev.earshot.model.output.Counts(40, 80, 0, 0, 400), leak.counts(), "the minute's copies before it");
        assertEquals(40, leak.feedback());
        assertArrayEquals(new int[] {30, 0}, cluster.takeBefore(), "and the FEEDBACK copies of the minute before");
        assertEquals(CopyClusters.Leak.NONE, cluster.takeLeak(), "handed back once");
        assertTrue(cluster.floods(12, 40), "a flood's later copies are suspect, however few");
        assertTrue(cluster.floods(10 + CopyClusters.FLOOD_MINUTES, 40), "for an hour");
        assertFalse(cluster.floods(11 + CopyClusters.FLOOD_MINUTES, 40), "not after it");
        assertTrue(cluster.floods(30, 40), "a late copy of a flooding minute is judged by it");
        assertFalse(cluster.isLatest(30), "but is not of the latest minute, whose copies it must not take");
    }
}
