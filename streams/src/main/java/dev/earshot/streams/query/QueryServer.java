package dev.earshot.streams.query;

import dev.earshot.edge.Answers;
import dev.earshot.edge.EdgeMetrics;
import dev.earshot.edge.EdgeServer;
import dev.earshot.edge.KafkaHealth;
import dev.earshot.streams.StreamsApp;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP query API over the app's state stores, its health and metrics, and the dashboard.
 *
 * <ul>
 *   <li>{@code GET /health}: the Kafka Streams state and whether Kafka answers (200 when RUNNING or
 *       REBALANCING and Kafka is up, else 503); never guarded, for container health checks;
 *   <li>{@code GET /metrics}: Prometheus text (see {@code EdgeMetrics});
 *   <li>{@code GET /api/…}: the endpoints of {@link Endpoints};
 *   <li>{@code GET /dashboard/}: the live dashboard ({@link StaticFiles}).
 * </ul>
 *
 * <p>Runs on {@link EdgeServer} with the limits of {@link QuerySettings#http}; {@link Guard} decides
 * who may ask, {@link Forwarding} passes keys owned elsewhere to their instance.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);

    private final EdgeServer server;
    private final KafkaStreams streams;
    private final Guard guard;
    private final Forwarding forwarding;
    private final Endpoints endpoints;
    private final StaticFiles files = new StaticFiles();
    private final KafkaHealth kafkaHealth;
    private final EdgeMetrics metrics;

    /**
     * @param self    this instance's address as other instances reach it: the app's {@code application.server}
     * @param token   when not null, every request but {@code /health} must carry it (see {@link Guard})
     */
    public QueryServer(String host, int port, StreamsApp app, HostInfo self, String token, QuerySettings settings)
            throws IOException {
        this.streams = app.streams();
        this.metrics = app.metrics();
        Clock clock = Clock.systemUTC();
        this.guard = new Guard(token, allowedHosts(host, self, settings), settings.sessionLifetime(), clock);
        this.forwarding = new Forwarding(settings.forwardingSecret(), token, settings.http().tls(), clock);
        this.endpoints = new Endpoints(app, self, forwarding);
        this.kafkaHealth = new KafkaHealth(app.config().clientSettings());
        this.server = EdgeServer.start("query", host, port, settings.http(), new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(Exchange.of(request, response, callback));
                return true;
            }
        });
        metrics.bind(server);
    }

    /** A server on the default limits, for tests and the demo. */
    public QueryServer(String host, int port, StreamsApp app, HostInfo self) throws IOException {
        this(host, port, app, self, null, QuerySettings.DEFAULT);
    }

    /** Loopback names, the listening and advertised addresses, and the configured extra names. */
    private static Set<String> allowedHosts(String host, HostInfo self, QuerySettings settings) {
        Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
        hosts.add(host.toLowerCase(Locale.ROOT));
        hosts.add(self.host().toLowerCase(Locale.ROOT));
        settings.allowedHosts().forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            try {
                InetAddress local = InetAddress.getLocalHost();
                hosts.add(local.getHostName().toLowerCase(Locale.ROOT));
                hosts.add(local.getHostAddress());
            } catch (IOException e) {
                log.debug("local host name unknown", e);
            }
        }
        return hosts;
    }

    public int port() {
        return server.port();
    }

    private void route(Exchange exchange) {
        String path = exchange.path();
        try {
            if (!guard.hostAllowed(exchange.header("Host"))) {
                // Without a token, the Host header is what tells this server from a rebound name.
                exchange.error(421, "this API answers to its own host names only; add yours to query.allowed.hosts");
                return;
            }
            if (!"GET".equals(exchange.request().getMethod()) && !"HEAD".equals(exchange.request().getMethod())) {
                exchange.response().getHeaders().put("Allow", "GET");
                exchange.error(405, "the query API only reads: use GET");
                return;
            }
            if ("/health".equals(path)) {
                health(exchange);
                return;
            }
            boolean forwarded = forwarding.isForwarded(exchange.header(Forwarding.HEADER), exchange.pathAndQuery());
            if (!forwarded && !guard.admits(exchange.header("Authorization"), exchange.header("Cookie"),
                    exchange.parameter("token"))) {
                exchange.response().getHeaders().put("WWW-Authenticate", "Bearer realm=\"earshot\"");
                exchange.error(401, "this query API needs its token: Authorization: Bearer <token>, or ?token= once in the browser");
                return;
            }
            String session = guard.sessionCookieFor(exchange.parameter("token"), forwarded, exchange.request().isSecure());
            if (session != null) {
                exchange.response().getHeaders().add("Set-Cookie", session);
            }
            if ("/metrics".equals(path)) {
                Answers.bytes(exchange.response(), exchange.callback(), 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (path.startsWith("/api/")) {
                endpoints.answer(exchange, forwarded);
            } else if (path.startsWith("/dashboard/") || path.startsWith("/webjars/") || "/".equals(path)) {
                files.answer(exchange);
            } else {
                exchange.error(404, "no such path; the dashboard is at /dashboard/");
            }
        } catch (InvalidStateStoreException e) {
            exchange.response().getHeaders().put("Retry-After", "2");
            exchange.error(503, "state stores not queryable yet (" + streams.state() + "); retry shortly");
        } catch (IllegalStateException e) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
                log.error("GET {} failed", path, e);
                exchange.error(500, "internal error; the server's log has the details");
            } else {
                // Kafka Streams refuses metadata and stores this way while it stops or after it failed.
                exchange.response().getHeaders().put("Retry-After", "2");
                exchange.error(503, "the streams app is " + state + "; its stores cannot be read");
            }
        } catch (RuntimeException e) {
            // Details go to the log; the client learns only that it failed.
            log.error("GET {} failed", path, e);
            exchange.error(500, "internal error; the server's log has the details");
        }
    }

    private void health(Exchange exchange) {
        KafkaStreams.State state = streams.state();
        boolean kafka = kafkaHealth.up();
        boolean ok = kafka && (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING);
        exchange.json(ok ? 200 : 503, java.util.Map.of("status", state.toString(), "kafka", kafka ? "up" : "down"));
    }

    @Override
    public void close() {
        server.close();
        kafkaHealth.close();
    }
}
