package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.earshot.classifier.learned.FeedbackTrainer;
import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Mention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Complaint detection on the public data set of Preoțiuc-Pietro et al. (ACL 2019), read from
 * ../shared/datasets/ when present: a tweet labelled 1 should come out as FEEDBACK with kind
 * COMPLAINT. The published trained models reach up to 79 F1; the floor asserted here guards the
 * transparent rules against regressions, and the figures are printed for the record.
 */
class ComplaintDatasetTest {
    static final Path DATA = Path.of("..", "..", "shared", "datasets", "complaints-dev.csv");

    /** The complaint figures of a classifier on the data set. */
    record ComplaintScore(long tp, long fp, long fn, long total, Map<Category, Long> nonComplaintSpread,
                          Map<FeedbackKind, Long> nonComplaintKinds) {
        double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        double f1() {
            return precision() + recall() == 0 ? 0 : 2 * precision() * recall() / (precision() + recall());
        }

        /**
         * The mean of the complaint F1 and the not-a-complaint F1: the figure the data set's paper
         * reports as F1, so this is the one to hold beside its 79.
         */
        double macroF1() {
            long tn = total - tp - fp - fn;
            double p = tn + fn == 0 ? 0 : (double) tn / (tn + fn);
            double r = tn + fp == 0 ? 0 : (double) tn / (tn + fp);
            double notComplaint = p + r == 0 ? 0 : 2 * p * r / (p + r);
            return (f1() + notComplaint) / 2;
        }
    }

    /** Set EARSHOT_EVAL_ERRORS to a file to list the misclassified tweets there, for rule work. */
    private static final java.io.PrintStream DUMP = dumpStream();

    private static java.io.PrintStream dumpStream() {
        String file = System.getenv("EARSHOT_EVAL_ERRORS");
        try {
            return file == null || file.isEmpty() || file.equals("1") ? null : new java.io.PrintStream(file, "UTF-8");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The data set's tweets as mentions, or none when the data set is not there. */
    static List<Mention> tweetsIfPresent() throws Exception {
        return Files.exists(DATA) ? rows(DATA).stream().map(ComplaintDatasetTest::tweet).toList() : List.of();
    }

    /** The data set's rows, by column name. */
    private static List<Map<String, String>> rows(Path csv) throws Exception {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(schema)
                .readValues(csv.toFile())) {
            return rows.readAll();
        }
    }

    private static Mention tweet(Map<String, String> row) {
        return Mention.of("complaints:" + row.get("tweet_id"), "twitter", Instant.parse("2026-01-01T00:00:00Z"),
                row.get("text"));
    }

    /** The data set as labelled mentions: a complaint is FEEDBACK:COMPLAINT, anything else OTHER. */
    static List<LabelledMention> labelled(Path csv) throws Exception {
        return rows(csv).stream().map(row -> new LabelledMention(tweet(row), Map.of(LabelledMention.ANY_BRAND,
                "1".equals(row.get("complaint")) ? new LabelledMention.Expected(Category.FEEDBACK, FeedbackKind.COMPLAINT)
                        : new LabelledMention.Expected(Category.OTHER, null)))).toList();
    }

    /** The complaint figures of classifications, one list per labelled tweet. */
    static ComplaintScore score(List<LabelledMention> labelled, List<List<Classification>> results) {
        return score(labelled, results, false);
    }

    /**
     * The figures of the held-out part (a third by {@link Evaluation#heldOut}) or of the tuning part;
     * errors are listed for the tuning part only, the one rules may be written from.
     */
    private static ComplaintScore scorePart(List<LabelledMention> labelled, List<List<Classification>> results, boolean heldOut) {
        List<Integer> part = java.util.stream.IntStream.range(0, labelled.size())
                .filter(i -> Evaluation.heldOut(labelled.get(i).mention().id()) == heldOut).boxed().toList();
        return score(part.stream().map(labelled::get).toList(), part.stream().map(results::get).toList(), !heldOut);
    }

    private static ComplaintScore score(List<LabelledMention> labelled, List<List<Classification>> results, boolean listErrors) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long total = 0;
        Map<Category, Long> spread = new EnumMap<>(Category.class);
        Map<FeedbackKind, Long> kinds = new EnumMap<>(FeedbackKind.class);
        for (int i = 0; i < labelled.size(); i++) {
            Classification c = results.get(i).get(0);
            boolean predicted = c.category() == Category.FEEDBACK && c.feedbackKind() == FeedbackKind.COMPLAINT;
            boolean actual = labelled.get(i).labels().get(LabelledMention.ANY_BRAND).kind() == FeedbackKind.COMPLAINT;
            total++;
            if (listErrors && DUMP != null && predicted != actual) {
                DUMP.println((actual ? "FN " : "FP ") + c.category() + ":" + c.feedbackKind() + " " + c.rules()
                        + " | " + labelled.get(i).mention().text().replace('\n', ' '));
            }
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            }
            if (!actual) {
                spread.merge(c.category(), 1L, Long::sum);
                if (c.feedbackKind() != null) {
                    kinds.merge(c.feedbackKind(), 1L, Long::sum);
                }
            }
        }
        return new ComplaintScore(tp, fp, fn, total, spread, kinds);
    }

    @Test
    void complaintDetectionOnThePublishedDataSet() throws Exception {
        assumeTrue(Files.exists(DATA), "complaints-dev.csv not present beside the checkout; skipped");
        try (Classifier classifier = Classifier.strategyOnly()) {
            List<LabelledMention> labelled = labelled(DATA);
            List<List<Classification>> results = labelled.stream().map(lm -> classifier.classify(lm.mention())).toList();
            ComplaintScore s = score(labelled, results);
            System.out.printf(Locale.ROOT, "[earshot-eval] complaints-dev.csv (%d tweets): complaint precision %.3f,"
                            + " recall %.3f, F1 %.3f (tp %d, fp %d, fn %d); macro-F1 of complaint and not %.3f%n",
                    s.total(), s.precision(), s.recall(), s.f1(), s.tp(), s.fp(), s.fn(), s.macroF1());
            // Rules written from this data set from 2026-12 on are written from the tuning part's
            // errors alone (EARSHOT_EVAL_ERRORS lists only those); the held-out part, a third by the
            // hash of the tweet id as for the development sets, says whether they generalise.
            for (boolean heldOut : new boolean[] {false, true}) {
                ComplaintScore p = scorePart(labelled, results, heldOut);
                System.out.printf(Locale.ROOT, "[earshot-eval] complaints-dev.csv, %s part (%d tweets): complaint precision"
                                + " %.3f, recall %.3f, F1 %.3f%n", heldOut ? "held-out" : "tuning", p.total(), p.precision(),
                        p.recall(), p.f1());
            }
            System.out.println("[earshot-eval] non-complaint tweets by category: " + s.nonComplaintSpread()
                    + ", by feedback kind: " + s.nonComplaintKinds());
            if (DUMP != null) {
                DUMP.flush();
            }
            // Measured 0.722 (0.741 tuning part, 0.677 held out) when the plain-words phrases written
            // from the tuning part's errors were added in 2026-12, and 0.730 (0.752, 0.675) with the
            // customers' own words added later on 2026-12-04; the floor catches a rule change that loses complaints.
            assertTrue(s.f1() >= 0.71, "complaint F1 " + s.f1());
        }
    }

    @Test
    void rulesWithATrainedScorerInFiveFoldCrossValidation() throws Exception {
        assumeTrue(Files.exists(DATA), "complaints-dev.csv not present beside the checkout; skipped");
        List<LabelledMention> labelled = labelled(DATA);
        try (Classifier rules = Classifier.strategyOnly()) {
            var options = FeedbackTrainer.Options.DEFAULT;
            List<List<Classification>> results = FeedbackTraining.crossValidate(rules, labelled, 5, 2019, options);
            ComplaintScore s = score(labelled, results);
            System.out.printf(Locale.ROOT, "[earshot-eval] complaints-dev.csv, rules + trained scorer, 5-fold cross-validation"
                            + " (%s): complaint precision %.3f, recall %.3f, F1 %.3f (tp %d, fp %d, fn %d);"
                            + " macro-F1 of complaint and not %.3f%n", options,
                    s.precision(), s.recall(), s.f1(), s.tp(), s.fp(), s.fn(), s.macroF1());
            // The rules it builds on were written from the tuning part, which flatters the figure of the
            // whole file: the held-out third's tweets scored in the same cross-validation say how much.
            ComplaintScore h = scorePart(labelled, results, true);
            System.out.printf(Locale.ROOT, "[earshot-eval] complaints-dev.csv, rules + trained scorer, the same cross-validation,"
                    + " held-out part (%d tweets): complaint F1 %.3f%n", h.total(), h.f1());
            // Measured 0.784 with the rules of 2026-12 and the lexicon and stem features (0.777 on the
            // held-out part), against 0.722 for those rules alone on the same tweets; 0.788 (0.797) with
            // the scorer's options of 2026-12-06's eighth session. The folds and the
            // learner are seeded, so the figure is exact; the floor is the target, and fails if a change
            // to the rules or the features takes the scorer below it.
            assertTrue(s.f1() >= 0.78, "complaint F1 with the trained scorer " + s.f1());
        }
    }
}
