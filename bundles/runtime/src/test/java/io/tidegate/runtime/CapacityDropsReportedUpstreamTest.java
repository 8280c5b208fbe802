package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long outage on a gateway whose store is limited to 1 MiB (drop-oldest): when the broker
 * returns, the host learns exactly what was dropped, per point and with the time span, from the
 * gateway's own metrics (store/event, store/dropped), and receives the newest readings.
 */
class CapacityDropsReportedUpstreamTest {
    private static final Pattern DROP = Pattern.compile("^(\\d+) samples? of (\\S+) dropped (from|at) .*drop-oldest");

    @TempDir
    Path dir;

    @Test
    void everyDropIsReportedPerPointAndTheNewestReadingsArrive() throws Exception {
        int port = TestSites.freePort();
        Path profile = site(dir.resolve("profile"), port);
        SparkplugHost host = new SparkplugHost();
        try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"), dir.resolve("gw.log"))) {
            awaitLog(gateway, "dropped", Duration.ofSeconds(120)); // the store reached its limit: drops began
            Thread.sleep(2_000);
            long reconnectAt = System.currentTimeMillis();
            try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port, host::acceptQuietly)) {
                host.await("the drop total, then live readings", Duration.ofSeconds(120),
                        h -> !h.nodeReadings("store/dropped").isEmpty()
                                && h.readings("tank/heartbeat").stream().anyMatch(r -> r.timestamp() > reconnectAt));
                gateway.terminateCleanly();
            }
        }
        // Each report once (at least once delivery may repeat a message: keyed by time and text).
        Map<String, String> reports = new LinkedHashMap<>();
        host.nodeReadings("store/event").forEach(r -> reports.put(r.timestamp() + " " + r.value(), (String) r.value()));
        Map<String, Long> droppedPerPoint = new HashMap<>();
        for (String text : reports.values()) {
            Matcher m = DROP.matcher(text);
            assertTrue(m.find(), "a drop report names count, point, time span and policy: " + text);
            droppedPerPoint.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        long total = host.nodeReadings("store/dropped").stream()
                .mapToLong(r -> ((Number) r.value()).longValue()).max().orElseThrow();
        assertTrue(total > 0, "the store dropped: the outage outgrew 1 MiB");
        assertEquals(total, droppedPerPoint.values().stream().mapToLong(Long::longValue).sum(),
                "the reports add up to the total: every drop reported, per point");
        assertTrue(droppedPerPoint.keySet().containsAll(List.of("tank/heartbeat", "tank/p1")),
                "drops are reported for each point: " + droppedPerPoint.keySet());
    }

    private static void awaitLog(GatewayProcess gateway, String text, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!gateway.log().contains(text)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("'" + text + "' not logged within " + timeout + "; log:\n" + gateway.log());
            }
            Thread.sleep(200);
        }
    }

    /** One tank of 40 points every 10 ms (4,000 samples/s), a 1 MiB store, the broker on {@code port}. */
    private static Path site(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        StringBuilder yaml = new StringBuilder("""
                gateway:
                  id: capacity-gw
                  group: capacity-test
                devices:
                  - id: tank
                    driver: sim
                    interval: 10ms
                    settings: {model: pump-station, seed: 5}
                    points:
                      - {id: tank/heartbeat, address: station.heartbeat, type: UINT32}
                """);
        for (int p = 1; p < 40; p++) {
            yaml.append("      - {id: tank/p").append(p).append(", address: wet_well.level, type: FLOAT64}\n");
        }
        yaml.append("uplink:\n  host: 127.0.0.1\n  port: ").append(port).append('\n');
        yaml.append("store:\n  maxSize: 1MiB\n  policy: drop-oldest\n");
        Path file = dir.resolve("capacity-site.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
