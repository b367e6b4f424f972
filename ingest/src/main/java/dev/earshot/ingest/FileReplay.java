package dev.earshot.ingest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.JsonLines;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Replays a file of mentions into Kafka: JSON Lines in the wire format, or a CSV export through a
 * {@link CsvMapping}. Input is streamed, so memory stays flat whatever the file's size; a bad line is
 * reported with its number and reason and counted, and the rest are sent.
 */
public final class FileReplay {
    /** The two input formats. */
    public enum Format { JSONL, CSV }

    /** What a replay did. */
    public record Report(long sent, long rejected, long failed, double seconds) {
        public double rate() {
            return seconds > 0 ? sent / seconds : 0;
        }
    }

    private final MentionPublisher publisher;
    private final MentionCodec codec;
    private final Pacer pacer;
    private final Consumer<String> rejections;

    /**
     * @param rate       records per second, 0 for as fast as possible
     * @param speedup    replay at this many times the pace of the records' timestamps, 0 for off
     * @param rejections receives one message per bad line, {@code line N: reason}
     */
    public FileReplay(MentionPublisher publisher, MentionCodec codec, double rate, double speedup,
                      Consumer<String> rejections) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.pacer = new Pacer(rate, speedup);
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    /**
     * Sends every valid record of {@code input} and waits until Kafka has answered for all of them.
     *
     * @param mapping required for CSV, ignored for JSONL
     */
    public Report replay(InputStream input, Format format, CsvMapping mapping, Progress progress)
            throws IOException, InterruptedException {
        CountingStream in = new CountingStream(input);
        long sent = 0;
        long rejected = 0;
        long before = publisher.failed();
        if (format == Format.JSONL) {
            try (JsonLines lines = new JsonLines(in, codec.limits().maxDocumentBytes())) {
                for (JsonLines.Line line : lines) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        Mention mention = codec.decode(line);
                        pacer.await(mention.createdAt());
                        publisher.publish(mention, line.bytes());
                        sent++;
                    } catch (InvalidMentionException e) {
                        rejected++;
                        rejections.accept("line " + line.number() + ": " + e.getMessage());
                    }
                    progress.update(in.count(), sent, rejected);
                }
            }
        } else {
            Objects.requireNonNull(mapping, "a CSV replay needs a column mapping");
            CsvMapper mapper = new CsvMapper();
            mapper.enable(CsvParser.Feature.TRIM_SPACES);
            mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            // A row cut short (an unquoted line break inside the text) is refused, not sent with what it has.
            mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);
            try (MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
                long failedAt = -1;
                while (true) {
                    long lineNumber = -1;
                    Map<String, String> row;
                    try {
                        if (!rows.hasNextValue()) {
                            break;
                        }
                        lineNumber = rows.getCurrentLocation().getLineNr();
                        row = rows.nextValue();
                    } catch (IOException | RuntimeException e) {
                        rejected++;
                        // The row's own line: a row short of columns is refused once the parser has moved past it.
                        rejections.accept("line " + (lineNumber >= 0 ? lineNumber : rows.getCurrentLocation().getLineNr())
                                + ": malformed CSV: " + firstLine(e.getMessage()));
                        // The parser goes on at the next row after a row of too many columns, so the rest
                        // is sent; an unclosed quote takes the rest of the file into one value, which
                        // ends the replay. Where a failure leaves the parser in place, stop rather than spin.
                        long at = rows.getCurrentLocation().getCharOffset();
                        if (at == failedAt) {
                            break;
                        }
                        failedAt = at;
                        continue;
                    }
                    try {
                        send(mapping.toMention(row, codec));
                        sent++;
                    } catch (InvalidMentionException e) {
                        rejected++;
                        rejections.accept("line " + lineNumber + ": " + e.getMessage());
                    }
                    progress.update(in.count(), sent, rejected);
                }
            }
        }
        publisher.flush();
        long failed = publisher.failed() - before;
        progress.finish();
        return new Report(sent - failed, rejected, failed, progress.elapsedSeconds());
    }

    /** Sends a row's mention, refused (with its line) when written it would be over a record's limit. */
    private void send(Mention mention) throws InterruptedException, InvalidMentionException {
        byte[] bytes = codec.encodeWithinLimits(mention);
        pacer.await(mention.createdAt());
        publisher.publish(mention, bytes);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Counts bytes read, for progress on large files. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
