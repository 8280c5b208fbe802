package io.tidegate.runtime;

import io.tidegate.engine.profile.DemoProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Site profiles and ports for the end-to-end tests. */
final class TestSites {
    static {
        Logging.configure();
    }

    private TestSites() {
    }

    static Path home() {
        return Path.of(System.getProperty("tidegate.home", "target"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The demo site, pointed at the given broker port, with the simulator sped up and polled fast
     * so that a test sees whole pump cycles and hundreds of messages within seconds. Its console
     * listens on a free port of 127.0.0.1 (the profile's {@code console.port}).
     */
    static Path fastDemo(Path dir, int brokerPort) throws IOException {
        Path profile = DemoProfile.copyTo(dir);
        String yaml = Files.readString(profile)
                .replace("port: 1883", "port: " + brokerPort)
                .replace("interval: 1s", "interval: 50ms")
                .replace("interval: 2s", "interval: 100ms")
                .replace("seed: 42", "seed: 42\n      speedup: \"20\"")
                .replace("port: 8080", "port: " + freePort());
        Files.writeString(profile, yaml);
        return profile;
    }
}
