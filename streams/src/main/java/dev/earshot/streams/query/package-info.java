/**
 * The query API, its dashboard, health and metrics, on the shared HTTP edge.
 *
 * <p>What enters: HTTP GET requests from analysts' browsers, scripts and other instances of the
 * same application. What it becomes: answers read from this instance's state stores
 * ({@link dev.earshot.streams.query.Endpoints}), or fetched from the instance that owns the key
 * ({@link dev.earshot.streams.query.Forwarding}, with its own credential), once
 * {@link dev.earshot.streams.query.Guard} has admitted the request (token, expiring session, Host
 * check). Where it goes: back as JSON written by the output codecs, or as the dashboard's files
 * ({@link dev.earshot.streams.query.StaticFiles}).
 */
package dev.earshot.streams.query;
