package dev.earshot.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender write only when its format is the one chosen ({@code EARSHOT_LOG_FORMAT}: json, in
 * any case, or text, the default, for anything else, so that no value leaves the app silent). Both appenders stay attached to the root logger: an appender left unattached makes
 * logback print some thirty lines of its own status before every command's output, and choosing
 * between configurations needs janino, a compiler on the classpath for one switch.
 */
public final class LogFormat extends Filter<ILoggingEvent> {
    private String format = "";
    private String chosen = "text";

    /** The format of the appender this filter guards. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The format chosen for this run. */
    public void setChosen(String chosen) {
        this.chosen = chosen;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        boolean json = "json".equalsIgnoreCase(chosen.trim());
        return format.equals(json ? "json" : "text") ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
