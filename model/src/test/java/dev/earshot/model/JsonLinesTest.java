package dev.earshot.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
    private static List<JsonLines.Line> lines(String input, int max) {
        List<JsonLines.Line> out = new ArrayList<>();
        new JsonLines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max).forEach(out::add);
        return out;
    }

    @Test
    void numbersLinesAndStripsLineEndings() {
        List<JsonLines.Line> lines = lines("{\"a\":1}\r\n\n{\"b\":2}", 100);
        assertEquals(3, lines.size());
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), lines.get(0).bytes());
        assertTrue(lines.get(1).isBlank());
        assertEquals(3, lines.get(2).number());
        assertArrayEquals("{\"b\":2}".getBytes(StandardCharsets.UTF_8), lines.get(2).bytes());
    }

    @Test
    void aByteOrderMarkOpeningTheFileIsLeftOutOfItsFirstLine() {
        List<JsonLines.Line> lines = lines("\uFEFF{\"a\":1}\n\uFEFF{\"b\":2}", 100);
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), lines.get(0).bytes());
        assertArrayEquals("\uFEFF{\"b\":2}".getBytes(StandardCharsets.UTF_8), lines.get(1).bytes(), "only the file's start");
    }

    @Test
    void overlongLinesAreFlaggedWithoutKeepingTheirContent() {
        List<JsonLines.Line> lines = lines("short\n" + "x".repeat(1000) + "\nafter\n", 10);
        assertEquals(3, lines.size());
        assertFalse(lines.get(0).overlong());
        assertTrue(lines.get(1).overlong());
        assertEquals(0, lines.get(1).bytes().length);
        assertEquals(1000, lines.get(1).length());
        assertArrayEquals("after".getBytes(StandardCharsets.UTF_8), lines.get(2).bytes());
    }

    @Test
    void aLineExactlyAtTheLimitIsKept() {
        List<JsonLines.Line> lines = lines("0123456789\n", 10);
        assertFalse(lines.get(0).overlong());
        assertEquals(10, lines.get(0).bytes().length);
    }

    @Test
    void emptyInputHasNoLines() {
        assertEquals(0, lines("", 10).size());
    }

    @Test
    void readyTellsBufferedLinesFromAQuietSource() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream source = new PipedInputStream(writer, 1024);
        JsonLines lines = new JsonLines(source, 100);
        Iterator<JsonLines.Line> it = lines.iterator();
        assertFalse(lines.ready(), "nothing written yet");
        writer.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(lines.ready(), "bytes wait in the pipe");
        assertEquals(1, it.next().number());
        assertTrue(lines.ready(), "the second line is buffered");
        assertEquals(2, it.next().number());
        assertFalse(lines.ready(), "the source is quiet");
        writer.close();
    }
}
