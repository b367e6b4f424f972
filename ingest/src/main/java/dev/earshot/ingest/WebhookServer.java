package dev.earshot.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.earshot.model.InvalidMentionException;
import dev.earshot.model.Mention;
import dev.earshot.model.MentionCodec;
import dev.earshot.model.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook receiver: {@code POST /v1/mentions} takes one mention, a JSON array of mentions or
 * NDJSON, and {@code GET /healthz} says the process is up.
 *
 * <p>Answers, in the order they are decided: 413 for a body over the cap (refused from its
 * Content-Length, or as soon as the cap is passed, never read whole); 401 for a missing, bad or
 * replayed signature; 400 for malformed JSON; 422 when any record is not a valid mention, listing
 * each problem by index, with nothing sent; 202 only after Kafka has acknowledged every record; 503
 * with Retry-After when Kafka does not, in which case nothing is claimed as stored (the sender
 * retries; repeats are dropped downstream by mention id).
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpServer server;
    private final ExecutorService executor;
    private final MentionPublisher publisher;
    private final MentionCodec codec;
    private final WebhookAuth auth;
    private final IngestConfig config;
    private final Clock clock;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public WebhookServer(String host, int port, IngestConfig config, MentionPublisher publisher, MentionCodec codec,
                         WebhookAuth auth, Clock clock) throws IOException {
        this.config = config;
        this.publisher = publisher;
        this.codec = codec;
        this.auth = auth;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        // Handlers block while Kafka acknowledges; a pool lets other requests proceed meanwhile.
        this.executor = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "webhook");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/v1/mentions", this::mentions);
        server.createContext("/healthz", this::health);
        server.start();
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
        return server.getAddress().getPort();
    }

    public long accepted() {
        return accepted.get();
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("use GET"));
                return;
            }
            respond(exchange, 200, json(g -> {
                g.writeStringField("status", "ok");
                g.writeNumberField("accepted", accepted.get());
                g.writeNumberField("refused", refused.get());
            }));
        }
    }

    private void mentions(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, error("use POST"));
                return;
            }
            int cap = config.webhookMaxBodyBytes();
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && parseLong(length) > cap) {
                refuse(exchange, 413, "body of " + length + " bytes exceeds the limit of " + cap);
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody(), cap);
            if (body == null) {
                refuse(exchange, 413, "body exceeds the limit of " + cap + " bytes");
                return;
            }
            String why = auth.check(exchange.getRequestHeaders().getFirst("X-Earshot-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Earshot-Signature"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body, clock.instant());
            if (why != null) {
                refuse(exchange, 401, why);
                return;
            }
            List<JsonNode> documents;
            try {
                documents = documents(body);
            } catch (InvalidMentionException e) {
                refuse(exchange, 400, e.getMessage());
                return;
            }
            if (documents.isEmpty()) {
                refuse(exchange, 400, "no mentions in the body");
                return;
            }
            List<Mention> mentions = new ArrayList<>(documents.size());
            List<Rejected> rejected = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                try {
                    mentions.add(codec.fromTree(documents.get(i)));
                } catch (InvalidMentionException e) {
                    rejected.add(new Rejected(i, e.problems()));
                }
            }
            if (!rejected.isEmpty()) {
                refused.addAndGet(documents.size());
                respond(exchange, 422, json(g -> {
                    g.writeStringField("error", rejected.size() + " of " + documents.size()
                            + " records are not valid mentions; none was accepted");
                    g.writeArrayFieldStart("rejected");
                    for (Rejected r : rejected) {
                        g.writeStartObject();
                        g.writeNumberField("index", r.index());
                        g.writeArrayFieldStart("problems");
                        for (Problem p : r.problems()) {
                            g.writeString(p.toString());
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }));
                return;
            }
            publishAndAnswer(exchange, mentions);
        }
    }

    private void publishAndAnswer(HttpExchange exchange, List<Mention> mentions) throws IOException {
        List<CompletableFuture<?>> acks = new ArrayList<>(mentions.size());
        long deadline = System.nanoTime() + config.webhookAckTimeout().toNanos();
        for (Mention m : mentions) {
            CompletableFuture<?> ack = publisher.publish(m);
            acks.add(ack);
            // With the broker gone, each send blocks for metadata before it fails: once one has failed,
            // or the time is up, the rest would only delay the 503 the sender is owed.
            if (ack.isCompletedExceptionally() || System.nanoTime() > deadline) {
                break;
            }
        }
        try {
            if (acks.size() < mentions.size() && !acks.get(acks.size() - 1).isCompletedExceptionally()) {
                throw new TimeoutException();
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String cause = e instanceof ExecutionException && e.getCause() != null
                    ? e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() : "no answer in time";
            log.warn("Kafka did not acknowledge {} mentions: {}", mentions.size(), cause);
            exchange.getResponseHeaders().set("Retry-After", "5");
            refuse(exchange, 503, "Kafka did not acknowledge the mentions (" + cause + "); nothing is claimed as "
                    + "stored, retry later");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(exchange, 503, "shutting down");
            return;
        }
        accepted.addAndGet(mentions.size());
        respond(exchange, 202, json(g -> {
            g.writeNumberField("accepted", mentions.size());
            g.writeArrayFieldStart("ids");
            for (Mention m : mentions) {
                g.writeString(m.id());
            }
            g.writeEndArray();
        }));
    }

    /** One object, an array of objects, or NDJSON: the JSON documents of a body. */
    private List<JsonNode> documents(byte[] body) throws InvalidMentionException {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length) {
            throw new InvalidMentionException("body", "empty");
        }
        if (body[first] == '[') {
            JsonNode array = codec.parse(body);
            List<JsonNode> docs = new ArrayList<>(array.size());
            array.forEach(docs::add);
            return docs;
        }
        // NDJSON, of which a single object is the one-line case.
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

    /** Reads at most {@code cap} bytes; null when the body is longer, without reading it all. */
    private static byte[] readAtMost(InputStream in, int cap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > cap) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private void refuse(HttpExchange exchange, int status, String message) throws IOException {
        refused.incrementAndGet();
        respond(exchange, status, error(message));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 413) {
            // The rest of an oversized body is not read: the connection cannot be reused.
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
            if (status == 413) {
                out.flush();
                lingerBriefly(exchange);
            }
        }
    }

    /**
     * Reads and drops what the sender is still sending, for a moment, before the connection closes.
     * Closing on unread data resets the connection, and the reset can destroy the 413 answer before
     * the sender has read it; a short linger (as web servers do) lets it arrive. Bounded in time and
     * bytes, so a sender cannot hold the thread.
     */
    private static void lingerBriefly(HttpExchange exchange) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long budget = 64L << 20;
        byte[] buffer = new byte[64 * 1024];
        try {
            java.io.InputStream in = exchange.getRequestBody();
            int n;
            while (budget > 0 && System.nanoTime() < deadline && (n = in.read(buffer)) >= 0) {
                budget -= n;
            }
        } catch (IOException ignored) {
            // the sender gave up: nothing to linger for
        }
    }

    private static byte[] error(String message) {
        return json(g -> g.writeStringField("error", message));
    }

    private interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            writer.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
