package dev.earshot.classifier.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    /**
     * A model written on the host is read by the container's own user: a new file is readable by all, and
     * one replaced keeps its permissions (a temporary file, moved into place, was its owner's alone).
     */
    @Test
    void aWrittenModelIsReadableAsAnyNewFileAndAReplacedOneKeepsItsPermissions() throws Exception {
        Path fresh = dir.resolve("model.json");
        ModelFile.write(fresh, new ObjectMapper().createObjectNode().put("format", "x"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

        Path shared = Files.writeString(dir.resolve("shared.json"), "{}");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-r--"));
        ModelFile.write(shared, new ObjectMapper().createObjectNode().put("format", "y"));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        assertEquals("y", new ObjectMapper().readTree(shared.toFile()).path("format").asText(), "the new content in place");
    }
}
