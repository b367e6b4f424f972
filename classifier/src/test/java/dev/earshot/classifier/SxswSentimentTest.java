package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.earshot.classifier.SentimentTraining.LabelledText;
import dev.earshot.classifier.learned.SentimentModel;
import dev.earshot.classifier.sentiment.SentimentEvaluation;
import dev.earshot.classifier.sentiment.SentimentScorer;
import dev.earshot.model.Classification;
import dev.earshot.model.Sentiment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sentiment on the SXSW 2011 tweets (../shared/datasets/sxsw-brand-emotion.csv, read when present):
 * a sentiment model trained on the tuning part (n not a multiple of three) and measured on the
 * held-out part it never saw (without the held-out tweets that copy a tuning tweet: retweets), beside
 * the rules alone and the plain VADER lexicon on the same tweets.
 * The data set is for measurement and not part of the project; this test trains a model and
 * throws it away.
 */
class SxswSentimentTest {
    @Test
    void aModelTrainedOnTheTuningPartBeatsTheLexiconOnTheHeldOutPart() throws Exception {
        assumeTrue(Files.exists(SxswBrandDetectionTest.DATA), "the SXSW data set is not at " + SxswBrandDetectionTest.DATA);
        LabelledTexts file = LabelledTexts.read(SxswBrandDetectionTest.DATA);
        List<LabelledText> tuning = file.tuningPart();
        List<LabelledText> heldOut = new ArrayList<>();
        // Retweets and copies of a tuning text are not unseen: the figures that count leave them out.
        List<LabelledText> unseen = new ArrayList<>();
        for (int i = 0; i < file.texts().size(); i++) {
            if (file.heldOut().get(i)) {
                heldOut.add(file.texts().get(i));
                if (!file.copiedInTuningPart().get(i)) {
                    unseen.add(file.texts().get(i));
                }
            }
        }
        BrandCatalog brands = BrandCatalog.parse(SxswBrandDetectionTest.BRANDS, "sxsw-brands.yaml");
        SentimentEvaluation rulesAlone;
        SentimentModel model;
        try (Classifier rules = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            rulesAlone = evaluate(rules, unseen);
            model = SentimentTraining.train(rules, tuning, SentimentTraining.Options.DEFAULT);
        }
        SentimentEvaluation learned;
        SentimentEvaluation learnedWithCopies;
        try (Classifier withModel = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT, null, model)) {
            learned = evaluate(withModel, unseen);
            learnedWithCopies = evaluate(withModel, heldOut);
        }
        SentimentEvaluation lexicon = new SentimentEvaluation();
        SentimentScorer plain = SentimentScorer.plainLexicon();
        unseen.forEach(t -> lexicon.add(t.label(), plain.score(t.mention().text()).label()));
        System.out.printf("[earshot-eval] sxsw-brand-emotion.csv sentiment, held-out part without copies of tuning texts "
                        + "(%d of %d tweets), model trained on the tuning part (%d): macro-F1 %.3f (%.3f with the copies); "
                        + "rules alone %.3f; VADER lexicon %.3f%n", unseen.size(), heldOut.size(), tuning.size(),
                learned.macroF1(), learnedWithCopies.macroF1(), rulesAlone.macroF1(), lexicon.macroF1());
        assertTrue(learned.macroF1() > rulesAlone.macroF1(), learned.report() + rulesAlone.report());
        assertTrue(learned.macroF1() >= 0.55, learned.report());
        assertTrue(learned.macroF1() >= lexicon.macroF1() + 0.10, learned.report() + lexicon.report());
    }

    /** Each text's sentiment toward the first brand it names, or of its whole text, as evaluate scores it. */
    private static SentimentEvaluation evaluate(Classifier classifier, List<LabelledText> texts) {
        SentimentEvaluation evaluation = new SentimentEvaluation();
        List<List<Classification>> results = classifier.classifyAll(texts.stream().map(LabelledText::mention).toList());
        for (int i = 0; i < texts.size(); i++) {
            Sentiment s = classifier.sentimentOf(texts.get(i).mention(), results.get(i));
            evaluation.add(texts.get(i).label(), s == null ? Sentiment.Label.NEUTRAL : s.label());
        }
        return evaluation;
    }
}
