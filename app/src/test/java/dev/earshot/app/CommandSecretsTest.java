package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSecretsTest {
    @TempDir
    Path dir;

    @Test
    void aSecretComesFromTheOptionsFileTheEnvironmentAFileItNamesOrTheConfigFile() throws Exception {
        Path mounted = Files.writeString(dir.resolve("token"), "from-a-mounted-file\n");
        Path option = Files.writeString(dir.resolve("option"), "from-the-option\n");
        Path config = Files.writeString(dir.resolve("earshot.properties"), "webhook.secret.file=" + mounted + "\nalerts.webhook=https://hooks.example/x\n");

        assertEquals("from-the-env", CommandSecrets.of(null, Settings.load(null, Map.of("EARSHOT_HTTP_TOKEN", "from-the-env")), "http.token"));
        assertEquals("from-a-mounted-file", CommandSecrets.of(null,
                Settings.load(null, Map.of("EARSHOT_HTTP_TOKEN_FILE", mounted.toString())), "http.token"), "Docker's _FILE convention");
        assertEquals("from-a-mounted-file", CommandSecrets.of(null, Settings.load(config, Map.of()), "webhook.secret"));
        assertEquals("https://hooks.example/x", CommandSecrets.of(null, Settings.load(config, Map.of()), "alerts.webhook"));
        assertEquals("from-the-option", CommandSecrets.of(option,
                Settings.load(config, Map.of("EARSHOT_WEBHOOK_SECRET", "from-the-env")), "webhook.secret"), "the option wins");
        assertNull(CommandSecrets.of(null, Settings.load(null, Map.of()), "webhook.token"));
        IllegalArgumentException unreadable = assertThrows(IllegalArgumentException.class, () -> CommandSecrets.of(null,
                Settings.load(null, Map.of("EARSHOT_WEBHOOK_TOKEN_FILE", dir.resolve("missing").toString())), "webhook.token"));
        assertTrue(unreadable.getMessage().startsWith("webhook.token.file "), unreadable.getMessage());
    }
}
