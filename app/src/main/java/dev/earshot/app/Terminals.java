package dev.earshot.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether output goes to a person at a terminal, which decides between a redrawn bar and plain lines. */
final class Terminals {
    private Terminals() {
    }

    /**
     * True when standard error is a terminal. Java 17 can only tell whether the console as a whole
     * is one ({@link System#console()} looks at standard input and output), so on Linux the file
     * descriptor is read from /proc; elsewhere the console stands in. A dumb terminal counts as none.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
