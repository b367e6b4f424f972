package dev.earshot.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
    @Test
    void portsLieBelowTheEphemeralRangeDifferAndCanBeBound() throws Exception {
        int[] ports = LoopbackPorts.free(50, 0);
        assertEquals(50, Arrays.stream(ports).distinct().count(), "never the same port twice");
        int ephemeral = LoopbackPorts.ephemeralStart();
        for (int port : ports) {
            assertTrue(port >= 20_000 && port < ephemeral, port + " outside [20000, " + ephemeral + ")");
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            }
        }
    }
}
