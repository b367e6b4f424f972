package dev.earshot.ingest.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a live connector has got to (a Jetstream time, a Mastodon status id, a Hacker News item id),
 * kept in a small file so that a restart resumes instead of starting over. Written atomically: a
 * crash leaves the old position or the new one, never half a file.
 */
public final class Cursor {
    private final Path file;
    private String value;

    public Cursor(Path file) {
        this.file = file;
        try {
            this.value = file != null && Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cursor file " + file, e);
        }
        if (value != null && value.isEmpty()) {
            value = null;
        }
    }

    /** The last position saved, or null for none. */
    public String get() {
        return value;
    }

    public void set(String position) {
        value = position;
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, position, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the cursor to " + file, e);
        }
    }
}
