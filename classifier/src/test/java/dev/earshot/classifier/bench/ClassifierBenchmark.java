package dev.earshot.classifier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.classifier.Brand;
import dev.earshot.classifier.BrandCatalog;
import dev.earshot.classifier.Classifier;
import dev.earshot.classifier.ClassifierSettings;
import dev.earshot.classifier.RulePack;
import dev.earshot.model.JsonLines;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Mentions per second through the classifier on one thread, for 10, 100 and 10,000 brands with the
 * default rule pack, beside a plain Jackson parse-and-write of the same mentions measured in the same
 * run. The mentions are the development set's, {@value #COPIES} times over with other brands named in
 * each copy, shuffled. {@link #main} prints the ratio table; the heap the loaded classifier holds is printed from
 * each fork's setup.
 *
 * <p>Run: {@code mvn -Pbench-classifier -pl classifier -am verify -DskipTests -DskipITs}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Batches reach their steady speed only after some 20 s, when the JIT has compiled Lucene's indexing
// chain, and with sentiment and language after some 30 s: 40 s of warm-up leave room for both.
@Warmup(iterations = 8, time = 5)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ClassifierBenchmark {
    static final int BATCH = 8192;
    /** Copies of the development set, each naming other brands, so that a batch holds thousands of different mentions. */
    private static final int COPIES = 80;
    private static final String[] SYLLABLES = {"lu", "mo", "ra", "van", "tor", "bre", "haus", "nim", "bair", "kes",
        "trel", "zo", "pix", "qua", "dri", "vel", "sto", "ne", "ka", "li", "fen", "gro", "ty", "mar"};

    @Param({"10", "100", "10000"})
    public int brands;

    private Classifier classifier;
    /** The same classifier without sentiment and language: what they cost is the difference. */
    private Classifier withoutSentiment;
    private List<Mention> mentions;
    private List<byte[]> encoded;
    private final ObjectMapper jackson = new ObjectMapper();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<Brand> catalog = brands(brands);
        long before = usedHeapAfterGc();
        classifier = Classifier.create(BrandCatalog.of(catalog, List.of()), RulePack.defaults(), ClassifierSettings.DEFAULT);
        long after = usedHeapAfterGc();
        withoutSentiment = Classifier.create(BrandCatalog.of(catalog, List.of()), RulePack.defaults(),
                ClassifierSettings.DEFAULT.withSentiment(false));
        System.out.printf(Locale.ROOT, "%n[earshot-bench] classifier with %d brands holds %.1f MB of heap%n",
                brands, (after - before) / 1048576.0);
        mentions = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
            List<Brand> rotated = new ArrayList<>(catalog);
            Collections.rotate(rotated, copy * 37);
            mentions.addAll(mentions(rotated));
        }
        Collections.shuffle(mentions, new Random(7));
        MentionCodec codec = MentionCodec.strict();
        encoded = new ArrayList<>();
        for (Mention m : mentions) {
            encoded.add(codec.encode(m));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
        withoutSentiment.close();
    }

    /** The classifier: one mention in, its per-brand classifications out. */
    @Benchmark
    public Object classify() {
        Mention m = mentions.get(next++ % mentions.size());
        return classifier.classify(m);
    }

    /** The classifier fed in batches of {@value #BATCH}, as the classify command does; per mention. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object classifyBatch() {
        return classifier.classifyAll(nextBatch());
    }

    /** The next {@value #BATCH} mentions, wrapping round the list. */
    private List<Mention> nextBatch() {
        int from = (next += BATCH) % (mentions.size() - BATCH);
        return mentions.subList(from, from + BATCH);
    }

    /** As {@link #classifyBatch}, without sentiment and language. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object classifyBatchWithoutSentiment() {
        return withoutSentiment.classifyAll(nextBatch());
    }

    /** The baseline: parse a mention's JSON into a tree and write it back, with plain Jackson. */
    @Benchmark
    public Object jsonRoundTrip() throws Exception {
        byte[] bytes = encoded.get(next++ % encoded.size());
        JsonNode tree = jackson.readTree(bytes);
        return jackson.writeValueAsBytes(tree);
    }

    static List<Brand> brands(int count) {
        Random random = new Random(42);
        List<Brand> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder name = new StringBuilder();
            for (int s = 0; s < 2 + random.nextInt(2); s++) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            String base = name.toString() + (i < SYLLABLES.length ? "" : Integer.toString(i, 36));
            list.add(new Brand("b" + i, base, List.of(base), List.of("@" + base), List.of("#" + base),
                    List.of(base + ".com")));
        }
        return list;
    }

    /** The development set's texts with their brand names swapped for benchmark brands. */
    static List<Mention> mentions(Collection<Brand> catalog) throws Exception {
        List<Brand> brands = new ArrayList<>(catalog);
        List<Mention> out = new ArrayList<>();
        MentionCodec codec = MentionCodec.strict();
        String[] names = {"Lumora", "Vantor", "Brewhaus", "Copper Pot", "Kestrel Air", "Nimbair", "lumora.com",
            "vantor.io", "brewhaus.co", "copperpot.coffee", "kestrelair.com", "nimbair.com"};
        try (InputStream in = ClassifierBenchmark.class.getResourceAsStream("/dev-set.jsonl");
                JsonLines lines = new JsonLines(in, 1 << 20)) {
            int i = 0;
            for (JsonLines.Line line : lines) {
                Mention m = codec.decode(line.bytes());
                Brand b = brands.get((i++ * 7919) % brands.size());
                String text = m.text();
                for (String name : names) {
                    text = text.replace(name, name.contains(".") ? b.domains().get(0) : b.name());
                }
                List<String> links = m.links().stream().map(l -> {
                    String r = l;
                    for (String name : names) {
                        r = r.replace(name, b.domains().get(0));
                    }
                    return r;
                }).toList();
                out.add(new Mention(m.id(), m.platform(), m.createdAt(), m.author(), text, m.url(), links, m.lang(),
                        m.engagement(), m.promoted()));
            }
        }
        return out;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Runs the benchmarks and prints each classifier figure as a ratio to the JSON baseline. */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("paired") != null) {
            paired(Integer.parseInt(System.getProperty("brands", "100")), Integer.getInteger("paired"));
            return;
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                // -Dbenchmarks=classifyBatch -Dbrands=100 runs a part.
                .include(ClassifierBenchmark.class.getSimpleName() + "." + System.getProperty("benchmarks", ""))
                .param("brands", System.getProperty("brands", "10,100,10000").split(","))
                .build()).run();
        System.out.println();
        System.out.println("[earshot-bench] brands  json round trip/s  classify/s  cost vs json  batched classify/s  cost vs json"
                + "  batched without sentiment/s  with / without");
        for (String n : System.getProperty("brands", "10,100,10000").split(",")) {
            double classify = score(results, "classify", n);
            double batch = score(results, "classifyBatch", n);
            double plain = score(results, "classifyBatchWithoutSentiment", n);
            double json = score(results, "jsonRoundTrip", n);
            System.out.printf(Locale.ROOT, "[earshot-bench] %6s  %17.0f  %10.0f  %11.1fx  %17.0f  %11.1fx  %27.0f  %14.2f%n",
                    n, json, classify, json / classify, batch, json / batch, plain, batch / plain);
        }
    }

    /**
     * What sentiment and language cost, as a ratio of rates from paired timings: the same batch
     * classified with them and without them back to back, {@code rounds} times, in one JVM (run it
     * with {@code -Xms1g -Xmx1g}, as the forks are). On a shared machine JMH's two forks, one after
     * the other, can meet different loads, and their ratio then moves by a tenth from run to run; a
     * pair meets the same load, so the median of the pairs' ratios says what the features cost.
     * The order within a pair alternates, so neither side always runs on the caches the other left.
     *
     * <p>With {@code -DrulesAgainst=FILE} the other side of each pair is the default pack's classifier
     * built on the rule pack in FILE instead (sentiment on both sides): what a rule change costs,
     * against, say, an earlier release's {@code default-rules.yaml} with {@code extends: none} put
     * before it. Rule changes cost a few percent at most, which separate JMH runs on a shared
     * machine cannot tell from their noise.
     */
    static void paired(int brands, int rounds) throws Exception {
        ClassifierBenchmark bench = new ClassifierBenchmark();
        bench.brands = brands;
        bench.setUp();
        String against = System.getProperty("rulesAgainst");
        Classifier other = against == null ? bench.withoutSentiment
                : Classifier.create(BrandCatalog.of(brands(brands), List.of()), RulePack.load(Path.of(against)),
                        ClassifierSettings.DEFAULT);
        String with = against == null ? "with" : "default rules";
        String without = against == null ? "without" : against;
        try {
            long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("warmup", 40));
            while (System.nanoTime() < warmUntil) {
                List<Mention> batch = bench.nextBatch();
                bench.classifier.classifyAll(batch);
                other.classifyAll(batch);
            }
            double[] ratios = new double[rounds];
            long oneTotal = 0;
            long otherTotal = 0;
            for (int round = 0; round < rounds; round++) {
                List<Mention> batch = bench.nextBatch();
                long one;
                long theOther;
                if (round % 2 == 0) {
                    one = timed(bench.classifier, batch);
                    theOther = timed(other, batch);
                } else {
                    theOther = timed(other, batch);
                    one = timed(bench.classifier, batch);
                }
                ratios[round] = (double) theOther / one;
                oneTotal += one;
                otherTotal += theOther;
            }
            java.util.Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "[earshot-bench] paired, %d brands, %d rounds of %d mentions: %s %.0f/s,"
                            + " %s %.0f/s; %s / %s: median %.3f (quartiles %.3f-%.3f), of the summed times %.3f%n",
                    brands, rounds, BATCH, with, rounds * (double) BATCH * 1e9 / oneTotal, without,
                    rounds * (double) BATCH * 1e9 / otherTotal, with, without, ratios[rounds / 2], ratios[rounds / 4],
                    ratios[3 * rounds / 4], (double) otherTotal / oneTotal);
        } finally {
            if (against != null) {
                other.close();
            }
            bench.tearDown();
        }
    }

    private static long timed(Classifier classifier, List<Mention> batch) {
        long start = System.nanoTime();
        classifier.classifyAll(batch);
        return System.nanoTime() - start;
    }

    private static double score(Collection<RunResult> results, String method, String brands) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method)
                        && brands.equals(r.getParams().getParam("brands")))
                .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
    }
}
