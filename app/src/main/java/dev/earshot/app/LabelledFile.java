package dev.earshot.app;

import dev.earshot.classifier.LabelledMention;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.JsonLines;
import dev.earshot.model.MentionCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled mention JSONL file, as {@code evaluate} and {@code train} read it: each line a mention
 * plus a {@code label}.
 *
 * @param mentions the lines that are labelled mentions, in file order
 * @param bad      how many lines were not; each was reported with its line number
 */
record LabelledFile(List<LabelledMention> mentions, long bad) {
    static LabelledFile read(Path file, PrintWriter err) throws IOException {
        MentionCodec codec = MentionCodec.strict();
        List<LabelledMention> mentions = new ArrayList<>();
        long bad = 0;
        try (InputStream in = Files.newInputStream(file);
                JsonLines lines = new JsonLines(in, codec.limits().maxDocumentBytes())) {
            for (JsonLines.Line line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    mentions.add(LabelledMention.decode(line.bytes(), codec));
                } catch (InvalidMentionException e) {
                    bad++;
                    err.println("line " + line.number() + ": " + e.getMessage());
                }
            }
        }
        return new LabelledFile(List.copyOf(mentions), bad);
    }
}
