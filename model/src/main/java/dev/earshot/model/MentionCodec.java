package dev.earshot.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes the mention wire format (see the design brief) strictly.
 *
 * <p>Decoding never trusts its input: the parser itself enforces {@link CodecLimits} while reading,
 * duplicate keys are an error (two {@code text} fields would let two consumers disagree on what a
 * mention says), and validation collects every problem with the field it concerns. Unknown fields
 * are ignored so that producers may add fields before consumers know them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MentionCodec {
    private static final int MAX_ID_CHARS = 512;
    private static final int MAX_SHORT_CHARS = 256;
    /** The longest {@code url} and entry of {@code links}. */
    public static final int MAX_URL_CHARS = 8192;

    private final CodecLimits limits;
    private final Clock clock;
    private final ObjectMapper reader;
    private final JsonFactory streamingFactory;
    // Writes emoji as four raw UTF-8 bytes rather than as escaped surrogate pairs: readable by any consumer.
    private final JsonFactory writerFactory = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    public MentionCodec(CodecLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringChars())
                .maxNumberLength(limits.maxNumberDigits())
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.reader = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // The streaming pass finds repeated keys itself (ObjectKeys): the parser's own detection fills a
        // HashSet for every object past its second key, 3% of the streams app's stream thread in a drain.
        this.streamingFactory = JsonFactory.builder().streamReadConstraints(constraints).build();
    }

    /** A codec with the default limits and the system clock. */
    public static MentionCodec strict() {
        return new MentionCodec(CodecLimits.DEFAULT, Clock.systemUTC());
    }

    public CodecLimits limits() {
        return limits;
    }

    /** Decodes one record from UTF-8 bytes. */
    public Mention decode(byte[] utf8) throws InvalidMentionException {
        if (utf8 == null || utf8.length == 0) {
            throw new InvalidMentionException("document", "empty record");
        }
        if (utf8.length > limits.maxDocumentBytes()) {
            throw new InvalidMentionException("document", utf8.length + " bytes exceeds the limit of "
                    + limits.maxDocumentBytes());
        }
        Mention fast = streamingDecode(utf8);
        // Anything the streaming pass does not accept outright goes the tree way, which words the errors.
        return fast != null ? fast : fromTree(parse(utf8));
    }

    /**
     * Reads a valid mention straight from the token stream, without building a tree: the common case
     * of every ingest path and of the streams app. Returns null as soon as anything is not plainly
     * valid (a parse error, a wrong type, a limit, a missing field, a repeated key), and the caller
     * takes the tree path, which reports every problem. Both paths accept the same documents and build
     * the same mention. Package-private so that {@code MentionCodecTest} can tell which path read a
     * document.
     */
    Mention streamingDecode(byte[] utf8) {
        try (JsonParser p = streamingFactory.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectKeys keys = new ObjectKeys();
            String id = null;
            String platform = null;
            String createdAt = null;
            String text = null;
            Mention.Author author = Mention.Author.UNKNOWN;
            String url = "";
            List<String> links = List.of();
            String lang = "";
            Mention.Engagement engagement = Mention.Engagement.NONE;
            boolean promoted = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!keys.firstSight(topField(name), name)) {
                    return null;
                }
                switch (name) {
                    case "id" -> id = string(p, value, MAX_ID_CHARS, false);
                    case "platform" -> platform = string(p, value, MAX_SHORT_CHARS, false);
                    case "createdAt" -> createdAt = string(p, value, 64, false);
                    case "text" -> text = string(p, value, limits.maxTextChars(), false);
                    case "url" -> url = string(p, value, MAX_URL_CHARS, true);
                    case "lang" -> lang = string(p, value, 35, true);
                    case "promoted" -> {
                        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                            promoted = value == JsonToken.VALUE_TRUE;
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case "author" -> {
                        if (value == JsonToken.START_OBJECT) {
                            String handle = "";
                            long followers = 0;
                            boolean verified = false;
                            ObjectKeys authorKeys = new ObjectKeys();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String field = p.currentName();
                                JsonToken v = p.nextToken();
                                if (!authorKeys.firstSight(authorField(field), field)) {
                                    return null;
                                }
                                switch (field) {
                                    case "handle" -> handle = string(p, v, MAX_SHORT_CHARS, true);
                                    case "followers" -> followers = count(p, v);
                                    case "verified" -> {
                                        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                                            verified = v == JsonToken.VALUE_TRUE;
                                        } else if (v != JsonToken.VALUE_NULL) {
                                            return null;
                                        }
                                    }
                                    default -> {
                                        if (!skipUnknown(p, v)) {
                                            return null;
                                        }
                                    }
                                }
                                if (handle == null || followers < 0) {
                                    return null;
                                }
                            }
                            author = new Mention.Author(handle, followers, verified);
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case "engagement" -> {
                        if (value == JsonToken.START_OBJECT) {
                            long[] counts = new long[4];
                            ObjectKeys engagementKeys = new ObjectKeys();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String field = p.currentName();
                                JsonToken v = p.nextToken();
                                int slot = engagementField(field); // its place in counts, or -1
                                if (!engagementKeys.firstSight(slot, field)) {
                                    return null;
                                }
                                if (slot < 0) {
                                    if (!skipUnknown(p, v)) {
                                        return null;
                                    }
                                } else if ((counts[slot] = count(p, v)) < 0) {
                                    return null;
                                }
                            }
                            engagement = new Mention.Engagement(counts[0], counts[1], counts[2], counts[3]);
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case "links" -> {
                        if (value == JsonToken.START_ARRAY) {
                            List<String> list = new ArrayList<>();
                            JsonToken item;
                            while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                                String link = string(p, item, MAX_URL_CHARS, false);
                                if (link == null || list.size() == limits.maxLinks()) {
                                    return null;
                                }
                                list.add(link);
                            }
                            links = list;
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    default -> {
                        if (!skipUnknown(p, value)) {
                            return null;
                        }
                    }
                }
                if (url == null || lang == null) {
                    return null;
                }
            }
            if (p.nextToken() != null || id == null || id.isBlank() || platform == null || platform.isBlank()
                    || createdAt == null || text == null) {
                return null;
            }
            Instant at;
            try {
                at = IsoInstants.parse(createdAt);
            } catch (DateTimeParseException e) {
                return null;
            }
            if (at.isBefore(limits.earliest()) || at.isAfter(clock.instant().plus(limits.maxFutureSkew()))) {
                return null;
            }
            return new Mention(id, platform, at, author, text, url, links, lang, engagement, promoted);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The keys of one JSON object read so far, for the streaming pass, whose parser leaves duplicate
     * detection to it: a field the format knows is a bit; of the other keys the first is held alone,
     * and a set is made only when a second comes.
     */
    private static final class ObjectKeys {
        private int known;
        /** The first other key, alone until a second comes; most objects have at most one. */
        private String firstOther;
        private Set<String> others;

        /** Whether this key is new in the object; {@code field} is its number in the format, or -1. */
        boolean firstSight(int field, String name) {
            if (field >= 0) {
                boolean first = (known & (1 << field)) == 0;
                known |= 1 << field;
                return first;
            }
            if (firstOther == null) {
                firstOther = name;
                return true;
            }
            if (others == null) {
                if (firstOther.equals(name)) {
                    return false;
                }
                others = new HashSet<>();
                others.add(firstOther);
            }
            return others.add(name);
        }
    }

    private static int topField(String name) {
        return switch (name) {
            case "id" -> 0;
            case "platform" -> 1;
            case "createdAt" -> 2;
            case "text" -> 3;
            case "url" -> 4;
            case "lang" -> 5;
            case "promoted" -> 6;
            case "author" -> 7;
            case "engagement" -> 8;
            case "links" -> 9;
            default -> -1;
        };
    }

    private static int authorField(String name) {
        return switch (name) {
            case "handle" -> 0;
            case "followers" -> 1;
            case "verified" -> 2;
            default -> -1;
        };
    }

    /** An engagement count's number, also its place in the order {@link Mention.Engagement} takes them. */
    private static int engagementField(String name) {
        return switch (name) {
            case "likes" -> 0;
            case "shares" -> 1;
            case "comments" -> 2;
            case "views" -> 3;
            default -> -1;
        };
    }

    /**
     * Skips the value of a key the format does not know, as {@link JsonParser#skipChildren} would;
     * false if an object within it repeats a key, which the tree path then reports. (An input that
     * ends inside it makes the parser throw; the checks for no token are there should it ever not.)
     * A loop over the containers still open rather than a recursion: how deep it goes is the limits'
     * {@link CodecLimits#maxDepth()}, whatever that is set to.
     */
    private static boolean skipUnknown(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
            return value != null;
        }
        List<ObjectKeys> open = new ArrayList<>(); // innermost last; an array's entry is null
        open.add(value == JsonToken.START_OBJECT ? new ObjectKeys() : null);
        while (!open.isEmpty()) {
            JsonToken token = p.nextToken();
            if (token == null) {
                return false;
            }
            switch (token) {
                case FIELD_NAME -> {
                    if (!open.get(open.size() - 1).firstSight(-1, p.currentName())) {
                        return false;
                    }
                }
                case START_OBJECT -> open.add(new ObjectKeys());
                case START_ARRAY -> open.add(null);
                case END_OBJECT, END_ARRAY -> open.remove(open.size() - 1);
                default -> {
                    // a scalar
                }
            }
        }
        return true;
    }

    /**
     * A string token within its limit and free of NUL and lone surrogates; null for anything else
     * (an optional field's JSON null reads as the empty string).
     */
    private static String string(JsonParser p, JsonToken token, int maxChars, boolean optional) throws IOException {
        if (token == JsonToken.VALUE_NULL && optional) {
            return "";
        }
        if (token != JsonToken.VALUE_STRING) {
            return null;
        }
        String value = p.getText();
        return value.length() > maxChars || badCharacter(value) != null ? null : value;
    }

    /** A count: a JSON integer within a long and not negative (or null, read as 0); -1 for anything else. */
    private static long count(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            return -1;
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return -1;
        }
        long value = p.getLongValue();
        return value < 0 ? -1 : value;
    }

    /** Decodes one JSON Lines line; a line too long to have been kept is reported as such. */
    public Mention decode(JsonLines.Line line) throws InvalidMentionException {
        if (line.overlong()) {
            throw new InvalidMentionException("document", line.length() + " bytes exceeds the limit of "
                    + limits.maxDocumentBytes());
        }
        return decode(line.bytes());
    }

    /** Decodes one record from a string, as read from a JSONL line. */
    public Mention decode(String json) throws InvalidMentionException {
        if (json == null) {
            throw new InvalidMentionException("document", "empty record");
        }
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a JSON document with this codec's limits, without mention validation. Used where the
     * edge must tell "malformed JSON" apart from "valid JSON that is not a valid mention".
     */
    public JsonNode parse(byte[] utf8) throws InvalidMentionException {
        try (JsonParser parser = reader.createParser(utf8)) {
            JsonNode node = reader.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new InvalidMentionException("document", "empty record");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new InvalidMentionException("document", "too large: " + firstLine(e.getOriginalMessage()));
        } catch (CharConversionException e) {
            throw new InvalidMentionException("document", "invalid UTF-8: " + firstLine(e.getMessage()));
        } catch (JsonProcessingException e) {
            String message = firstLine(e.getOriginalMessage());
            if (e instanceof JsonEOFException || message.contains("end-of-input")) {
                throw new InvalidMentionException("document", "truncated JSON: " + message);
            }
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String kind = message.contains("UTF-8") || message.contains("UTF8") ? "invalid UTF-8" : "malformed JSON";
            throw new InvalidMentionException("document", kind + where + ": " + message);
        } catch (IOException e) {
            throw new InvalidMentionException("document", "unreadable: " + firstLine(e.getMessage()));
        }
    }

    /** Validates a parsed document as a mention; every problem is reported. */
    public Mention fromTree(JsonNode root) throws InvalidMentionException {
        if (!root.isObject()) {
            throw new InvalidMentionException("document", "expected a JSON object, got " + describe(root));
        }
        Fields f = new Fields();
        String id = f.requiredString(root, "id", MAX_ID_CHARS);
        if (id != null && id.isBlank()) {
            f.problem("id", "must not be empty");
        }
        String platform = f.requiredString(root, "platform", MAX_SHORT_CHARS);
        if (platform != null && platform.isBlank()) {
            f.problem("platform", "must not be empty");
        }
        Instant createdAt = instant(f, root);
        String text = f.requiredString(root, "text", limits.maxTextChars());

        Mention.Author author = Mention.Author.UNKNOWN;
        JsonNode authorNode = f.optionalObject(root, "author");
        if (authorNode != null) {
            author = new Mention.Author(
                    f.optionalString(authorNode, "author.", "handle", MAX_SHORT_CHARS),
                    f.count(authorNode, "author.", "followers"),
                    f.optionalBoolean(authorNode, "author.", "verified"));
        }
        String url = f.optionalString(root, "", "url", MAX_URL_CHARS);
        List<String> links = f.links(root);
        String lang = f.optionalString(root, "", "lang", 35);
        Mention.Engagement engagement = Mention.Engagement.NONE;
        JsonNode engagementNode = f.optionalObject(root, "engagement");
        if (engagementNode != null) {
            engagement = new Mention.Engagement(
                    f.count(engagementNode, "engagement.", "likes"),
                    f.count(engagementNode, "engagement.", "shares"),
                    f.count(engagementNode, "engagement.", "comments"),
                    f.count(engagementNode, "engagement.", "views"));
        }
        boolean promoted = f.optionalBoolean(root, "", "promoted");
        if (!f.problems.isEmpty()) {
            throw new InvalidMentionException(f.problems);
        }
        return new Mention(id, platform, createdAt, author, text, url, links, lang, engagement, promoted);
    }

    private Instant instant(Fields f, JsonNode root) {
        String raw = f.requiredString(root, "createdAt", 64);
        if (raw == null) {
            return null;
        }
        Instant at;
        try {
            at = IsoInstants.parse(raw);
        } catch (DateTimeParseException e) {
            f.problem("createdAt", "not an ISO-8601 instant: \"" + abbreviate(raw) + "\"");
            return null;
        }
        if (at.isBefore(limits.earliest())) {
            f.problem("createdAt", raw + " is before " + limits.earliest());
        } else if (at.isAfter(clock.instant().plus(limits.maxFutureSkew()))) {
            f.problem("createdAt", raw + " is more than " + limits.maxFutureSkew().toHours() + "h in the future");
        }
        return at;
    }

    /** Encodes a mention as one line of UTF-8 JSON (no trailing newline). */
    public byte[] encode(Mention mention) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + mention.text().length());
        try (JsonGenerator g = writerFactory.createGenerator(out)) {
            g.writeStartObject();
            writeFields(g, mention);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Encodes a mention that must go on as a record this codec will read back: refused when it is
     * written over {@link CodecLimits#maxDocumentBytes()}. A document read within the limit can be
     * written over it, with the fields it left out written at their defaults (about 150 bytes) or a
     * control character as six; the streams app would then refuse the record to the dead letters,
     * after its sender was told it was accepted.
     */
    public byte[] encodeWithinLimits(Mention mention) throws InvalidMentionException {
        byte[] bytes = encode(mention);
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new InvalidMentionException("document", bytes.length + " bytes once written with every field, over the limit of "
                    + limits.maxDocumentBytes());
        }
        return bytes;
    }

    public String encodeToString(Mention mention) {
        return new String(encode(mention), StandardCharsets.UTF_8);
    }

    /**
     * Writes a mention's fields into an object the caller has opened, so that richer records (a
     * classified mention) extend the wire format instead of nesting it.
     */
    public static void writeFields(JsonGenerator g, Mention m) throws IOException {
        g.writeStringField("id", m.id());
        g.writeStringField("platform", m.platform());
        g.writeStringField("createdAt", IsoInstants.format(m.createdAt()));
        g.writeObjectFieldStart("author");
        g.writeStringField("handle", m.author().handle());
        g.writeNumberField("followers", m.author().followers());
        g.writeBooleanField("verified", m.author().verified());
        g.writeEndObject();
        g.writeStringField("text", m.text());
        g.writeStringField("url", m.url());
        g.writeArrayFieldStart("links");
        for (String link : m.links()) {
            g.writeString(link);
        }
        g.writeEndArray();
        g.writeStringField("lang", m.lang());
        g.writeObjectFieldStart("engagement");
        g.writeNumberField("likes", m.engagement().likes());
        g.writeNumberField("shares", m.engagement().shares());
        g.writeNumberField("comments", m.engagement().comments());
        g.writeNumberField("views", m.engagement().views());
        g.writeEndObject();
        g.writeBooleanField("promoted", m.promoted());
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case BOOLEAN -> "boolean";
            case NUMBER -> "number";
            case STRING -> "string";
            case NULL -> "null";
            case OBJECT, POJO -> "object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Collects problems while reading fields, so that one pass reports all of them. */
    private final class Fields {
        final List<Problem> problems = new ArrayList<>();

        void problem(String field, String message) {
            problems.add(new Problem(field, message));
        }

        String requiredString(JsonNode parent, String name, int maxChars) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                problem(name, "required");
                return null;
            }
            return string(node, name, maxChars);
        }

        String optionalString(JsonNode parent, String path, String name, int maxChars) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return "";
            }
            String value = string(node, path + name, maxChars);
            return value == null ? "" : value;
        }

        private String string(JsonNode node, String field, int maxChars) {
            if (!node.isTextual()) {
                problem(field, "expected a string, got " + describe(node));
                return null;
            }
            String value = node.textValue();
            if (value.length() > maxChars) {
                problem(field, value.length() + " characters exceeds the limit of " + maxChars);
                return null;
            }
            String bad = badCharacter(value);
            if (bad != null) {
                problem(field, bad);
                return null;
            }
            return value;
        }

        JsonNode optionalObject(JsonNode parent, String name) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                problem(name, "expected an object, got " + describe(node));
                return null;
            }
            return node;
        }

        boolean optionalBoolean(JsonNode parent, String path, String name) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return false;
            }
            if (!node.isBoolean()) {
                problem(path + name, "expected true or false, got " + describe(node));
                return false;
            }
            return node.booleanValue();
        }

        long count(JsonNode parent, String path, String name) {
            JsonNode node = parent.get(name);
            String field = path + name;
            if (node == null || node.isNull()) {
                return 0;
            }
            if (!node.isNumber()) {
                problem(field, "expected a number, got " + describe(node));
                return 0;
            }
            if (!node.isIntegralNumber()) {
                problem(field, "expected a whole number, got " + node.asText());
                return 0;
            }
            if (!node.canConvertToLong()) {
                problem(field, "out of range: must fit in a 64-bit integer");
                return 0;
            }
            long value = node.longValue();
            if (value < 0) {
                problem(field, "must be >= 0, was " + value);
                return 0;
            }
            return value;
        }

        List<String> links(JsonNode root) {
            JsonNode node = root.get("links");
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                problem("links", "expected an array of strings, got " + describe(node));
                return List.of();
            }
            if (node.size() > limits.maxLinks()) {
                problem("links", node.size() + " entries exceeds the limit of " + limits.maxLinks());
                return List.of();
            }
            List<String> links = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                String link = string(node.get(i), "links[" + i + "]", MAX_URL_CHARS);
                if (link != null) {
                    links.add(link);
                }
            }
            return links;
        }
    }

    /**
     * Names the first character a text field may not hold: NUL (truncates strings in many consumers)
     * or half of a surrogate pair (not encodable as UTF-8, so the record could not be written back).
     */
    static String badCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "contains a NUL character at index " + i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate at index " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate at index " + i;
            }
        }
        return null;
    }
}
