package dev.earshot.app;

import dev.earshot.classifier.Classifier;
import dev.earshot.model.ClassifiedMention;
import dev.earshot.model.ClassifiedMentionCodec;
import dev.earshot.model.Classification;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.JsonLines;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code earshot classify}: mention JSONL in, one classified JSON line per (mention, brand) out. */
@Command(name = "classify",
        mixinStandardHelpOptions = true,
        description = {"Classifies mentions (JSONL) by strategy for every tracked brand they name.",
            "Writes one JSON line per (mention, brand): the mention plus brand, category, tags, feedbackKind,"
                + " tier and the rules that fired. Bad lines are reported on stderr and skipped; exit 1 if any."})
final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Option(names = "--input", defaultValue = "-", description = "Mention JSONL file (default: standard input).")
    String input;

    @Option(names = "--output", defaultValue = "-", description = "Where to write results (default: standard output).")
    String output;

    @Spec
    CommandSpec spec;

    /**
     * Mentions matched in one Monitor pass at most. A pass has a fixed cost (indexing the batch,
     * running each candidate query once over it) that thousands of mentions share well: at 100
     * brands a mention costs about 2.5x less in batches of 4,096 than of 512, and a further fifth
     * less in batches of 8,192; beyond that the gain stops.
     */
    private static final int BATCH = 8192;
    /** Text characters per batch at most, so that a run of 100 KB posts does not hold gigabytes. */
    private static final long BATCH_CHARS = 4_000_000;
    private final List<Mention> batch = new java.util.ArrayList<>(BATCH);
    private long batchChars;
    private long unmatched;

    private long write(Classifier c, List<Mention> mentions, ClassifiedMentionCodec out, OutputStream sink)
            throws java.io.IOException {
        long written = 0;
        List<List<Classification>> results = c.classifyAll(mentions);
        for (int i = 0; i < mentions.size(); i++) {
            if (results.get(i).isEmpty()) {
                unmatched++;
            }
            for (Classification classification : results.get(i)) {
                sink.write(out.encode(new ClassifiedMention(mentions.get(i), classification)));
                sink.write('\n');
                written++;
            }
        }
        mentions.clear();
        batchChars = 0;
        return written;
    }

    @Override
    public Integer call() throws Exception {
        MentionCodec codec = MentionCodec.strict();
        ClassifiedMentionCodec out = new ClassifiedMentionCodec(codec);
        PrintWriter err = spec.commandLine().getErr();
        long mentions = 0;
        long results = 0;
        long unmatched = 0;
        long bad = 0;
        try (Classifier c = classifier.build();
                // FileInputStream, unlike Files.newInputStream, can say what a named pipe holds.
                InputStream in = "-".equals(input) ? System.in : new FileInputStream(input);
                JsonLines lines = new JsonLines(in, codec.limits().maxDocumentBytes());
                OutputStream sink = new BufferedOutputStream("-".equals(output)
                        ? System.out : Files.newOutputStream(Path.of(output)), 1 << 16)) {
            for (JsonLines.Line line : lines) {
                try {
                    if (!line.isBlank()) {
                        Mention mention = codec.decode(line);
                        batch.add(mention);
                        batchChars += mention.text().length();
                        mentions++;
                    }
                } catch (InvalidMentionException e) {
                    bad++;
                    err.println("line " + line.number() + ": " + e.getMessage());
                }
                // A live source (a pipe from tail -f) gets its results as it goes, not a batch later.
                if (batch.size() == BATCH || batchChars >= BATCH_CHARS || (!batch.isEmpty() && !lines.ready())) {
                    results += write(c, batch, out, sink);
                    sink.flush();
                }
            }
            results += write(c, batch, out, sink);
        }
        unmatched = this.unmatched;
        err.printf("classified %d mentions into %d results; %d named no tracked brand; %d bad lines%n",
                mentions, results, unmatched, bad);
        err.flush();
        return bad == 0 ? 0 : 1;
    }
}
