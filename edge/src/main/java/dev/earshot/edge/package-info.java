/**
 * What Earshot's HTTP servers share, on Jetty.
 *
 * <p>What enters: HTTP requests to the webhook receiver ({@code ingest}) and the query API
 * ({@code streams}). What it becomes: requests handed to those modules' handlers within the limits
 * of {@link dev.earshot.edge.EdgeSettings} (idle and body read timeouts, a connection cap, a bounded
 * thread pool, optional TLS), with bodies read by {@link dev.earshot.edge.Bodies} without holding a
 * thread, and answers written as JSON by {@link dev.earshot.edge.Answers}. Where it goes: back to
 * the client, with security headers; whatever Jetty refuses itself is answered in the same JSON shape.
 *
 * <p>Why a module of its own: both servers must hold the same line against slow and hostile
 * clients, and neither the ingest nor the streams module should own the other's HTTP foundation.
 */
package dev.earshot.edge;
