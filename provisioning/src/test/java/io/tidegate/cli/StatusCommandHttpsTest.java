package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.DemoProfile;
import io.tidegate.runtime.LaunchOptions;
import io.tidegate.runtime.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tidegate status} asks a gateway whose console serves HTTPS only, trusting the gateway's own certificate. */
class StatusCommandHttpsTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void statusOverHttpsWithTheGatewaysOwnCertificate() throws Exception {
        int consolePort = freePort();
        Path profile = DemoProfile.copyTo(dir.resolve("profile"));
        Files.writeString(profile, Files.readString(profile).replace("port: 1883", "port: " + freePort())
                .replace("port: 8080", "port: " + consolePort).replace("  bind: 127.0.0.1", "  bind: 127.0.0.1\n  https: true"));
        Path data = dir.resolve("data");
        try (Launcher launcher = Launcher.start(new LaunchOptions("felix", LaunchOptions.defaultHome(), profile, data, 0))) {
            assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String text;
            int exit;
            do {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                StatusCommand command = new StatusCommand();
                new CommandLine(command).parseArgs("--data", data.toString());
                exit = command.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(out, true, StandardCharsets.UTF_8));
                text = out.toString(StandardCharsets.UTF_8);
                Thread.sleep(200);
            } while (exit == 1 && System.nanoTime() < deadline); // 1: not answering yet; 2: answering, broker down
            assertEquals(2, exit, "the broker is down, so attention; but the gateway answered: " + text);
            assertTrue(text.contains("gateway  demo-station-01  (https://127.0.0.1:" + consolePort + "/)"), text);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
