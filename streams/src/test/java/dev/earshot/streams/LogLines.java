package dev.earshot.streams;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one class logs while it is open, for tests that check what an operator reads. Closing it
 * detaches the capture and puts the logger's level back.
 */
final class LogLines implements AutoCloseable {
    private final Logger logger;
    private final Level levelBefore;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private LogLines(Class<?> source, Level level) {
        logger = (Logger) LoggerFactory.getLogger(source);
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        lines.start();
        logger.addAppender(lines);
    }

    /** What {@code source} logs at the level its configuration gives it. */
    static LogLines of(Class<?> source) {
        return new LogLines(source, null);
    }

    /** What {@code source} logs at {@code level} and above. */
    static LogLines of(Class<?> source, Level level) {
        return new LogLines(source, level);
    }

    /** The messages logged so far, formatted, in order. */
    List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    void clear() {
        lines.list.clear();
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }
}
