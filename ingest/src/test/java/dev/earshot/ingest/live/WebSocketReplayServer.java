package dev.earshot.ingest.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A minimal WebSocket server (RFC 6455 handshake and unmasked text frames) that replays recorded
 * frames to each connection. Enough to stand in for Jetstream: the test decides, per connection and
 * from the request path (which carries the cursor), which frames to send and whether to drop the
 * connection afterwards.
 */
final class WebSocketReplayServer implements AutoCloseable {
    /** What one connection gets: frames, then whether to hang up abruptly. */
    record Script(List<String> frames, boolean dropAfter) {
    }

    private static final String PAUSE = "\u0000pause ";

    /** A frame that is not sent: the server waits this long before the next. */
    static String pause(long millis) {
        return PAUSE + millis;
    }

    private final ServerSocket server;
    final List<String> requestPaths = new CopyOnWriteArrayList<>();
    /** Closed with the server: a connection left open would outlive the test. */
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    WebSocketReplayServer(Function<String, Script> scriptForPath) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.add(socket);
                    Thread t = new Thread(() -> serve(socket, scriptForPath), "ws-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/subscribe";
    }

    private void serve(Socket socket, Function<String, Script> scriptForPath) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            String path = requestLine.split(" ")[1];
            requestPaths.add(path);
            String key = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).strip();
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Script script = scriptForPath.apply(path);
            for (String frame : script.frames()) {
                if (frame.startsWith(PAUSE)) {
                    out.flush();
                    Thread.sleep(Long.parseLong(frame.substring(PAUSE.length())));
                } else {
                    writeText(out, frame);
                }
            }
            out.flush();
            if (!script.dropAfter()) {
                // Hold the connection open until the client goes away.
                while (socket.getInputStream().read() != -1) {
                    // discard client frames
                }
            }
        } catch (Exception e) {
            // the client hung up
        }
    }

    private static void writeText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
            }
        }
        out.write(payload);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket open : connections) {
            open.close();
        }
    }
}
