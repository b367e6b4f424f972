package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example/services/T0/B0/x", "http://127.0.0.1:8080/", "HTTPS://public.api.bsky.app/"})
    void anHttpOrHttpsUrlWithAHostIsTaken(String text) {
        assertEquals(Optional.of(URI.create(text)), WebAddress.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"public.api.bsky.app", "/hooks/x", "ftp://files.example/x", "file:///etc/passwd", "https:///no-host",
            "http:opaque", "https://bad host/", ""})
    void anythingElseIsNot(String text) {
        assertTrue(WebAddress.parse(text).isEmpty(), text);
    }
}
