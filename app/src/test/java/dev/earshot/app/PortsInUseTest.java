package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsInUseTest {
    @Test
    void aTakenPortIsNamedWithTheOptionThatMovesItBeforeAnythingStarts() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = listening.getLocalPort();
            String line = PortsInUse.taken("127.0.0.1", port, "Kafka", "--kafka-port");
            assertTrue(line.contains("port " + port + " on 127.0.0.1 is already in use")
                    && line.endsWith("choose another with --kafka-port " + (port + 1) + "."), line);
            long start = System.nanoTime();
            assertEquals(2, CommandLineRun.of("demo", "--kafka-port", Integer.toString(port)).exitCode());
            assertEquals(2, CommandLineRun.of("demo", "--kafka-port", "0", "--http-port", Integer.toString(port)).exitCode());
            assertEquals(2, CommandLineRun.of("broker", "--port", Integer.toString(port)).exitCode());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused before a broker started");
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = probe.getLocalPort();
            probe.close();
            assertNull(PortsInUse.taken("127.0.0.1", port, "Kafka", "--kafka-port"));
        }
    }
}
