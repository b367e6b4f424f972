package dev.earshot.streams.query;

import dev.earshot.edge.EdgeSettings;
import dev.earshot.model.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the query API, from the streams app's settings file with environment overrides.
 *
 * @param http              the server's limits and TLS ({@code http.*}, see {@link EdgeSettings})
 * @param forwardingSecret  what instances of one application share to prove a forwarded request
 *                          came from one of them ({@code query.forwarding.secret}, or the file named by
 *                          {@code query.forwarding.secret.file}); null derives one from the API token,
 *                          so no user's token ever travels between instances
 * @param allowedHosts      Host header values accepted besides loopback names and the addresses
 *                          the server listens on and advertises ({@code query.allowed.hosts}, comma
 *                          separated): without a token, the Host check is what stops DNS rebinding
 * @param sessionLifetime   how long the dashboard's session cookie lasts ({@code query.session.lifetime}, 12h)
 */
public record QuerySettings(EdgeSettings http, String forwardingSecret, List<String> allowedHosts, Duration sessionLifetime) {
    public static final QuerySettings DEFAULT = new QuerySettings(EdgeSettings.DEFAULT, null, List.of(), Duration.ofHours(12));

    public QuerySettings {
        Objects.requireNonNull(http, "http");
        allowedHosts = List.copyOf(allowedHosts);
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new IllegalArgumentException("query.session.lifetime must be positive");
        }
    }

    public static QuerySettings from(Settings s) {
        String secret = s.secret("query.forwarding.secret");
        String hosts = s.get("query.allowed.hosts", "");
        return new QuerySettings(EdgeSettings.from(s), secret == null || secret.isBlank() ? null : secret,
                Arrays.stream(hosts.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList(),
                s.getDuration("query.session.lifetime", DEFAULT.sessionLifetime()));
    }

    @Override
    public String toString() {
        return "QuerySettings[http=" + http + ", forwardingSecret=" + (forwardingSecret == null ? "derived" : "set")
                + ", allowedHosts=" + allowedHosts + ", sessionLifetime=" + sessionLifetime + "]";
    }
}
