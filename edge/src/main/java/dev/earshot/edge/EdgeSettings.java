package dev.earshot.edge;

import dev.earshot.model.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits and TLS of one HTTP server, from settings under {@code http.} (a properties file with
 * environment overrides, see {@link Settings}).
 *
 * @param idleTimeout      a connection with nothing to read or write for this long is closed
 *                         ({@code http.idle.timeout}, 30s)
 * @param readTimeout      a request body not complete this long after its headers is answered 408 and
 *                         its connection closed, however steadily it trickles ({@code http.read.timeout},
 *                         30s): the bound on what a slow client can hold
 * @param maxConnections   connections open at once; beyond, new ones wait in the accept queue
 *                         ({@code http.max.connections}, 512)
 * @param maxThreads       threads serving requests ({@code http.max.threads}, 32); reading is not
 *                         one of their jobs, so slow clients hold none
 * @param keyStore         a PKCS#12 key store to serve HTTPS from ({@code http.tls.keystore}), or null
 *                         for plain HTTP behind a TLS-terminating proxy
 * @param keyStorePassword its password ({@code http.tls.keystore.password}, or the file named by
 *                         {@code http.tls.keystore.password.file})
 */
public record EdgeSettings(Duration idleTimeout, Duration readTimeout, int maxConnections, int maxThreads,
                           Path keyStore, String keyStorePassword) {
    public static final EdgeSettings DEFAULT = new EdgeSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), 512, 32,
            null, null);

    public EdgeSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("http.idle.timeout and http.read.timeout must be positive");
        }
        if (maxConnections < 1 || maxThreads < 4) {
            throw new IllegalArgumentException("http.max.connections must be at least 1 and http.max.threads at least 4");
        }
        if (keyStore != null && (keyStorePassword == null || keyStorePassword.isEmpty())) {
            throw new IllegalArgumentException("http.tls.keystore needs http.tls.keystore.password or http.tls.keystore.password.file");
        }
    }

    public static EdgeSettings from(Settings s) {
        String password = s.secret("http.tls.keystore.password");
        if (s.getPath("http.tls.keystore") == null && password != null && !password.isEmpty()) {
            // A password without a keystore (one left empty, or its name misspelt) means TLS was meant:
            // serving plain HTTP, with tokens and session cookies in clear text, is not what was asked for.
            throw new IllegalArgumentException("http.tls.keystore is " + (s.get("http.tls.keystore", null) == null ? "not set"
                    : "empty") + " while http.tls.keystore.password is set: name the keystore, or unset both to serve plain HTTP");
        }
        return new EdgeSettings(
                s.getDuration("http.idle.timeout", DEFAULT.idleTimeout()),
                s.getDuration("http.read.timeout", DEFAULT.readTimeout()),
                s.getInt("http.max.connections", DEFAULT.maxConnections()),
                s.getInt("http.max.threads", DEFAULT.maxThreads()),
                s.getPath("http.tls.keystore"),
                password);
    }

    public boolean tls() {
        return keyStore != null;
    }

    /** The same limits with another read timeout. */
    public EdgeSettings withReadTimeout(Duration timeout) {
        return new EdgeSettings(idleTimeout, timeout, maxConnections, maxThreads, keyStore, keyStorePassword);
    }

    @Override
    public String toString() {
        // The password stays out of logs.
        return "EdgeSettings[idleTimeout=" + idleTimeout + ", readTimeout=" + readTimeout + ", maxConnections="
                + maxConnections + ", maxThreads=" + maxThreads + ", tls=" + tls() + "]";
    }
}
