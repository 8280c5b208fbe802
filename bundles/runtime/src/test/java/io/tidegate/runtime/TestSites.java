package io.tidegate.runtime;

import io.tidegate.engine.profile.DemoProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * The fast demo site, its pump station failing like a cut cable while {@code fault} exists (the
     * simulator's {@code faultFile}).
     */
    static Path fastDemoWithStationFault(Path dir, int brokerPort, Path fault) throws IOException {
        Path profile = fastDemo(dir, brokerPort);
        Files.writeString(profile, Files.readString(profile)
                .replace("model: pump-station", "model: pump-station\n      faultFile: " + fault));
        return profile;
    }

    private static final String[] FLOAT_ADDRESSES = {"wet_well.level", "wet_well.inflow", "pump1.speed",
        "pump1.current", "pump1.discharge_pressure", "pump1.flow", "pump2.speed", "pump2.current",
        "pump2.discharge_pressure", "pump2.flow"};

    /**
     * A site of simulated pump stations polled every 10 ms, for load: each device {@code d} has the
     * point {@code d/heartbeat} (the station's watchdog counter, one more per poll, so a missing poll
     * shows as a gap) and {@code d/p1} .. {@code d/p<points-1>} (FLOAT64). {@code extraYaml} is
     * appended as it is (e.g. a {@code store:} section). The console is off: these sites measure the
     * data path.
     */
    static Path fastSimSite(Path dir, String gatewayId, int brokerPort, List<String> deviceIds, int points,
                            String extraYaml) throws IOException {
        Files.createDirectories(dir);
        StringBuilder yaml = new StringBuilder("gateway:\n  id: " + gatewayId + "\n  group: tidegate-tests\ndevices:\n");
        for (int d = 0; d < deviceIds.size(); d++) {
            String id = deviceIds.get(d);
            yaml.append("  - id: ").append(id).append("\n    driver: sim\n    interval: 10ms\n")
                .append("    settings: {model: pump-station, seed: ").append(d + 1).append("}\n    points:\n")
                .append("      - {id: ").append(id).append("/heartbeat, address: station.heartbeat, type: UINT32}\n");
            for (int p = 1; p < points; p++) {
                yaml.append("      - {id: ").append(id).append("/p").append(p).append(", address: ")
                    .append(FLOAT_ADDRESSES[p % FLOAT_ADDRESSES.length]).append(", type: FLOAT64}\n");
            }
        }
        yaml.append("uplink:\n  host: 127.0.0.1\n  port: ").append(brokerPort).append('\n')
            .append("console:\n  port: 0\n").append(extraYaml);
        Path file = dir.resolve(gatewayId + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
