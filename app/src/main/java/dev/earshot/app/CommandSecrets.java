package dev.earshot.app;

import dev.earshot.model.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A command's secret (a token, an HMAC secret, a webhook URL): the file its option names, else the
 * setting, which {@link Settings#secret} reads from the environment ({@code EARSHOT_HTTP_TOKEN}),
 * from a file it names ({@code EARSHOT_HTTP_TOKEN_FILE}, as a Docker or Kubernetes secret is
 * mounted) or from the {@code --config} file, like every other setting.
 */
final class CommandSecrets {
    private CommandSecrets() {
    }

    /** The secret, or null when none is given; surrounding whitespace (a file's closing newline) removed. */
    static String of(Path optionFile, Settings settings, String key) throws IOException {
        if (optionFile != null) {
            return Files.readString(optionFile, StandardCharsets.UTF_8).strip();
        }
        String value = settings.secret(key);
        return value == null ? null : value.strip();
    }
}
