package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static FilterReply reply(String appender, String chosen) {
        LogFormat filter = new LogFormat();
        filter.setFormat(appender);
        filter.setChosen(chosen);
        return filter.decide(null);
    }

    @Test
    void exactlyOneAppenderWritesWhateverFormatIsChosen() {
        for (String chosen : new String[] {"text", "json", "JSON", " Json ", "", "xml"}) {
            boolean json = chosen.trim().equalsIgnoreCase("json");
            assertEquals(json ? FilterReply.DENY : FilterReply.NEUTRAL, reply("text", chosen), "text with " + chosen);
            assertEquals(json ? FilterReply.NEUTRAL : FilterReply.DENY, reply("json", chosen), "json with " + chosen);
        }
    }
}
