package dev.earshot.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a port a command is about to listen on is free, checked before anything starts: a port
 * found taken only after the broker and streams app are up would leave the user with a stack of
 * start-up logs and no word on which option moves it.
 */
final class PortsInUse {
    private PortsInUse() {
    }

    /**
     * Null when {@code port} on {@code host} can be listened on (as Jetty and Kafka bind, with
     * SO_REUSEADDR: a port a stopped server left in TIME_WAIT is free); otherwise the line to print.
     */
    static String taken(String host, int port, String what, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 1);
            return null;
        } catch (IOException e) {
            return "The " + what + " port " + port + " on " + host + " is already in use (another Kafka, or another Earshot,"
                    + " running?); choose another with " + option + " " + (port + 1) + ".";
        }
    }
}
