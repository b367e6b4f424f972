package dev.earshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void eachStyleWritesWhatItSaysAndOnlyTheBarRedraws() throws Exception {
        Map<Progress.Style, ByteArrayOutputStream> out = new EnumMap<>(Progress.Style.class);
        Map<Progress.Style, Progress> progress = new EnumMap<>(Progress.Style.class);
        for (Progress.Style style : Progress.Style.values()) {
            out.put(style, new ByteArrayOutputStream());
            progress.put(style, new Progress(new PrintStream(out.get(style), true, StandardCharsets.UTF_8), style, 1000));
        }
        Thread.sleep(5_100); // past the interval of every style
        progress.values().forEach(p -> {
            p.update(500, 400, 1);
            p.finish();
        });
        String lines = out.get(Progress.Style.LINES).toString(StandardCharsets.UTF_8);
        assertTrue(lines.startsWith("progress: 400 sent, 1 rejected"), lines);
        assertFalse(lines.contains("\r"), "lines for logs carry no carriage return");
        assertTrue(out.get(Progress.Style.BAR).toString(StandardCharsets.UTF_8).contains("\r"));
        assertEquals("", out.get(Progress.Style.NONE).toString(StandardCharsets.UTF_8));
    }
}
