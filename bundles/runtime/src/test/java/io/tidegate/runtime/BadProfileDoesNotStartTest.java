package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.ProfileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile that fails validation never starts a framework, in-process or as a service. */
class BadProfileDoesNotStartTest {

    @TempDir
    Path dir;

    @Test
    void launcherRefusesBeforeCreatingTheFramework() throws Exception {
        Path profile = TestSites.fastDemo(dir.resolve("profile"), 1883);
        Files.writeString(profile, Files.readString(profile).replace("type: BOOL", "type: BOOLEAN"));
        Path data = dir.resolve("data");

        ProfileException e = assertThrows(ProfileException.class, () -> Launcher.start(
                new LaunchOptions("felix", TestSites.home(), profile, data, 0)));

        assertTrue(e.getMessage().contains("demo-site.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("'BOOLEAN' is not a data type"), e.getMessage());
        assertFalse(Files.exists(data.resolve("osgi-felix")), "no framework storage was created");
        assertFalse(Files.exists(data.resolve("queue.db")), "no store was created");
    }

    @Test
    void serviceEntryPointExitsWithCodeTwoAndTheError() throws Exception {
        Path profile = TestSites.fastDemo(dir.resolve("profile"), 1883);
        Files.writeString(profile, Files.readString(profile).replace("host: 127.0.0.1", "hots: 127.0.0.1"));
        Path log = dir.resolve("gateway.log");
        try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"), log)) {
            assertEquals(2, gateway.waitForExit(), "exit code of an invalid profile");
            String output = gateway.log();
            assertTrue(output.contains("hots"), output);
            assertFalse(output.contains("started with"), "framework must not start:\n" + output);
        }
    }
}
