package dev.earshot.kafka.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        int[] ephemeral = LoopbackPorts.ephemeralRange();
        for (int port : ports) {
            assertTrue(port >= 20_000 && (port < ephemeral[0] || port > ephemeral[1]),
                    port + " below 20000 or in the ephemeral range " + ephemeral[0] + "-" + ephemeral[1]);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            }
        }
    }

    @Test
    void portsAreChosenBelowTheEphemeralRangeWhereThereIsRoomElseAbove() {
        assertArrayEquals(new int[] {20_000, 32_768}, LoopbackPorts.choiceRange(new int[] {32_768, 60_999}));
        assertArrayEquals(new int[] {20_000, 49_152}, LoopbackPorts.choiceRange(new int[] {49_152, 65_535}));
        assertArrayEquals(new int[] {40_001, 65_536}, LoopbackPorts.choiceRange(new int[] {1_024, 40_000}));
        assertArrayEquals(new int[] {20_000, 65_536}, LoopbackPorts.choiceRange(new int[] {1_024, 65_000}));
    }
}
