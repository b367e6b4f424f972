package dev.earshot.streams.query;

import dev.earshot.edge.Answers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The dashboard's own files and the charting library's WebJar, from the classpath. Only names made
 * of plain path segments are served; nothing outside the two resource roots can be named.
 *
 * <p>The dashboard's pages get a content security policy that lets them run their own scripts and
 * ask this server, and nothing else: no inline script, no other origin, no framing.
 */
final class StaticFiles {
    static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    void answer(Exchange exchange) {
        String path = exchange.path();
        if ("/".equals(path)) {
            String query = exchange.request().getHttpURI().getQuery();
            exchange.response().getHeaders().put(HttpHeader.LOCATION, "/dashboard/" + (query == null ? "" : "?" + query));
            Answers.bytes(exchange.response(), exchange.callback(), 302, "text/plain; charset=utf-8", new byte[0]);
            return;
        }
        String resource;
        if (path.startsWith("/dashboard/")) {
            resource = "dev/earshot/streams/dashboard/" + path.substring("/dashboard/".length());
        } else {
            resource = "META-INF/resources" + path;
        }
        if (resource.endsWith("/")) {
            resource += "index.html";
        }
        if (resource.contains("..") || resource.contains("//") || resource.contains("\\") || resource.indexOf('\0') >= 0) {
            exchange.error(400, "bad path");
            return;
        }
        byte[] body;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                exchange.error(404, "not found");
                return;
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
                : resource.endsWith(".js") ? "text/javascript; charset=utf-8"
                : resource.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
        exchange.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        exchange.response().getHeaders().put("Content-Security-Policy", DASHBOARD_POLICY);
        Answers.bytes(exchange.response(), exchange.callback(), 200, type, body);
    }
}
