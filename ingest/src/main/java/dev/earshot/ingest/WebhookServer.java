package dev.earshot.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.edge.Answers;
import dev.earshot.edge.Bodies;
import dev.earshot.edge.EdgeMetrics;
import dev.earshot.edge.EdgeServer;
import dev.earshot.edge.KafkaHealth;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook receiver: {@code POST /v1/mentions} takes one mention, a JSON array of mentions or
 * NDJSON, and {@code GET /healthz} says the process is up and whether Kafka answers.
 *
 * <p>Answers, in the order they are decided: 413 for a body over the cap (from its Content-Length,
 * or as soon as the cap is passed, never read whole); 401 for a missing, stale, bad or replayed
 * signature or token, decided from the headers before any byte of the body is read where the
 * headers alone can tell; 408 when the body has not arrived within {@code http.read.timeout}; 400 for
 * malformed JSON; 413 for more than {@code webhook.max.records} records; 422 when any record is not a
 * valid mention, listing the problems of the first {@value #LISTED} by index, with nothing sent; 202
 * only after Kafka has acknowledged every record; 503 with Retry-After when Kafka does not, in which
 * case nothing is claimed as stored (the sender retries; repeats are dropped downstream by mention id).
 *
 * <p>Runs on {@link EdgeServer}: bodies are read without holding a thread, so slow senders cost a
 * connection each, within a cap, and are cut at the read timeout.
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
    /** How many rejected records a 422 lists; the rest are counted, so a hostile body cannot inflate the answer. */
    static final int LISTED = 100;

    private final EdgeServer server;
    private final MentionPublisher publisher;
    private final MentionCodec codec;
    private final WebhookAuth auth;
    private final IngestConfig config;
    private final Clock clock;
    private final KafkaHealth kafkaHealth;
    private final EdgeMetrics metrics = new EdgeMetrics();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /**
     * When Kafka last failed to store a request's mentions ({@code System.nanoTime}), and whether a write
     * succeeded since: a broker that answers but refuses writes (too few in-sync replicas, a revoked ACL,
     * a deleted topic) is as down, for a sender and a load balancer, as one that does not answer.
     */
    private volatile long lastWriteFailed;
    private volatile boolean storedSinceFailure = true;
    /** How long a failed write keeps /healthz down unless a later one succeeds. */
    static final long WRITE_FAILURE_HOLDS_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    public WebhookServer(String host, int port, IngestConfig config, MentionPublisher publisher, MentionCodec codec,
                         WebhookAuth auth, Clock clock) throws IOException {
        this.config = config;
        this.publisher = publisher;
        this.codec = codec;
        this.auth = auth;
        this.clock = clock;
        this.kafkaHealth = new KafkaHealth(config.clientSettings());
        this.server = EdgeServer.start("webhook", host, port, config.http(), new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(request, response, callback);
                return true;
            }
        });
        metrics.bind(server).bind(publisher.meters()).bind(registry -> {
            io.micrometer.core.instrument.FunctionCounter.builder("earshot.webhook.accepted", accepted, AtomicLong::get)
                    .description("Mentions the webhook answered 202 for").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("earshot.webhook.refused", refused, AtomicLong::get)
                    .description("Webhook requests refused with 4xx or 503").register(registry);
        });
    }

    /** A record of a request that is not a valid mention: its place in the body and what is wrong. */
    private record Rejected(int index, List<Problem> problems) {
    }

    /** Producer settings for the webhook: fail fast enough to answer 503 within the ack timeout. */
    public static java.util.Map<String, Object> producerSettings(IngestConfig config) {
        java.util.Map<String, Object> settings = config.clientSettings();
        long ack = config.webhookAckTimeout().toMillis();
        settings.putIfAbsent("max.block.ms", Math.min(ack, 5_000));
        settings.putIfAbsent("request.timeout.ms", (int) Math.max(1_000, Math.min(ack - 100, 5_000)));
        settings.putIfAbsent("delivery.timeout.ms", (int) Math.max(ack, 5_100));
        settings.putIfAbsent("linger.ms", 1);
        return settings;
    }

    public int port() {
        return server.port();
    }

    public long accepted() {
        return accepted.get();
    }

    private void route(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if ("/healthz".equals(path)) {
            health(request, response, callback);
        } else if ("/v1/mentions".equals(path)) {
            mentions(request, response, callback);
        } else if ("/metrics".equals(path)) {
            metrics(request, response, callback);
        } else {
            Answers.error(response, callback, 404, "no such path; mentions go to POST /v1/mentions");
        }
    }

    private void health(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            response.getHeaders().put("Allow", "GET");
            Answers.error(response, callback, 405, "use GET");
            return;
        }
        boolean kafka = kafkaHealth.up();
        boolean writesFailing = !storedSinceFailure && System.nanoTime() - lastWriteFailed < WRITE_FAILURE_HOLDS_NANOS;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !kafka ? "kafka unreachable" : writesFailing ? "kafka refuses writes" : "ok");
        body.put("kafka", kafka ? "up" : "down");
        body.put("writes", writesFailing ? "failing" : "ok");
        body.put("accepted", accepted.get());
        body.put("refused", refused.get());
        Answers.json(response, callback, kafka && !writesFailing ? 200 : 503, body);
    }

    /**
     * Prometheus text, to a scraper with the bearer token, or, when the receiver has none (signed
     * requests only), on this host: the receiver listens beyond loopback, and its counters are no
     * one else's business.
     */
    private void metrics(Request request, Response response, Callback callback) {
        boolean local;
        try {
            local = java.net.InetAddress.getByName(Request.getRemoteAddr(request)).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            local = false;
        }
        String authorization = request.getHeaders().get("Authorization");
        boolean tokenGiven = authorization != null && auth.checkHeaders(null, null, authorization, clock.instant()) == null;
        // With a bearer token configured, it is required even from this host: a TLS proxy in front
        // makes every request look local.
        if (!tokenGiven && (auth.acceptsBearer() || !local)) {
            Answers.error(response, callback, 401, "metrics are served to this host, or with the webhook's bearer token");
            return;
        }
        Answers.bytes(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private void mentions(Request request, Response response, Callback callback) {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put("Allow", "POST");
            Answers.error(response, callback, 405, "use POST");
            return;
        }
        HttpFields headers = request.getHeaders();
        String timestamp = headers.get("X-Earshot-Timestamp");
        String signature = headers.get("X-Earshot-Signature");
        String authorization = headers.get("Authorization");
        // Whatever the headers alone refuse is refused before a byte of the body is read.
        String early = auth.checkHeaders(timestamp, signature, authorization, clock.instant());
        if (early != null) {
            refuseAndClose(request, response, callback, 401, early);
            return;
        }
        Bodies.read(request, config.webhookMaxBodyBytes(), config.http().readTimeout()).whenComplete((body, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                Bodies.Refused refusal = cause instanceof Bodies.Refused r ? r : null;
                refuseAndClose(refusal != null && refusal.unread() ? request : null, response, callback,
                        refusal != null ? refusal.status() : 400, cause.getMessage());
                return;
            }
            try {
                answer(body, timestamp, signature, authorization, response, callback);
            } catch (RuntimeException e) {
                unanswered(signature, callback, e); // its signature released: the request may be sent again
            }
        });
    }

    private void answer(byte[] body, String timestamp, String signature, String authorization, Response response,
                        Callback callback) {
        String why = auth.check(timestamp, signature, authorization, body, clock.instant());
        if (why == WebhookAuth.IN_FLIGHT) {
            response.getHeaders().put("Retry-After", "1");
            refuse(response, callback, 409, why);
            return;
        }
        if (why != null) {
            refuse(response, callback, 401, why);
            return;
        }
        List<JsonNode> documents;
        try {
            documents = documents(body);
        } catch (TooLarge e) {
            auth.release(signature);
            refuse(response, callback, 413, e.getMessage());
            return;
        } catch (InvalidMentionException e) {
            auth.release(signature);
            refuse(response, callback, 400, e.getMessage());
            return;
        }
        if (documents.isEmpty()) {
            auth.release(signature);
            refuse(response, callback, 400, "no mentions in the body");
            return;
        }
        List<Mention> mentions = new ArrayList<>(documents.size());
        List<byte[]> records = new ArrayList<>(documents.size());
        List<Rejected> rejected = new ArrayList<>();
        int rejectedCount = 0;
        for (int i = 0; i < documents.size(); i++) {
            try {
                Mention m = codec.fromTree(documents.get(i));
                records.add(codec.encodeWithinLimits(m)); // what is sent must be what the streams app reads
                mentions.add(m);
            } catch (InvalidMentionException e) {
                rejectedCount++;
                if (rejected.size() < LISTED) {
                    rejected.add(new Rejected(i, e.problems()));
                }
            }
        }
        if (rejectedCount > 0) {
            auth.release(signature);
            refused.addAndGet(documents.size());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", rejectedCount + " of " + documents.size()
                    + " records are not valid mentions; none was accepted");
            answer.put("rejected", rejected.stream().map(r -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", r.index());
                entry.put("problems", r.problems().stream().map(Problem::toString).toList());
                return entry;
            }).toList());
            if (rejectedCount > rejected.size()) {
                answer.put("notListed", rejectedCount - rejected.size());
            }
            Answers.json(response, callback, 422, answer);
            return;
        }
        publishAndAnswer(mentions, records, signature, response, callback);
    }

    /**
     * Sends the mentions and answers 202 once Kafka has acknowledged every one, or 503 (releasing the
     * signature, so the sender may retry the same request) when it has not within {@code
     * webhook.ack.timeout}. The wait for the acknowledgements holds no thread: the answer is written
     * from Jetty's pool when they arrive, so requests waiting on a slow broker do not take the
     * threads that every other request, {@code /healthz} among them, is served by. A send itself may
     * still block while the producer waits for the broker's metadata ({@code max.block.ms}).
     */
    private void publishAndAnswer(List<Mention> mentions, List<byte[]> records, String signature, Response response,
                                  Callback callback) {
        List<CompletableFuture<?>> acks = new ArrayList<>(mentions.size());
        long deadline = System.nanoTime() + config.webhookAckTimeout().toNanos();
        for (int i = 0; i < mentions.size(); i++) {
            CompletableFuture<?> ack = publisher.publish(mentions.get(i), records.get(i));
            acks.add(ack);
            // With the broker gone, each send blocks for metadata before it fails: once one has failed,
            // or the time is up, the rest would only delay the 503 the sender is owed.
            if (ack.isCompletedExceptionally() || System.nanoTime() > deadline) {
                break;
            }
        }
        CompletableFuture<Void> all = acks.size() < mentions.size() && !acks.get(acks.size() - 1).isCompletedExceptionally()
                ? CompletableFuture.failedFuture(new TimeoutException())
                : CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        ThreadPool pool = server.jetty().getThreadPool();
        all.whenComplete((done, failure) -> {
            try {
                pool.execute(() -> answerAcknowledged(mentions, signature, failure, response, callback));
            } catch (RejectedExecutionException e) {
                // The server is stopping: no answer can be written, but the sender may retry the request.
                unanswered(signature, callback, e);
            }
        });
    }

    /** 202 once Kafka acknowledged every mention ({@code failure} null), 503 otherwise. */
    private void answerAcknowledged(List<Mention> mentions, String signature, Throwable failure, Response response,
                                    Callback callback) {
        try {
            if (failure != null) {
                Throwable why = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String cause = why instanceof TimeoutException ? "no answer in time"
                        : why.getClass().getSimpleName() + ": " + why.getMessage();
                log.warn("Kafka did not acknowledge {} mentions: {}", mentions.size(), cause);
                lastWriteFailed = System.nanoTime();
                storedSinceFailure = false;
                auth.release(signature);
                response.getHeaders().put("Retry-After", "5");
                refuse(response, callback, 503, "Kafka did not acknowledge the mentions; nothing is claimed as stored, retry later");
                return;
            }
            // Counted before the answer leaves: a sender that reads /metrics after its 202 sees it counted.
            accepted.addAndGet(mentions.size());
            storedSinceFailure = true;
            auth.accepted(signature, clock.instant());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("accepted", mentions.size());
            answer.put("ids", mentions.stream().map(Mention::id).toList());
            Answers.json(response, callback, 202, answer);
        } catch (RuntimeException e) {
            unanswered(signature, callback, e);
        }
    }

    /** No answer could be written: the request is failed and its signature released, so the sender may retry it. */
    private void unanswered(String signature, Callback callback, Throwable why) {
        auth.release(signature);
        callback.failed(why);
    }

    /**
     * One object (on one line or laid out over many), an array of objects, or NDJSON: the JSON
     * documents of a body; more than {@code webhook.max.records} is refused before the records are
     * parsed. A body that is one whole document is that document; one that is not is read as NDJSON,
     * whose errors name the record.
     */
    private List<JsonNode> documents(byte[] body) throws InvalidMentionException, TooLarge {
        int max = config.webhookMaxRecords();
        int first = dev.earshot.model.JsonLines.byteOrderMark(body);
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length) {
            throw new InvalidMentionException("body", "empty");
        }
        if (body[first] == '[') {
            if (body.length > codec.limits().maxDocumentBytes()) {
                // An array is read as one document, and the codec reads none longer; a 400 would read as
                // malformed JSON, which a sender drops rather than splits.
                throw new TooLarge("an array body of " + body.length + " bytes is read as one JSON document, of at most "
                        + codec.limits().maxDocumentBytes() + " bytes: send fewer records per request, or NDJSON (one"
                        + " mention a line), which takes bodies up to webhook.max.body.bytes");
            }
            JsonNode array = codec.parse(body);
            if (array.size() > max) {
                throw tooMany(array.size(), max);
            }
            List<JsonNode> docs = new ArrayList<>(array.size());
            array.forEach(docs::add);
            return docs;
        }
        if (body[first] == '{') {
            try {
                return List.of(codec.parse(body)); // one object, however it is laid out; NDJSON has more
            } catch (InvalidMentionException notOneDocument) {
                // NDJSON, or not JSON: read by lines below, which says which record is wrong
            }
        }
        List<JsonNode> docs = new ArrayList<>();
        int start = 0;
        int line = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                byte[] part = java.util.Arrays.copyOfRange(body, start, i);
                start = i + 1;
                if (new String(part, StandardCharsets.UTF_8).isBlank()) {
                    continue;
                }
                if (line == max) {
                    throw tooMany(line + 1, max);
                }
                try {
                    docs.add(codec.parse(part));
                } catch (InvalidMentionException e) {
                    throw new InvalidMentionException("record " + line, e.getMessage());
                }
                line++;
            }
        }
        return docs;
    }

    private static TooLarge tooMany(int count, int max) {
        return new TooLarge("more than " + max + " records in one request (" + (count > max + 1 ? count : "at least " + count)
                + "); send at most " + max + " per request (webhook.max.records)");
    }

    /** A body of more records than one request may carry. */
    private static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private void refuse(Response response, Callback callback, int status, String message) {
        refused.incrementAndGet();
        Answers.error(response, callback, status, message);
    }

    /**
     * A refusal after which the connection is closed; {@code unread} is the request when none of its
     * body was read (it is then drained before the close), null otherwise.
     */
    private void refuseAndClose(Request unread, Response response, Callback callback, int status, String message) {
        refused.incrementAndGet();
        if (unread != null) {
            Answers.refuseUnread(unread, response, callback, status, message);
        } else {
            Answers.errorAndClose(response, callback, status, message);
        }
    }

    @Override
    public void close() {
        server.close();
        kafkaHealth.close();
        metrics.close();
    }
}
