package dev.earshot.streams.query;

import dev.earshot.edge.Answers;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and what answers it, with the query-string parameters read once. */
record Exchange(Request request, Response response, Callback callback, Fields parameters) {
    static Exchange of(Request request, Response response, Callback callback) {
        return new Exchange(request, response, callback, Request.extractQueryParameters(request));
    }

    String path() {
        return request.getHttpURI().getPath();
    }

    /**
     * The path and raw query, as a forwarded request repeats them, without a {@code token}
     * parameter: the user's token never travels to another instance.
     */
    String pathAndQuery() {
        String query = request.getHttpURI().getQuery();
        if (query == null) {
            return request.getHttpURI().getPath();
        }
        String kept = java.util.Arrays.stream(query.split("&"))
                .filter(pair -> !pair.equals("token") && !pair.startsWith("token="))
                .collect(java.util.stream.Collectors.joining("&"));
        return request.getHttpURI().getPath() + (kept.isEmpty() ? "" : "?" + kept);
    }

    String parameter(String name) {
        return parameters.getValue(name);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    void json(int status, Object value) {
        Answers.json(response, callback, status, value);
    }

    void rawJson(int status, byte[] json) {
        Answers.rawJson(response, callback, status, json);
    }

    void error(int status, String message) {
        Answers.error(response, callback, status, message);
    }
}
