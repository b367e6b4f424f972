package dev.earshot.streams;

import dev.earshot.model.output.FeedbackSpike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpikeDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private final SpikeDetector detector = new SpikeDetector(SpikeSettings.DEFAULT);

    /** Feeds {@code perWindow[i]} mentions into window i; returns every alert raised. */
    private List<FeedbackSpike> feed(long... perWindow) {
        SpikeDetector.State state = null;
        List<FeedbackSpike> alerts = new ArrayList<>();
        for (int w = 0; w < perWindow.length; w++) {
            for (int i = 0; i < perWindow[w]; i++) {
                Instant at = T0.plus(Duration.ofMinutes(15L * w)).plusSeconds(i % 800);
                SpikeDetector.Outcome out = detector.observe("lumora", state, "m" + w + "-" + i, at);
                state = out.state();
                out.alert().ifPresent(alerts::add);
            }
        }
        return alerts;
    }

    @Test
    void aSpikeAfterSteadyFeedbackRaisesExactlyOneAlertForItsWindow() {
        List<FeedbackSpike> alerts = feed(5, 6, 4, 5, 6, 5, 60, 5);
        assertEquals(1, alerts.size(), alerts.toString());
        FeedbackSpike alert = alerts.get(0);
        assertEquals(T0.plus(Duration.ofMinutes(90)), alert.windowStart());
        assertEquals(T0.plus(Duration.ofMinutes(105)), alert.windowEnd());
        assertTrue(alert.count() >= 10 && alert.count() < 60, "fires as soon as the threshold is crossed: " + alert.count());
        assertEquals(alert.count(), (long) Math.ceil(alert.threshold()), "at the threshold, not after");
        assertTrue(alert.baseline() > 4 && alert.baseline() < 6.5, "baseline " + alert.baseline());
        assertEquals(List.of("m6-0", "m6-1", "m6-2", "m6-3", "m6-4"), alert.sampleIds());
        // feed sends one mention a second from the window's start: the alert fired in the window's first
        // minute, so at that pace the window heads for 15 times its count.
        double paced = alert.count() * 15.0;
        double x = (paced - alert.baseline()) / (alert.threshold() - alert.baseline());
        assertEquals(Math.min(10, 1 + (int) Math.floor(3 * Math.log(x) / Math.log(2))), alert.severity(), "x = " + x);
    }

    @Test
    void aMinutesPartialCountsWholeAndAlertsWithItsCountAndFirstSamples() {
        SpikeDetector.State state = null;
        for (int w = 0; w < 5; w++) {
            state = detector.observe("lumora", state, 5, List.of("m" + w), T0.plus(Duration.ofMinutes(15L * w))).state();
        }
        Instant spikeAt = T0.plus(Duration.ofMinutes(75));
        SpikeDetector.Outcome first = detector.observe("lumora", state, 4, List.of("a", "b", "c", "d"), spikeAt);
        assertEquals(Optional.empty(), first.alert(), "4 is below the threshold");
        SpikeDetector.Outcome second = detector.observe("lumora", first.state(), 40, List.of("e", "f"),
                spikeAt.plus(Duration.ofMinutes(14)));
        FeedbackSpike alert = second.alert().orElseThrow();
        assertEquals(44, alert.count(), "the partial's pairs all count before the threshold is checked");
        assertEquals(List.of("a", "b", "c", "d", "e"), alert.sampleIds());
        // Baseline 5 with no variance: σ = √5 (the Poisson floor), threshold 5 + 3√5 = 11.71. The 44
        // were all there in the window's last minute, so its pace adds nothing: 39 past the baseline
        // where 6.71 were needed, 5.81 times: 1 + floor(3 · log2 5.81) = 8.
        assertEquals(11.71, alert.threshold(), 0.01);
        assertEquals(8, alert.severity());
        // The same 44 in the window's second minute head for 44 · 15/2 = 330: 48 times, graded 10.
        FeedbackSpike early = detector.observe("lumora", first.state(), 40, List.of("e"), spikeAt.plusSeconds(60)).alert()
                .orElseThrow();
        assertEquals(10, early.severity());
        // Out of order: the window's 12th minute counted first, then the partial of its 2nd that
        // crosses. The pace runs to the 12th: 44 · 15/13 = 50.8, 6.8 times the needed excess, 9.
        SpikeDetector.State late12 = detector.observe("lumora", state, 4, List.of("a"), spikeAt.plus(Duration.ofMinutes(12)))
                .state();
        FeedbackSpike outOfOrder = detector.observe("lumora", late12, 40, List.of("e"), spikeAt.plusSeconds(60)).alert()
                .orElseThrow();
        assertEquals(9, outOfOrder.severity());
        assertTrue(detector.observe("lumora", second.state(), 3, List.of("z"), T0.plus(Duration.ofMinutes(60))).late(),
                "a partial of a closed window is late as a whole");
    }

    @Test
    void aSpikeWindowMustBeWholeMinutes() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SpikeSettings(Duration.ofSeconds(90), 0.3, 3, 10, 4, Duration.ofHours(1)));
        assertTrue(e.getMessage().contains("whole number of minutes"), e.getMessage());
        var tooShort = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SpikeSettings(Duration.ofMinutes(2), 0.3, 3, 10, 4, Duration.ofHours(1)));
        assertTrue(tooShort.getMessage().contains("at least 3 minutes"), tooShort.getMessage());
        new SpikeSettings(Duration.ofMinutes(3), 0.3, 3, 10, 4, Duration.ofHours(1));
    }

    @Test
    void steadyFeedbackNeverAlerts() {
        assertEquals(List.of(), feed(20, 22, 19, 21, 20, 23, 18, 22, 21, 20));
    }

    @Test
    void noAlertDuringWarmup() {
        assertEquals(List.of(), feed(1, 200));
        assertEquals(List.of(), feed(1, 1, 1, 200), "three closed windows are not enough");
        assertEquals(1, feed(1, 1, 1, 1, 200).size(), "four are");
    }

    @Test
    void smallCountsNeverAlertWhateverTheBaseline() {
        // A brand's history starts with its first feedback; the empty windows after it count as zero.
        assertEquals(List.of(), feed(1, 0, 0, 0, 0, 9), "below minCount");
        assertEquals(1, feed(1, 0, 0, 0, 0, 10).size());
    }

    @Test
    void theCooldownSilencesTheNextWindows() {
        List<FeedbackSpike> alerts = feed(2, 2, 2, 2, 2, 50, 50, 50, 50, 50, 2, 2, 2, 2, 2, 2, 2, 2, 200);
        assertEquals(T0.plus(Duration.ofMinutes(75)), alerts.get(0).windowStart());
        assertTrue(alerts.stream().skip(1).allMatch(a -> !a.windowStart().isBefore(T0.plus(Duration.ofMinutes(135)))),
                "nothing within an hour of the first: " + alerts);
    }

    @Test
    void emptyWindowsInAGapLowerTheBaseline() {
        // Busy, then a long silence: the baseline decays, so a modest burst later alerts.
        long[] counts = new long[30];
        java.util.Arrays.fill(counts, 0, 6, 40);
        counts[29] = 30;
        List<FeedbackSpike> alerts = feed(counts);
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(T0.plus(Duration.ofMinutes(15L * 29)), alerts.get(0).windowStart());
    }

    @Test
    void mentionsOfClosedWindowsAreLate() {
        SpikeDetector.Outcome first = detector.observe("b", null, "a", T0.plus(Duration.ofMinutes(20)));
        SpikeDetector.Outcome late = detector.observe("b", first.state(), "b", T0.plus(Duration.ofMinutes(5)));
        assertTrue(late.late());
        assertEquals(first.state(), late.state());
        assertEquals(Optional.empty(), late.alert());
    }

    /** A minute's theme terms, each used by {@code n} of its mentions. */
    private static java.util.Map<String, Integer> terms(int n, String... words) {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String w : words) {
            out.put(w, n);
        }
        return out;
    }

    @Test
    void anAlertNamesTheTermsThatRoseAgainstTheBaselineNotThoseThatOnlyGrewWithTheVolume() {
        SpikeDetector.State state = null;
        for (int w = 0; w < 6; w++) {
            // Usual feedback: delivery and app talk, "order" in all of it.
            java.util.Map<String, Integer> usual = terms(2, "delivery", "app");
            usual.put("order", 5);
            state = detector.observe("lumora", state, 5, List.of("m" + w), usual, List.of(), T0.plus(Duration.ofMinutes(15L * w)),
                    FeedbackSpike.Signal.FEEDBACK).state();
        }
        assertTrue(state.termBaseline().get("order") > 4.5 && state.termBaseline().get("delivery") < 2.5,
                "means of earlier windows: " + state.termBaseline());
        java.util.Map<String, Integer> spike = terms(30, "refund", "charged");
        spike.put("order", 40); // in every complaint too, but eight times its usual count
        spike.put("twice", 1); // once is no theme
        spike.put("delivery", 4);
        SpikeDetector.Outcome out = detector.observe("lumora", state, 40, List.of("s1", "s2"), spike,
                List.of(), T0.plus(Duration.ofMinutes(90)), FeedbackSpike.Signal.FEEDBACK);
        FeedbackSpike alert = out.alert().orElseThrow();
        assertEquals(List.of("charged", "refund"), alert.risingTerms(),
                "the new terms (equal scores, by term); not \"order\", in every mention before and now, nor"
                        + " \"delivery\", which grew less than the volume, nor the one-off");
        assertEquals(List.of("charged", "refund", "order"),
                SpikeDetector.rising(out.state().terms(), out.state().termBaseline(), 1.0, 3),
                "at the usual volume, the common word's rise would count");
        // The window's terms join the baseline when it closes; the next window starts counting afresh.
        SpikeDetector.State next = detector.observe("lumora", out.state(), 1, List.of("n1"), terms(1, "refund"),
                List.of(), T0.plus(Duration.ofMinutes(105)), FeedbackSpike.Signal.FEEDBACK).state();
        assertEquals(java.util.Map.of("refund", 1L), next.terms());
        assertEquals(SpikeSettings.DEFAULT.alpha() * 30, next.termBaseline().get("refund"), 1e-9);
    }

    @Test
    void aTermArrivingAFewAtATimeGetsInWhenTheWindowsTermsAreFull() {
        java.util.Map<String, Integer> usual = new java.util.LinkedHashMap<>();
        for (int i = 0; i < SpikeDetector.WINDOW_TERMS; i++) {
            usual.put("t" + i, 3);
        }
        SpikeDetector.State state = detector.observe("lumora", null, 5, List.of(), usual, List.of(), T0,
                FeedbackSpike.Signal.FEEDBACK).state();
        for (int minute = 1; minute <= 5; minute++) {
            state = detector.observe("lumora", state, 1, List.of(), terms(1, "recall"), List.of(), T0.plusSeconds(60L * minute),
                    FeedbackSpike.Signal.FEEDBACK).state();
        }
        assertEquals(SpikeDetector.WINDOW_TERMS, state.terms().size());
        assertEquals(3 + 5, state.terms().get("recall"), "its five and the three of the term it displaced first");
    }

    @Test
    void aStateFromBeforeTermsTakesItsFirstWindowsTermsAsTheirMeans() {
        SpikeDetector.State old = new SpikeDetector.State(T0, 5, List.of(), 5, 1, 10, null, null, null, java.util.Map.of(),
                SpikeDetector.TERMS_NOT_YET_FOLLOWED, List.of(), null);
        SpikeDetector.State counted = detector.observe("lumora", old, 5, List.of(), terms(5, "order"), List.of(),
                T0.plusSeconds(60), FeedbackSpike.Signal.FEEDBACK).state();
        SpikeDetector.State closed = detector.observe("lumora", counted, 1, List.of(), java.util.Map.of(), List.of(),
                T0.plus(Duration.ofMinutes(15)), FeedbackSpike.Signal.FEEDBACK).state();
        assertEquals(5.0, closed.termBaseline().get("order"), 1e-9, "not a third of it, as if it had been zero before");
        // Restored after its window closed: the next partial closes the old window first, which has no terms.
        SpikeDetector.State later = detector.observe("lumora", old, 5, List.of(), terms(5, "order"), List.of(),
                T0.plus(Duration.ofMinutes(30)), FeedbackSpike.Signal.FEEDBACK).state();
        SpikeDetector.State laterClosed = detector.observe("lumora", later, 1, List.of(), java.util.Map.of(), List.of(),
                T0.plus(Duration.ofMinutes(45)), FeedbackSpike.Signal.FEEDBACK).state();
        assertEquals(5.0, laterClosed.termBaseline().get("order"), 1e-9, "the mark kept through a window without terms");
    }

    /** Means all decayed away in a quiet spell are not a state from before terms: the next window counts at the usual weight. */
    @Test
    void afterAQuietSpellATermsMeanStartsAtTheUsualWeight() {
        SpikeDetector.State state = null;
        for (int w = 0; w <= 4; w++) {
            state = detector.observe("lumora", state, 5, List.of(), terms(5, "order"), List.of(),
                    T0.plus(Duration.ofMinutes(15L * w + 1)), FeedbackSpike.Signal.FEEDBACK).state();
        }
        state = detector.observe("lumora", state, 5, List.of(), terms(5, "refund"), List.of(),
                T0.plus(Duration.ofMinutes(15L * 30 + 1)), FeedbackSpike.Signal.FEEDBACK).state();
        assertTrue(state.termBaseline().isEmpty(), "25 empty windows took every mean away: " + state.termBaseline());
        state = detector.observe("lumora", state, 1, List.of(), java.util.Map.of(), List.of(),
                T0.plus(Duration.ofMinutes(15L * 31 + 1)), FeedbackSpike.Signal.FEEDBACK).state();
        assertEquals(SpikeSettings.DEFAULT.alpha() * 5, state.termBaseline().get("refund"), 1e-9);
    }

    @Test
    void termsOfAWindowStayBoundedToTheMostUsed() {
        java.util.Map<String, Integer> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < SpikeDetector.WINDOW_TERMS + 50; i++) {
            many.put("t" + i, i < 10 ? 100 : 1);
        }
        SpikeDetector.State state = detector.observe("lumora", null, 5, List.of(), many, List.of(), T0,
                FeedbackSpike.Signal.FEEDBACK).state();
        assertEquals(SpikeDetector.WINDOW_TERMS, state.terms().size());
        for (int i = 0; i < 10; i++) {
            assertEquals(100L, state.terms().get("t" + i));
        }
    }

    private static FeedbackSpike.Sample sample(String id, long followers) {
        return new FeedbackSpike.Sample(id, "@" + id, followers, "text of " + id, "");
    }

    @Test
    void anAlertShowsTheLoudestMentionsOfItsWindowTheEarlierFirstAmongEquals() {
        SpikeDetector.State state = null;
        for (int w = 0; w < 5; w++) {
            state = detector.observe("lumora", state, 5, List.of("m" + w), java.util.Map.of(), List.of(sample("m" + w, 1_000_000)),
                    T0.plus(Duration.ofMinutes(15L * w)), FeedbackSpike.Signal.FEEDBACK).state();
        }
        Instant spikeAt = T0.plus(Duration.ofMinutes(75));
        SpikeDetector.Outcome first = detector.observe("lumora", state, 4, List.of("a", "b", "c", "d"), java.util.Map.of(),
                List.of(sample("a", 50), sample("b", 9_000), sample("c", 50), sample("d", 10)), spikeAt, FeedbackSpike.Signal.FEEDBACK);
        assertEquals(List.of(), first.state().topSamples().stream().filter(s -> s.id().startsWith("m")).toList(),
                "a closed window's samples are gone");
        SpikeDetector.Outcome second = detector.observe("lumora", first.state(), 40, List.of("e", "f"), java.util.Map.of(),
                List.of(sample("e", 50), sample("f", 120_000)), spikeAt.plusSeconds(60), FeedbackSpike.Signal.FEEDBACK);
        FeedbackSpike alert = second.alert().orElseThrow();
        assertEquals(List.of("f", "b", "a", "c", "e"), alert.topSamples().stream().map(FeedbackSpike.Sample::id).toList());
        assertEquals("@f", alert.topSamples().get(0).author());
    }

    /** The state {@link #records} left. */
    private SpikeDetector.State lastState;

    /**
     * Every record raised by {@code perWindow[w]} mentions at once in window w (none at all for 0),
     * lifecycle records and alerts in the order the detector raised them.
     */
    private List<FeedbackSpike> records(long... perWindow) {
        lastState = null;
        List<FeedbackSpike> records = new ArrayList<>();
        for (int w = 0; w < perWindow.length; w++) {
            if (perWindow[w] == 0) {
                continue;
            }
            SpikeDetector.Outcome out = detector.observe("lumora", lastState, perWindow[w], List.of("m" + w), java.util.Map.of(),
                    List.of(), T0.plus(Duration.ofMinutes(15L * w)), FeedbackSpike.Signal.FEEDBACK);
            records.addAll(out.lifecycle());
            out.alert().ifPresent(records::add);
            lastState = out.state();
        }
        return records;
    }

    @Test
    void anIncidentIsUpdatedWhileItsWindowsStayHighAndResolvedByTheFirstBelow() {
        List<FeedbackSpike> records = records(5, 5, 5, 5, 5, 60, 50, 4, 5, 5);
        assertEquals(List.of(FeedbackSpike.Status.OPENED, FeedbackSpike.Status.UPDATED, FeedbackSpike.Status.RESOLVED),
                records.stream().map(FeedbackSpike::status).toList(), records.toString());
        String incident = "lumora@" + T0.plus(Duration.ofMinutes(75));
        records.forEach(r -> assertEquals(incident, r.incident()));
        assertEquals(T0.plus(Duration.ofMinutes(90)), records.get(1).windowStart(), "the window that stayed high");
        assertEquals(50, records.get(1).count());
        assertTrue(records.get(1).severity() >= 1);
        assertEquals(T0.plus(Duration.ofMinutes(105)), records.get(2).windowStart(), "the first window back under its threshold");
        assertEquals(4, records.get(2).count());
        assertEquals(0, records.get(2).severity(), "nothing to grade");
        assertEquals(records.get(0).baseline(), records.get(2).baseline(), "reported against the baseline the spike crossed");
        assertEquals(records.get(0).threshold(), records.get(2).threshold());
        assertEquals(null, lastState.incident(), "closed");
        assertEquals(3, records.stream().map(FeedbackSpike::id).distinct().count(), "each record delivered under its own key");
    }

    @Test
    void aSpikeFollowedBySilenceIsResolvedByItsFirstEmptyWindowAndANewOneCanOpenAfterTheCooldown() {
        List<FeedbackSpike> records = records(5, 5, 5, 5, 5, 60, 0, 0, 0, 0, 0, 5, 80);
        assertEquals(List.of(FeedbackSpike.Status.OPENED, FeedbackSpike.Status.RESOLVED, FeedbackSpike.Status.OPENED),
                records.stream().map(FeedbackSpike::status).toList(), records.toString());
        assertEquals(T0.plus(Duration.ofMinutes(90)), records.get(1).windowStart());
        assertEquals(0, records.get(1).count());
        assertEquals("lumora@" + T0.plus(Duration.ofMinutes(180)), records.get(2).incident(), "a new incident");
    }

    @Test
    void anIncidentThatLastsADayIsResolvedAsTheBrandsNewNormal() {
        long[] perWindow = new long[5 + 100];
        java.util.Arrays.fill(perWindow, 0, 5, 5);
        java.util.Arrays.fill(perWindow, 5, perWindow.length, 60);
        List<FeedbackSpike> records = records(perWindow);
        assertEquals(1 + SpikeDetector.MAX_INCIDENT_WINDOWS + 1, records.size());
        assertEquals(SpikeDetector.MAX_INCIDENT_WINDOWS,
                records.stream().filter(r -> r.status() == FeedbackSpike.Status.UPDATED).count());
        FeedbackSpike last = records.get(records.size() - 1);
        assertEquals(FeedbackSpike.Status.RESOLVED, last.status());
        assertEquals(60, last.count(), "resolved whatever its count");
        assertEquals(T0.plus(Duration.ofMinutes(15L * (5 + SpikeDetector.MAX_INCIDENT_WINDOWS + 1))), last.windowStart());
    }

    @Test
    void aStateSavedBeforeIncidentsInTheWindowItAlertedGetsItsIncidentBack() {
        Instant w = T0.plus(Duration.ofMinutes(75));
        SpikeDetector.State old = new SpikeDetector.State(w, 40, List.of("a"), 5, 1, 10, w, w, w.plusSeconds(60));
        SpikeDetector.Outcome next = detector.observe("lumora", old, 2, List.of("b"), w.plus(Duration.ofMinutes(15)));
        assertEquals(List.of(), next.lifecycle(), "the alerted window itself closing raises nothing");
        SpikeDetector.Outcome after = detector.observe("lumora", next.state(), 1, List.of("c"), w.plus(Duration.ofMinutes(30)));
        assertEquals(1, after.lifecycle().size());
        FeedbackSpike resolved = after.lifecycle().get(0);
        assertEquals(FeedbackSpike.Status.RESOLVED, resolved.status());
        assertEquals("lumora@" + w, resolved.incident());
        assertEquals(5.0, resolved.baseline(), 1e-9, "against the baseline the old alert crossed");
    }

    /**
     * A flood whose first copies fall in a window's last minute and which is known for one only in the
     * next window: those copies leave the closed window before it goes into the baseline, as they do
     * when the flood starts within a window.
     */
    @Test
    void aFloodStartingInAWindowsLastMinuteLeavesItsBaselineOut() {
        SpikeDetector.State flooded = warm();
        SpikeDetector.State plain = warm();
        Instant lastMinute = T0.plus(Duration.ofMinutes(75 + 14)).plusSeconds(30);
        flooded = detector.observe("lumora", flooded, 49, 49, 0, SpikeDetector.EarlierFlood.NONE, List.of("copy"), java.util.Map.of(),
                List.of(), lastMinute, FeedbackSpike.Signal.FEEDBACK).state();
        Instant nextWindow = T0.plus(Duration.ofMinutes(90)).plusSeconds(10);
        flooded = detector.observe("lumora", flooded, 0, 0, 0, new SpikeDetector.EarlierFlood(49, 0), List.of(), java.util.Map.of(),
                List.of(), nextWindow, FeedbackSpike.Signal.FEEDBACK).state();
        plain = detector.observe("lumora", plain, 0, List.of(), nextWindow).state();
        assertEquals(plain.mean(), flooded.mean(), 1e-9, "the baseline as without the flood");
        assertEquals(plain.variance(), flooded.variance(), 1e-9);
        assertEquals(0, flooded.count(), "nothing taken from the new window");
    }

    /** Five windows of five, then five in the sixth window (from 75 min). */
    private SpikeDetector.State warm() {
        SpikeDetector.State state = null;
        for (int w = 0; w <= 5; w++) {
            state = detector.observe("lumora", state, 5, List.of("m" + w), T0.plus(Duration.ofMinutes(15L * w + 1))).state();
        }
        return state;
    }

    /** Without the cooldown the window after a resolved spike would open a second incident. */
    @Test
    void theCooldownKeepsASpikeJustAfterAResolvedOneFromOpeningAnother() {
        List<FeedbackSpike> records = records(5, 5, 5, 5, 5, 60, 4, 300, 4, 4, 3000);
        assertEquals(List.of(FeedbackSpike.Status.OPENED, FeedbackSpike.Status.RESOLVED, FeedbackSpike.Status.OPENED),
                records.stream().map(FeedbackSpike::status).toList(), records.toString());
        assertEquals(T0.plus(Duration.ofMinutes(75)), records.get(0).windowStart());
        assertEquals(T0.plus(Duration.ofMinutes(150)), records.get(2).windowStart(), "the first spike an hour after the first alert");
    }
}
