package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // One tank of 40 points every 10 ms (4,000 samples/s) and a 1 MiB store.
        Path profile = TestSites.fastSimSite(dir.resolve("profile"), "capacity-gw", port, List.of("tank"), 40,
                "store:\n  maxSize: 1MiB\n  policy: drop-oldest\n");
        SparkplugHost host = new SparkplugHost();
        try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"), dir.resolve("gw.log"))) {
            gateway.awaitLog("dropped", Duration.ofSeconds(120)); // the store reached its limit: drops began
            Thread.sleep(2_000);
            long reconnectAt = System.currentTimeMillis();
            try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port, host::acceptQuietly)) {
                // Reports and totals ride the priority lane live-first: a total raised after the
                // reconnect can arrive before the backlog of older reports, so wait for both to agree.
                try {
                    host.await("live readings, and drop reports adding up to the drop total", Duration.ofSeconds(120),
                            h -> h.readings("tank/heartbeat").stream().anyMatch(r -> r.timestamp() > reconnectAt)
                                    && totalDropped(h) > 0 && totalReported(h) == totalDropped(h));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; drop total " + totalDropped(host)
                            + ", reported " + totalReported(host), e);
                }
                gateway.terminateCleanly();
            }
        }
        Map<String, Long> droppedPerPoint = droppedPerPoint(host);
        long total = totalDropped(host);
        assertTrue(total > 0, "the store dropped: the outage outgrew 1 MiB");
        assertEquals(total, totalReported(host),
                "the reports add up to the total: every drop reported, per point");
        assertTrue(droppedPerPoint.keySet().containsAll(List.of("tank/heartbeat", "tank/p1")),
                "drops are reported for each point: " + droppedPerPoint.keySet());
    }

    /** The highest drop total the host has seen (store/dropped counts over the file's life); 0 before any. */
    private static long totalDropped(SparkplugHost host) {
        return host.nodeReadings("store/dropped").stream()
                .mapToLong(r -> ((Number) r.value()).longValue()).max().orElse(0);
    }

    /** The drops the host has been told of, all points together. */
    private static long totalReported(SparkplugHost host) {
        return droppedPerPoint(host).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The drops the host has been told of, per point, each report counted once. */
    private static Map<String, Long> droppedPerPoint(SparkplugHost host) {
        // At least once delivery may repeat a message: reports are keyed by time and text.
        Map<String, String> reports = new LinkedHashMap<>();
        host.nodeReadings("store/event").forEach(r -> reports.put(r.timestamp() + " " + r.value(), (String) r.value()));
        Map<String, Long> droppedPerPoint = new HashMap<>();
        for (String text : reports.values()) {
            Matcher m = DROP.matcher(text);
            assertTrue(m.find(), "a drop report names count, point, time span and policy: " + text);
            droppedPerPoint.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        return droppedPerPoint;
    }

}
