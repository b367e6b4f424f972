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

    /** A cursor of its own in a file beside this one, its name this one's and {@code suffix}; in memory when this one is. */
    public Cursor beside(String suffix) {
        return new Cursor(file == null ? null : file.resolveSibling(file.getFileName() + suffix));
    }

    /** The last position saved, or null for none. */
    public String get() {
        return value;
    }

    /**
     * The position as a number, for a feed whose positions are numbers; a file that holds something
     * else (damaged, or another feed's) is refused with what to do, not read as a start from scratch.
     */
    public long asLong(String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the cursor file " + file + " holds '" + value + "', not " + what
                    + "; delete it to start from the newest items");
        }
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
            try {
                // On disk before the rename: after a power cut the file holds the old position or the new
                // one, never an empty or zeroed file that would restart the feed from scratch.
                try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(java.nio.ByteBuffer.wrap(position.getBytes(StandardCharsets.UTF_8)));
                    out.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            syncDirectory(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the cursor to " + file, e);
        }
    }

    /** Makes the rename durable where the platform allows a directory to be synced (not on Windows). */
    private static void syncDirectory(Path directory) {
        try (java.nio.channels.FileChannel dir = java.nio.channels.FileChannel.open(directory, java.nio.file.StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the file is written either way; only a power cut right now could lose the rename
        }
    }
}
