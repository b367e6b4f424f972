package dev.earshot.classifier.learned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON file of a linear model: its format tag, labels, bias and weights per feature (sorted, so
 * two trainings on the same data diff cleanly), beside whatever else a model keeps.
 */
final class ModelFile {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /** A root object with the format and labels; a model adds its own settings, then {@link #addWeights}. */
    static ObjectNode root(String format, List<String> labels) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        ArrayNode labelNode = root.putArray("labels");
        labels.forEach(labelNode::add);
        return root;
    }

    /** What a model was trained on, under {@code training}: its labels' counts in the order given. */
    static void addTraining(ObjectNode root, int examples, Map<String, Integer> perLabel, double c, int minCount) {
        ObjectNode trained = root.putObject("training");
        trained.put("examples", examples);
        ObjectNode counts = trained.putObject("perLabel");
        perLabel.forEach(counts::put);
        trained.put("c", c);
        trained.put("minCount", minCount);
    }

    /** The bias and weights, last in the file because they are its long part. */
    static void addWeights(ObjectNode root, double[] bias, Map<String, double[]> weights) {
        ArrayNode biasNode = root.putArray("bias");
        for (double b : bias) {
            biasNode.add(b);
        }
        ObjectNode features = root.putObject("weights");
        for (var e : new TreeMap<>(weights).entrySet()) {
            ArrayNode w = features.putArray(e.getKey());
            for (double x : e.getValue()) {
                w.add(x);
            }
        }
    }

    /**
     * Written aside and moved into place: a streams app reloading the file never reads half of it. The
     * file keeps the permissions of the one it replaces, or is readable by all as a new file would be
     * (a temporary file is its owner's alone, and a model trained on the host would not be readable by
     * the container's user).
     */
    static void write(Path file, ObjectNode root) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
        try {
            JSON.writeValue(partial.toFile(), root);
            if (Files.getFileStore(partial).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(partial, Files.exists(file) ? Files.getPosixFilePermissions(file)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * The root object of a file of this format.
     *
     * @throws IOException when the file cannot be read, is not JSON or is of another format
     */
    static JsonNode read(Path file, List<String> formats, String what) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("not a JSON model file (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !formats.contains(root.path("format").asText())) {
            throw new IOException("not an Earshot " + what + " (expected \"format\": \"" + String.join("\" or \"", formats)
                    + "\")");
        }
        return root;
    }

    /** A setting of the model: a number where it is given (a string or null is refused), {@code missing} where not. */
    static double number(JsonNode root, String field, double missing) {
        JsonNode node = root.get(field);
        if (node == null) {
            return missing;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, was " + node);
        }
        return node.asDouble();
    }

    static List<String> labels(JsonNode root) {
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(l -> labels.add(l.asText()));
        return labels;
    }

    static Map<String, double[]> weights(JsonNode root, int labels) {
        Map<String, double[]> weights = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("weights").fields(); it.hasNext(); ) {
            var e = it.next();
            weights.put(e.getKey(), doubles(e.getValue(), labels, "weights." + e.getKey()));
        }
        return weights;
    }

    static double[] doubles(JsonNode array, int expected, String where) {
        if (!array.isArray() || array.size() != expected) {
            throw new IllegalArgumentException(where + " must be an array of " + expected + " numbers");
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            if (!array.get(i).isNumber() || !Double.isFinite(array.get(i).asDouble())) {
                throw new IllegalArgumentException(where + "[" + i + "] is not a finite number");
            }
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static void checkShape(List<String> labels, double[] bias, Map<String, double[]> weights) {
        if (new java.util.HashSet<>(labels).size() != labels.size()) {
            // A label twice would leave the other labels unscored: each mention would then fail.
            throw new IllegalArgumentException("labels must differ, were " + labels);
        }
        if (bias.length != labels.size()) {
            throw new IllegalArgumentException("one bias per label");
        }
        for (var e : weights.entrySet()) {
            if (e.getValue().length != labels.size()) {
                throw new IllegalArgumentException("feature " + e.getKey() + " has " + e.getValue().length
                        + " weights for " + labels.size() + " labels");
            }
        }
    }
}
