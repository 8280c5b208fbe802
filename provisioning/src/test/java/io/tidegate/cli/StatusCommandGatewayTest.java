package io.tidegate.cli;

import io.tidegate.engine.profile.DemoProfile;
import io.tidegate.runtime.EmbeddedBroker;
import io.tidegate.runtime.LaunchOptions;
import io.tidegate.runtime.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tidegate status} asks a real running gateway (the demo site) through its console. */
class StatusCommandGatewayTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void statusOfARunningGateway() throws Exception {
        int brokerPort = freePort();
        int consolePort = freePort();
        Path profile = DemoProfile.copyTo(dir.resolve("profile"));
        Files.writeString(profile, Files.readString(profile).replace("port: 1883", "port: " + brokerPort)
                .replace("port: 8080", "port: " + consolePort));
        Path data = dir.resolve("data");
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
             Launcher launcher = Launcher.start(new LaunchOptions("felix", LaunchOptions.defaultHome(), profile, data, 0))) {
            List<String> problems = launcher.awaitHealthy(Duration.ofSeconds(20));
            assertTrue(problems.isEmpty(), problems.toString());

            // Until both devices have been read and the uplink is online the status says "attention".
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int exit;
            String text;
            do {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                StatusCommand command = new StatusCommand();
                new CommandLine(command).parseArgs("--data", data.toString());
                exit = command.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
                Thread.sleep(200);
            } while (exit != 0 && System.nanoTime() < deadline);

            assertEquals(0, exit, text);
            assertTrue(text.contains("gateway  demo-station-01  (http://127.0.0.1:" + consolePort + "/)"), text);
            assertTrue(text.contains("uplink   sparkplug tcp://127.0.0.1:" + brokerPort), text);
            assertTrue(text.matches("(?s).*samples  read [1-9]\\d*, stored \\d+, forwarded \\d+, dropped 0.*"), text);
            assertTrue(text.matches("(?s).*device   station +UP.*device   meter +UP.*"), text);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
