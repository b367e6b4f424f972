package dev.earshot.model;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads a JSON Lines stream as raw byte lines, one at a time.
 *
 * <p>Lines stay bytes so that the codec, not a lenient character decoder, judges their UTF-8. A line
 * longer than the limit is skipped to its end without being held in memory and reported as
 * {@link Line#overlong()}, so that one 50 MB line cannot exhaust the heap of a file replay.
 */
public final class JsonLines implements Iterable<JsonLines.Line>, Closeable {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    /**
     * One line of input.
     *
     * @param number   1-based line number
     * @param bytes    the line without its terminator (and without a trailing CR); empty when overlong
     * @param overlong the line exceeded the limit and its content was discarded
     * @param length   the line's full length in bytes
     */
    public record Line(long number, byte[] bytes, boolean overlong, long length) {
        public boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return !overlong;
        }
    }

    public JsonLines(InputStream in, int maxLineBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Iterator<Line> iterator() {
        return new Iterator<>() {
            private long number;
            private Line next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    next = read(++number);
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Line line = next;
                next = null;
                return line;
            }
        };
    }

    /**
     * Whether the next line can be read without waiting for the source: it is buffered here or
     * the stream has bytes on hand. A reader that batches lines uses it to finish a batch instead of
     * holding back what it has while a live source is quiet.
     */
    public boolean ready() {
        if (position < limit) {
            return true;
        }
        try {
            return in.available() > 0;
        } catch (IOException e) {
            // Some channels cannot tell (a named pipe opened through NIO): call it quiet, since
            // finishing a batch early costs only speed.
            return false;
        }
    }

    private Line read(long number) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long length = 0;
        boolean any = false;
        try {
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        break;
                    }
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int chunk = position - start;
                // Keep at most one byte past the limit: enough to know the line is overlong.
                long room = Math.max(0, maxLineBytes + 1L - length);
                line.write(buffer, start, (int) Math.min(chunk, room));
                length += chunk;
                if (position < limit) {
                    position++; // the newline
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read line " + number, e);
        }
        if (!any) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        if (length <= maxLineBytes + 1L && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = Arrays.copyOf(bytes, bytes.length - 1);
            length--;
        }
        if (length > maxLineBytes) {
            return new Line(number, new byte[0], true, length);
        }
        if (number == 1 && byteOrderMark(bytes) > 0) {
            // A byte order mark some editors write: the codec reads past it, but the line is also sent on
            // as it is, and a consumer's JSON parser (a browser's, say) may not.
            bytes = Arrays.copyOfRange(bytes, byteOrderMark(bytes), bytes.length);
        }
        return new Line(number, bytes, false, length);
    }

    /** The length of the UTF-8 byte order mark that opens {@code bytes}: 3, or 0 if none does. */
    public static int byteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
