package dev.earshot.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeSettingsTest {
    /**
     * An empty keystore setting names no keystore; beside a password it is refused, since serving plain
     * HTTP, tokens and cookies in clear text, is not what a deployment with a password meant.
     */
    @Test
    void anEmptyKeystoreIsNoneButBesideAPasswordItIsRefused() {
        assertFalse(EdgeSettings.from(Settings.of(Map.of("http.tls.keystore", ""))).tls());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EdgeSettings.from(
                Settings.of(Map.of("http.tls.keystore", " ", "http.tls.keystore.password", "secret"))));
        assertTrue(e.getMessage().startsWith("http.tls.keystore is empty while http.tls.keystore.password is set"), e.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> EdgeSettings.from(
                Settings.of(Map.of("http.tls.keystore.password", "secret"))));
        assertTrue(absent.getMessage().startsWith("http.tls.keystore is not set while"), absent.getMessage());
        assertEquals(true, EdgeSettings.from(Settings.of(Map.of("http.tls.keystore", "/k.p12", "http.tls.keystore.password", "s")))
                .tls());
    }
}
