package io.tidegate.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the diagnostics bundle does to log lines and profile text that hold secrets. */
class SecretScrubberTest {
    @TempDir
    Path dir;

    @Test
    void thePasswordInAFileTheProfileNamesIsRemovedWhereverItStands() throws Exception {
        Files.writeString(dir.resolve("mqtt-password"), "hunter2-secret\n");
        Path profile = Files.writeString(dir.resolve("site.yaml"),
                "uplink:\n  host: broker\n  passwordFile: mqtt-password   # the broker login\n");
        SecretScrubber scrubber = SecretScrubber.of(profile, dir.resolve("console"));

        String line = "12:00:01 WARNING paho: connect failed for user gateway / hunter2-secret";
        assertEquals("12:00:01 WARNING paho: connect failed for user gateway / <removed>", scrubber.scrub(line));
        assertEquals("passwordFile: mqtt-password", scrubber.scrub("passwordFile: mqtt-password"),
                "the file's name stays: it says where the secret is, not what");
    }

    @Test
    void valuesAfterSecretKeysAndTheSetupTokenAreRemoved() {
        SecretScrubber scrubber = SecretScrubber.of(List.of());
        assertEquals("url?user=a&password=<removed>&x=1", scrubber.scrub("url?user=a&password=s3cret&x=1"));
        assertEquals("api_token = <removed>", scrubber.scrub("api_token = abc123"));
        String setup = "CONSOLE SETUP: no console password is set. Open the console and set one with the one-time"
                + " setup token Xq3v9_Ls-0aZb8Yc7Wd6Ve5Uf4Tg3Sh2Ri1Qj0Pk9Ol (also in /data/console/setup-token)";
        String scrubbed = scrubber.scrub(setup);
        assertTrue(scrubbed.contains("setup token <removed> (also in"), scrubbed);
        assertFalse(scrubbed.contains("Xq3v9"), scrubbed);
    }

    @Test
    void theConsolesOwnTokensAndHashAreKnownSecrets() throws Exception {
        Path console = Files.createDirectories(dir.resolve("console"));
        Files.writeString(console.resolve("api-token"), "ApiTokenValue1234567890\n");
        Files.writeString(console.resolve("password"), "pbkdf2-sha256$210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2g\n");
        SecretScrubber scrubber = SecretScrubber.of(null, console);
        String text = scrubber.scrub("Bearer ApiTokenValue1234567890 hash aGFzaGhhc2hoYXNoaGFzaGhhc2g");
        assertEquals("Bearer <removed> hash <removed>", text);
    }
}
