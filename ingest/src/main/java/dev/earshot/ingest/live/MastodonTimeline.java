package dev.earshot.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Statuses from a Mastodon instance's public timeline, or a hashtag timeline, polled with
 * {@code since_id} so that each poll asks only for what is new and a restart resumes from the cursor.
 *
 * <p>Maps each status to a mention: id {@code mastodon:<instance host>:<status id>}, {@code created_at},
 * the HTML content as plain text, its links and preview card URL, {@code account.acct} as handle with
 * {@code followers_count}, favourites, reblogs and replies as likes, shares and comments, language,
 * URL. Honours 429 and the {@code X-RateLimit-*} headers.
 */
public final class MastodonTimeline extends PollingFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI instance;
    private final String hashtag;

    /**
     * @param hashtag a hashtag timeline to follow (without '#'), or null for the public timeline
     * @param token   an access token, or null (public timelines need none on most instances)
     */
    public MastodonTimeline(URI instance, String hashtag, String token, BrandFilter filter, Cursor cursor,
                            MentionSink sink, Consumer<String> problems, MentionCodec codec, Duration interval) {
        this(instance, hashtag, filter, cursor, sink, problems, codec, interval,
                new Poller(token, Clock.systemUTC(), d -> Thread.sleep(d.toMillis())));
    }

    MastodonTimeline(URI instance, String hashtag, BrandFilter filter, Cursor cursor, MentionSink sink,
                     Consumer<String> problems, MentionCodec codec, Duration interval, Poller poller) {
        super("mastodon", filter, cursor, sink, problems, codec, interval, poller);
        this.instance = instance;
        this.hashtag = hashtag;
    }

    /** One poll: everything newer than the cursor, oldest first; returns how many statuses came. */
    @Override
    public int pollOnce() throws IOException, InterruptedException {
        String path = hashtag == null ? "/api/v1/timelines/public"
                : "/api/v1/timelines/tag/" + URLEncoder.encode(hashtag, StandardCharsets.UTF_8);
        String since = cursor.get();
        URI uri = instance.resolve(path + "?limit=40" + (since == null ? "" : "&since_id=" + since));
        JsonNode statuses = poller.get(uri);
        if (statuses == null || !statuses.isArray()) {
            problems.accept("mastodon: " + uri + " did not return a list of statuses");
            return 0;
        }
        List<JsonNode> oldestFirst = new ArrayList<>();
        statuses.forEach(s -> oldestFirst.add(0, s));
        String newest = since;
        for (JsonNode status : oldestFirst) {
            String id = status.path("id").asText("");
            if (id.isEmpty() || (since != null && compareIds(id, since) <= 0)) {
                continue;
            }
            stats.received.incrementAndGet();
            String text = Html.text(status.path("content").asText(""));
            if (!filter.matches(text)) {
                stats.filtered.incrementAndGet();
            } else {
                try {
                    sink.accept(toMention(status, text));
                    stats.sent.incrementAndGet();
                } catch (InvalidMentionException e) {
                    stats.rejected.incrementAndGet();
                    problems.accept("mastodon: status " + id + " skipped: " + e.getMessage());
                }
            }
            if (newest == null || compareIds(id, newest) > 0) {
                newest = id;
            }
        }
        sink.flush();
        if (newest != null) {
            cursor.set(newest);
        }
        return oldestFirst.size();
    }

    Mention toMention(JsonNode status, String text) throws InvalidMentionException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", "mastodon:" + instance.getHost() + ":" + status.path("id").asText());
        doc.put("platform", "mastodon");
        doc.set("createdAt", status.get("created_at"));
        JsonNode account = status.path("account");
        ObjectNode author = doc.putObject("author");
        author.put("handle", "@" + account.path("acct").asText(""));
        author.put("followers", Math.max(0, account.path("followers_count").asLong(0)));
        doc.put("text", text);
        doc.put("url", status.path("url").asText(""));
        var links = doc.putArray("links");
        Html.links(status.path("content").asText("")).stream()
                .filter(l -> !l.contains("/tags/") && !l.contains("/@"))
                .forEach(links::add);
        if (status.path("card").path("url").isTextual()) {
            links.add(status.path("card").path("url").asText());
        }
        if (status.path("language").isTextual()) {
            doc.put("lang", status.get("language").asText());
        }
        ObjectNode engagement = doc.putObject("engagement");
        engagement.put("likes", Math.max(0, status.path("favourites_count").asLong(0)));
        engagement.put("shares", Math.max(0, status.path("reblogs_count").asLong(0)));
        engagement.put("comments", Math.max(0, status.path("replies_count").asLong(0)));
        return codec.fromTree(doc);
    }

    /** Mastodon ids are numeric strings that grow over time; longer means newer. */
    private static int compareIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
