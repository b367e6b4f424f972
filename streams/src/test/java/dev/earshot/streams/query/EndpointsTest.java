package dev.earshot.streams.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    private static final HostInfo SELF = new HostInfo("10.0.0.4", 8080);
    private static final HostInfo OTHER = new HostInfo("10.0.0.5", 8080);

    /** Four instances over three partitions: the one holding none answers from the others, not 503 for ever. */
    @Test
    void anInstanceHoldingNoneOfTheAlertsAnswersFromTheOthers() {
        assertFalse(Endpoints.readsOwnAlerts(false, List.of(OTHER), SELF));
        assertTrue(Endpoints.readsOwnAlerts(false, List.of(OTHER, SELF), SELF));
        assertTrue(Endpoints.readsOwnAlerts(true, List.of(OTHER), SELF), "forwarded here: the asker saw it holding some");
        assertTrue(Endpoints.readsOwnAlerts(false, List.of(), SELF), "no holder known yet: reading says why (503)");
    }
}
