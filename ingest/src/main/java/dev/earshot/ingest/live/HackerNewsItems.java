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
 */
public final class HackerNewsItems extends PollingFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final int firstBacklog;

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
        super("hackernews", filter, cursor, sink, problems, codec, interval, poller);
        this.api = api;
        this.firstBacklog = firstBacklog;
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
        for (long id = from; id <= newest && !closed; handled = id, id++) {
            JsonNode item;
            read++;
            try {
                item = poller.get(api.resolve("v0/item/" + id + ".json"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                stats.rejected.incrementAndGet();
                problems.accept("hackernews: item " + id + " is not valid JSON; skipped");
                sink.flush(); // the cursor moves past what came before it only once that is stored
                cursor.set(Long.toString(id));
                continue;
            }
            if ((item == null || item.isNull()) && newest - id < NOT_YET_SERVED) {
                // Hacker News counts an item in maxitem a moment before it serves it: near the newest,
                // empty means not yet. The pass ends before it, and the next poll asks again.
                sink.flush();
                if (id > from) {
                    cursor.set(Long.toString(id - 1));
                }
                return read;
            }
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
            if (read % 100 == 0) {
                sink.flush();
                cursor.set(Long.toString(id));
            }
        }
        sink.flush();
        if (handled >= from) {
            cursor.set(Long.toString(handled));
        }
        return read;
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
        var links = doc.putArray("links");
        if (item.path("url").isTextual()) {
            links.add(item.get("url").asText());
        }
        Html.links(item.path("text").asText("")).forEach(links::add);
        ObjectNode engagement = doc.putObject("engagement");
        engagement.put("likes", Math.max(0, item.path("score").asLong(0)));
        engagement.put("comments", Math.max(0, item.path("descendants").asLong(0)));
        return codec.fromTree(doc);
    }
}
