package dev.earshot.classifier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML file whose top level is a map, keeping the line of every entry of its list values,
 * so that loaders can say where a bad brand or rule is. Nothing else about YAML is needed here.
 */
final class YamlEntries {
    /**
     * A key written twice (a second {@code brands:} block appended, {@code keywords:} twice in one brand)
     * is an error with its line: read as it comes, the later would replace the earlier without a word.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One element of a top-level list, with the line it starts on. */
    record Entry(int index, int line, JsonNode node) {
    }

    private final Map<String, List<Entry>> lists = new LinkedHashMap<>();
    private final Map<String, JsonNode> scalars = new LinkedHashMap<>();
    private final Map<String, Integer> keyLines = new LinkedHashMap<>();

    private YamlEntries() {
    }

    static YamlEntries parse(String yaml, String source) throws ConfigException {
        YamlEntries entries = new YamlEntries();
        refuseAliases(yaml, source);
        try (JsonParser p = MAPPER.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return entries;
            }
            if (first != JsonToken.START_OBJECT) {
                throw problem(source, line(p.currentTokenLocation()), "the file must be a map with top-level keys");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                entries.keyLines.put(key, line(p.currentTokenLocation()));
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    List<Entry> list = new ArrayList<>();
                    int index = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int at = line(p.currentTokenLocation());
                        list.add(new Entry(index++, at, MAPPER.readTree(p)));
                    }
                    entries.lists.put(key, list);
                } else {
                    entries.scalars.put(key, MAPPER.readTree(p));
                }
            }
            if (p.nextToken() != null) {
                throw problem(source, line(p.currentTokenLocation()), "a second YAML document (after ---) is not read: "
                        + "put everything in one");
            }
        } catch (JsonProcessingException e) {
            int at = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = e.getOriginalMessage();
            int nl = message == null ? -1 : message.indexOf('\n');
            throw problem(source, at, "not valid YAML: " + (nl < 0 ? message : message.substring(0, nl)));
        } catch (IOException e) {
            throw problem(source, 0, "cannot read: " + e.getMessage());
        }
        return entries;
    }

    /**
     * Refuses aliases ({@code *name}): Jackson hands one back as the anchor's name rather than the value it
     * stands for, so {@code query: *q} would become the query {@code q}, matching any post with the word.
     */
    private static void refuseAliases(String yaml, String source) throws ConfigException {
        try (JsonParser p = MAPPER.createParser(yaml)) {
            while (p.nextToken() != null) {
                if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
                    throw problem(source, line(p.currentTokenLocation()), "YAML aliases (*" + p.getText()
                            + ") are not read here: write the value out in full");
                }
            }
        } catch (IOException e) {
            // the reading proper says what is wrong, with its line
        }
    }

    List<Entry> list(String key) {
        return lists.getOrDefault(key, List.of());
    }

    JsonNode scalar(String key) {
        return scalars.get(key);
    }

    /** Top-level keys in file order. */
    Iterable<String> keys() {
        return keyLines.keySet();
    }

    int lineOf(String key) {
        return keyLines.getOrDefault(key, 0);
    }

    boolean isList(String key) {
        return lists.containsKey(key);
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    private static ConfigException problem(String source, int line, String message) {
        return new ConfigException(List.of(new ConfigProblem(source, line, message)));
    }
}
