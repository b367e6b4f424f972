package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * New Hacker News stories and comments, read item by item from the public Firebase API
 * ({@code /v0/maxitem.json}, {@code /v0/item/<id>.json}) from the cursor (the last item id handled)
 * up to the newest.
 *
 * <p>Maps each story or comment to a mention: id {@code hackernews:<id>}, {@code time}, title and
 * text as plain text, the story URL and links in the text, {@code by} as handle, score and
 * descendants as likes and comments, the item's news.ycombinator.com URL. Deleted and dead items
 * are skipped.
 *
 * <p>Hacker News holds back the comments of accounts that asked for a delay (up to 10 minutes): until
 * then the API serves them with the text {@code [delayed]}, or not at all. Such an item is asked for
 * again at the first polls 1, 3, 7 and 15 minutes after it was first read (waits of 1, 2, 4 and 8
 * minutes), and sent once it is served; after that it is given up, with a problem told. The items
 * waiting are saved beside the cursor, so a restart asks for them again when they are due.
 */
public final class HackerNewsItems extends PollingFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final int firstBacklog;
    private final Clock clock;
    /** Items held back when last asked for, by id: when to ask next and how long to wait after that. */
    private final java.util.TreeMap<Long, Retry> delayed = new java.util.TreeMap<>();

    private record Retry(Instant at, Duration waited) {
    }

    /**
     * The items held back, saved beside the cursor ({@code <cursor>.held}, a line of id, when to ask
     * next in epoch milliseconds and the wait in minutes each) when they changed, before the cursor is,
     * so that a restart asks for them again rather than forgetting them behind the cursor.
     */
    private final Cursor heldFile;
    private boolean heldChanged;

    /** The first wait before an item held back is asked for again; each wait after is twice the one before. */
    static final Duration DELAYED_FIRST_RETRY = Duration.ofMinutes(1);
    /** The longest wait: an item still held back when it is over is given up (Hacker News delays by 10 minutes at most). */
    static final Duration DELAYED_LAST_RETRY = Duration.ofMinutes(8);
    /** Items waiting at most; the oldest is given up for a newer one past it. */
    static final int DELAYED_MAX = 10_000;

    /**
     * @param api          the API root, e.g. {@code https://hacker-news.firebaseio.com/}
     * @param firstBacklog how many items before the newest to start from when there is no cursor
     */
    public HackerNewsItems(URI api, BrandFilter filter, Cursor cursor, MentionSink sink, Consumer<String> problems,
                           MentionCodec codec, Duration interval, int firstBacklog) {
        this(api, filter, cursor, sink, problems, codec, interval, firstBacklog,
                new Poller(null, Clock.systemUTC()));
    }

    HackerNewsItems(URI api, BrandFilter filter, Cursor cursor, MentionSink sink, Consumer<String> problems,
                    MentionCodec codec, Duration interval, int firstBacklog, Poller poller) {
        this(api, filter, cursor, sink, problems, codec, interval, firstBacklog, poller, Clock.systemUTC());
    }

    HackerNewsItems(URI api, BrandFilter filter, Cursor cursor, MentionSink sink, Consumer<String> problems,
                    MentionCodec codec, Duration interval, int firstBacklog, Poller poller, Clock clock) {
        super("hackernews", filter, cursor, sink, problems, codec, interval, poller);
        this.api = api;
        this.firstBacklog = firstBacklog;
        this.clock = clock;
        this.heldFile = cursor.beside(".held");
        String saved = heldFile.get();
        for (String line : saved == null ? new String[0] : saved.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            try {
                // A wait outside the steps (a file edited by hand) is taken as the nearest: one of 0 would never grow.
                long waited = Math.max(DELAYED_FIRST_RETRY.toMinutes(), Math.min(DELAYED_LAST_RETRY.toMinutes(),
                        Long.parseLong(fields[2])));
                delayed.put(Long.parseLong(fields[0]), new Retry(Instant.ofEpochMilli(Long.parseLong(fields[1])),
                        Duration.ofMinutes(waited)));
            } catch (RuntimeException e) {
                problems.accept("hackernews: a line of the held-back items' file, '" + line.strip() + "', is not an id, a time"
                        + " and a wait; skipped");
            }
        }
    }

    /**
     * Makes what was sent durable, saves the items held back if they changed, then moves the cursor to
     * {@code position} (a negative one leaves it): in that order, so that no crash leaves an item behind
     * the cursor and out of the held-back file.
     */
    private void save(long position) {
        sink.flush();
        if (heldChanged) {
            StringBuilder lines = new StringBuilder();
            delayed.forEach((id, retry) -> lines.append(id).append(' ').append(retry.at().toEpochMilli()).append(' ')
                    .append(retry.waited().toMinutes()).append('\n'));
            heldFile.set(lines.toString());
            heldChanged = false;
        }
        if (position >= 0) {
            cursor.set(Long.toString(position));
        }
    }

    /**
     * Of the newest item ids, how many an empty answer is taken as "not served yet" for, rather than
     * as an item that does not exist: the pass stops at such an item and the next one retries it.
     */
    static final int NOT_YET_SERVED = 20;

    /** Reads every item after the cursor up to the newest; returns how many were read. */
    @Override
    public int pollOnce() throws IOException, InterruptedException {
        JsonNode max = poller.get(api.resolve("v0/maxitem.json"));
        if (max == null || !max.canConvertToLong()) {
            throw new IOException("maxitem.json did not return an item id");
        }
        long newest = max.asLong();
        long from = cursor.get() == null ? Math.max(1, newest - firstBacklog + 1) : cursor.asLong("an item id") + 1;
        int read = 0;
        // The last id this pass got through: a pass ended by close() saves it, not the newest, which the
        // next run would otherwise start after, skipping every item between.
        long handled = from - 1;
        try {
            for (long id = from; id <= newest && !closed; handled = id, id++) {
                JsonNode item;
                read++;
                try {
                    item = poller.get(api.resolve("v0/item/" + id + ".json"));
                } catch (com.fasterxml.jackson.core.JsonProcessingException | Poller.BodyTooLarge e) {
                    // This item's own fault: asked again it would fail again, and every pass would stop here.
                    stats.rejected.incrementAndGet();
                    problems.accept("hackernews: item " + id + (e instanceof Poller.BodyTooLarge ? " is too large ("
                            + e.getMessage() + ")" : " is not valid JSON") + "; skipped");
                    save(id); // the cursor moves past what came before it only once that is stored
                    continue;
                }
                if ((item == null || item.isNull()) && newest - id < NOT_YET_SERVED) {
                    // Hacker News counts an item in maxitem a moment before it serves it: near the newest,
                    // empty means not yet. The pass ends before it, and the next poll asks again.
                    return read + retryDelayed();
                }
                if (delayed.remove(id) != null) {
                    heldChanged = true; // held back before a restart that left the cursor before it: read here now
                }
                if (isHeldBack(item)) {
                    holdBack(id);
                } else {
                    send(id, item);
                }
                if (read % 100 == 0) {
                    save(id);
                }
            }
        } finally {
            // A pass that ends early (an item not served yet; an answer other than 200, 404, 429 or 5xx; a
            // close while the API was failing) keeps what it got through: the next began again at the last
            // hundred, and sent up to 99 items twice.
            save(handled >= from ? handled : -1);
        }
        return closed ? read : read + retryDelayed();
    }

    /** Sends a story or comment that is neither deleted nor dead, if it names a tracked brand. */
    private void send(long id, JsonNode item) {
        if (item != null && !item.path("deleted").asBoolean(false) && !item.path("dead").asBoolean(false)
                && ("story".equals(item.path("type").asText()) || "comment".equals(item.path("type").asText()))) {
            stats.received.incrementAndGet();
            String text = (item.path("title").asText("") + "\n" + Html.text(item.path("text").asText(""))).strip();
            if (!filter.matches(text)) {
                stats.filtered.incrementAndGet();
            } else {
                try {
                    sink.accept(toMention(item, text));
                    stats.sent.incrementAndGet();
                } catch (InvalidMentionException e) {
                    stats.rejected.incrementAndGet();
                    problems.accept("hackernews: item " + id + " skipped: " + e.getMessage());
                }
            }
        }
    }

    /** An item not served (past the newest few, where that means "not yet"), or served as {@code [delayed]}. */
    private static boolean isHeldBack(JsonNode item) {
        return item == null || item.isNull() || "[delayed]".equals(item.path("text").asText("").strip());
    }

    private void holdBack(long id) {
        if (delayed.size() >= DELAYED_MAX) {
            long oldest = delayed.firstKey();
            delayed.remove(oldest);
            heldChanged = true;
            problems.accept("hackernews: item " + oldest + " given up: over " + DELAYED_MAX + " items are held back");
        }
        delayed.put(id, new Retry(clock.instant().plus(DELAYED_FIRST_RETRY), DELAYED_FIRST_RETRY));
        heldChanged = true;
    }

    /**
     * Asks again for the items held back whose wait is over: sends those served now, waits twice as
     * long for the others, and gives up on those whose longest wait is over. Returns how many it asked for.
     */
    private int retryDelayed() throws IOException, InterruptedException {
        Instant now = clock.instant();
        int asked = 0;
        try {
            for (var it = delayed.entrySet().iterator(); it.hasNext() && !closed; ) {
                var entry = it.next();
                if (entry.getValue().at().isAfter(now)) {
                    continue;
                }
                long id = entry.getKey();
                asked++;
                heldChanged = true; // sent, given up or put off: changed either way
                JsonNode item;
                try {
                    item = poller.get(api.resolve("v0/item/" + id + ".json"));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    item = null; // asked again, as if not served
                } catch (Poller.BodyTooLarge e) {
                    // Served now, but too large to read: asked again it would be again, and stop every retry after it.
                    it.remove();
                    stats.rejected.incrementAndGet();
                    problems.accept("hackernews: item " + id + " is too large (" + e.getMessage() + "); skipped");
                    continue;
                }
                if (!isHeldBack(item)) {
                    it.remove();
                    send(id, item);
                } else if (entry.getValue().waited().compareTo(DELAYED_LAST_RETRY) >= 0) {
                    it.remove();
                    // One still served as [delayed] is a comment lost, and said; one never served at all is most
                    // likely an id that was never an item, as those far behind the newest always were.
                    if (item != null && !item.isNull()) {
                        stats.rejected.incrementAndGet();
                        problems.accept("hackernews: item " + id + " still held back after " + DELAYED_LAST_RETRY.multipliedBy(2)
                                .minus(DELAYED_FIRST_RETRY).toMinutes() + " minutes; given up");
                    }
                } else {
                    Duration next = entry.getValue().waited().multipliedBy(2);
                    // From when it was due: 1, 3, 7, 15 minutes on.
                    entry.setValue(new Retry(entry.getValue().at().plus(next), next));
                }
            }
        } finally {
            save(-1); // what was sent, given up or put off, also when a request fails or the feed closes
        }
        return asked;
    }

    Mention toMention(JsonNode item, String text) throws InvalidMentionException {
        ObjectNode doc = JSON.createObjectNode();
        long id = item.path("id").asLong();
        doc.put("id", "hackernews:" + id);
        doc.put("platform", "hackernews");
        doc.put("createdAt", Instant.ofEpochSecond(item.path("time").asLong()).toString());
        doc.putObject("author").put("handle", item.path("by").asText(""));
        doc.put("text", text);
        doc.put("url", "https://news.ycombinator.com/item?id=" + id);
        List<String> links = new java.util.ArrayList<>();
        if (item.path("url").isTextual()) {
            links.add(item.get("url").asText());
        }
        links.addAll(Html.links(item.path("text").asText("")));
        PostFields.putLinks(doc, links, codec); // as many as a mention holds, rather than the item refused for them
        ObjectNode engagement = doc.putObject("engagement");
        engagement.put("likes", Math.max(0, item.path("score").asLong(0)));
        engagement.put("comments", Math.max(0, item.path("descendants").asLong(0)));
        return PostFields.fitted(codec.fromTree(doc), codec);
    }
}
