package dev.earshot.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes answers as JSON, with Jackson: values, and errors as {@code {"error": "…"}}. No answer is
 * built by joining strings, so no request value can break out of a JSON string.
 */
public final class Answers {
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Answers() {
    }

    /** Writes {@code value} as JSON with {@code status}, then completes the callback. */
    public static void json(Response response, Callback callback, int status, Object value) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a value Earshot answers with cannot be written as JSON", e);
        }
        bytes(response, callback, status, "application/json", body);
    }

    /** Writes JSON already encoded (a codec's output) with {@code status}. */
    public static void rawJson(Response response, Callback callback, int status, byte[] json) {
        bytes(response, callback, status, "application/json", json);
    }

    public static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, Map.of("error", message));
    }

    /**
     * An error after which the connection is closed without reading the rest of the request: a
     * stalled body (408), one the client broke off, or one that passed the cap while being read.
     */
    public static void errorAndClose(Response response, Callback callback, int status, String message) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        error(response, callback, status, message);
    }

    /**
     * An error answered before any of the request's body was read (over the cap by its
     * Content-Length, or refused from its headers), after which the connection is closed.
     *
     * <p>The answer is written first. Then what the client still sends of its body is read and
     * dropped, at most {@link Bodies#DISCARD_BYTES} and for at most {@link Bodies#DISCARD_TIME},
     * before Jetty closes the connection. A socket closed with unread bytes in it makes the kernel
     * reset the connection, and the reset can destroy the answer before a client still busy sending
     * its body has read it: the client would see a broken connection instead of the 413 that tells it
     * why. Draining a bounded amount first is the lingering close HTTP/1.1 servers do; it holds a
     * connection for a moment, never a thread. A client that asked to be told to continue (Expect:
     * 100-continue) was never told to, sends no body, and gets no drain.
     */
    public static void refuseUnread(Request request, Response response, Callback callback, int status, String message) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        boolean sendsNoBody = request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
        error(response, sendsNoBody ? callback : Callback.from(() -> Bodies.discard(request, callback), callback::failed),
                status, message);
    }

    public static void bytes(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * The answer to what Jetty itself refuses before a handler sees it (a malformed request line,
     * headers too large, a body over a limit): the same JSON error shape, never an HTML page.
     */
    static final class JsonErrors extends ErrorHandler {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JsonErrors.class);

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            String text;
            if (code >= 500) {
                // What failed inside is for the log, not for whoever sent the request.
                LOG.error("{} {} failed with {}", request.getMethod(), request.getHttpURI().getPath(), code, cause);
                text = "internal error; the server's log has the details";
            } else {
                text = message == null || message.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
            }
            byte[] body;
            try {
                body = JSON.writeValueAsBytes(Map.of("error", text));
            } catch (JsonProcessingException e) {
                body = "{\"error\":\"error\"}".getBytes(StandardCharsets.UTF_8);
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
