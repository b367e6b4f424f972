package dev.earshot.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One of Earshot's HTTP servers on Jetty, with the limits of {@link EdgeSettings}: idle and body
 * read timeouts, a cap on open connections, a bounded thread pool that never waits on a slow
 * client's bytes (Jetty reads without blocking), optional TLS, no server version on the wire,
 * security headers on every answer, and JSON for every error Jetty answers itself.
 */
public final class EdgeServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final EdgeSettings settings;

    private EdgeServer(String name, String host, int port, EdgeSettings settings, Handler handler) throws IOException {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), 4);
        threads.setName(name);
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        ConnectionFactory[] factories;
        if (settings.tls()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(settings.keyStore().toAbsolutePath().toString());
            tls.setKeyStorePassword(settings.keyStorePassword());
            tls.setKeyStoreType("PKCS12");
            // Clients reach these servers by address as often as by name; the certificate is the operator's to choose.
            http.addCustomizer(new SecureRequestCustomizer(false));
            factories = new ConnectionFactory[] {new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http)};
        } else {
            factories = new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        connector = new ServerConnector(server, factories);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));
        connector.addBean(new SlowRequests(connector.getScheduler(), settings.readTimeout()));
        server.setErrorHandler(new Answers.JsonErrors());
        server.setHandler(new SecurityHeaders(handler));
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop(); // its threads and scheduler would otherwise outlive the failure
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("the HTTP server on " + host + ":" + port + " did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a server.
     *
     * @param name    names its threads
     * @param handler answers every request; it may read bodies only through {@link Bodies}
     */
    public static EdgeServer start(String name, String host, int port, EdgeSettings settings, Handler handler) throws IOException {
        return new EdgeServer(name, host, port, settings, handler);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), port());
    }

    public EdgeSettings settings() {
        return settings;
    }

    /** The Jetty server, for metrics binders. */
    public Server jetty() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly", e);
        }
    }

    /**
     * Headers every answer carries; a handler may replace them (the dashboard sets its own policy).
     * The defaults suit JSON: nothing may run, frame or be sniffed as another type.
     */
    private static final class SecurityHeaders extends Handler.Wrapper {
        SecurityHeaders(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            var headers = response.getHeaders();
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("X-Frame-Options", "DENY");
            headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            headers.put(HttpHeader.CACHE_CONTROL, "no-store");
            return super.handle(request, response, callback);
        }
    }
}
