package dev.earshot.kafka.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for a listener that binds later, possibly in another process: the local
 * broker's controller and mutual-TLS ports, and the ports tests hand to the processes they start.
 *
 * <p>A port chosen by binding port 0 and closing again comes from the system's ephemeral range, the
 * same range every outgoing connection takes its local port from. Between choosing and binding, a
 * Kafka client connecting to the broker can be handed that very port, and the listener then fails to
 * bind (CI saw {@code Failed to bind to /127.0.0.1:46425} that way). Ports are therefore chosen outside
 * the ephemeral range (below it on a usual system), where the system hands out nothing by itself, and
 * never twice in one JVM.
 */
public final class LoopbackPorts {
    private static final String HOST = "127.0.0.1";
    /** Below this are well-known and commonly configured service ports. */
    private static final int LOWEST = 20_000;
    /** Linux's default ephemeral range; macOS's and Windows' start higher, at 49152. */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final int DEFAULT_EPHEMERAL_END = 60_999;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private LoopbackPorts() {
    }

    /** A port free on loopback now, outside the ephemeral range, not handed out before by this JVM. */
    public static int free() {
        return free(1, 0)[0];
    }

    /** {@code count} different such ports, none of them {@code besides} (a port asked for but not bound yet). */
    public static synchronized int[] free(int count, int besides) {
        int[] range = choiceRange(ephemeralRange());
        int[] ports = new int[count];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0, tries = 0; i < count; tries++) {
            if (tries == 10_000) {
                throw new IllegalStateException("no free port on " + HOST + " from " + range[0] + " to " + (range[1] - 1));
            }
            int port = random.nextInt(range[0], range[1]);
            if (port != besides && !HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                ports[i++] = port;
            }
        }
        return ports;
    }

    /**
     * Where to choose, first port included and last excluded: below the ephemeral range where it
     * leaves a thousand ports or more above {@link #LOWEST}, else above it where it leaves as many,
     * else (a system whose ephemeral range is nearly everything) anywhere from {@link #LOWEST}, as
     * port 0 would, with the race that brings.
     */
    static int[] choiceRange(int[] ephemeral) {
        if (ephemeral[0] >= LOWEST + 1_000) {
            return new int[] {LOWEST, ephemeral[0]};
        }
        if (ephemeral[1] <= 65_535 - 1_000) {
            return new int[] {ephemeral[1] + 1, 65_536};
        }
        return new int[] {LOWEST, 65_536};
    }

    /** The system's ephemeral range, first and last port, where it says; else Linux's default. */
    static int[] ephemeralRange() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {DEFAULT_EPHEMERAL_START, DEFAULT_EPHEMERAL_END};
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
