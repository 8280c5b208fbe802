package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long outage, end to end: a real gateway process polls four simulated stations fast while
 * its link to a real Mosquitto is cut, until its store holds at least 1,000,000 samples; then the
 * link returns. Every sample arrives at a Tahu-decoding host: no poll missing (each station's
 * heartbeat counter is contiguous and every point has one reading per poll), in order per point,
 * the backlog flagged historical with its original timestamps, and live readings arriving while
 * the backlog drains (their latency is printed, not asserted: figures go to PERFORMANCE.md).
 */
class OutageTest {
    private static final int DEVICES = 4;
    private static final int POINTS_PER_DEVICE = 60; // the heartbeat and 59 FLOAT64 points
    private static final long BACKLOG = 1_000_000;
    private static final Pattern BUFFERED = Pattern.compile("buffered (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aMillionSamplesBufferedThroughAnOutageAllArriveInOrderHistoricalWhileLiveDataKeepsFlowing()
            throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             LinkRelay link = LinkRelay.to(broker.port())) {
            link.up();
            // Four stations of 60 points polled every 10 ms (24,000 samples/s at best).
            Path profile = TestSites.fastSimSite(dir.resolve("profile"), "outage-gw", link.port(),
                    List.of("s0", "s1", "s2", "s3"), POINTS_PER_DEVICE, "");
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"),
                    dir.resolve("gateway.log"))) {
                host.await("data before the outage", Duration.ofSeconds(60),
                        h -> h.readings("s0/heartbeat").size() >= 10);

                link.down();
                long outageStart = System.currentTimeMillis();
                long buffered = awaitBuffered(gateway, BACKLOG, Duration.ofMinutes(15));
                long linkUp = System.currentTimeMillis();
                link.up();
                System.out.printf(Locale.ROOT, "outage: %.1f s, %,d samples buffered%n",
                        (linkUp - outageStart) / 1000.0, buffered);

                // Drained: the store is down to a moment's worth again, well after the link returned.
                awaitDrained(gateway, Duration.ofMinutes(10));
                gateway.terminateCleanly();
                awaitQuiet(host);

                assertEverythingArrived(host.readingsByMetric(), outageStart, linkUp);
            }
        }
    }

    /** Waits until ten status lines after now, the last of them saying under 5,000 samples are buffered. */
    private static void awaitDrained(GatewayProcess gateway, Duration timeout) throws Exception {
        int linesBefore = bufferedCounts(gateway.log()).size();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            List<Long> counts = bufferedCounts(gateway.log());
            if (counts.size() >= linesBefore + 10 && counts.get(counts.size() - 1) < 5_000) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the backlog did not drain within " + timeout + "; log tail:\n" + tail(gateway.log()));
    }

    private static List<Long> bufferedCounts(String log) {
        List<Long> counts = new ArrayList<>();
        Matcher m = BUFFERED.matcher(log);
        while (m.find()) {
            counts.add(Long.parseLong(m.group(1)));
        }
        return counts;
    }

    /** Waits until no message has arrived for two seconds: everything the broker had is in. */
    private static void awaitQuiet(SparkplugHost host) throws InterruptedException {
        int count = -1;
        while (count != host.messageCount()) {
            count = host.messageCount();
            Thread.sleep(2_000);
        }
    }

    /** Waits until the status line says the store holds at least {@code samples}; returns the count. */
    private static long awaitBuffered(GatewayProcess gateway, long samples, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            Matcher m = BUFFERED.matcher(gateway.log());
            long last = -1;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
            }
            if (last >= samples) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the store did not reach " + samples + " buffered samples within " + timeout
                + "; log tail:\n" + tail(gateway.log()));
    }

    private static void assertEverythingArrived(Map<String, List<SparkplugHost.Reading>> byMetric, long outageStart,
            long linkUp) {
        long lastBacklogArrival = 0;
        List<Long> liveLatencies = new ArrayList<>();
        long historical = 0;
        long takenDuringOutage = 0;
        long duplicates = 0;
        for (int d = 0; d < DEVICES; d++) {
            String device = "s" + d;
            List<SparkplugHost.Reading> beats = byMetric.getOrDefault(device + "/heartbeat", List.of());
            assertTrue(!beats.isEmpty(), device + ": readings arrived");
            // The last seconds before the stop may still have been in the store: compared up to 5 s before.
            long cutoff = beats.stream().mapToLong(SparkplugHost.Reading::timestamp).max().orElseThrow() - 5_000;
            TreeSet<Long> beatValues = new TreeSet<>();
            Map<Long, Long> pollTimes = new HashMap<>();
            for (SparkplugHost.Reading r : beats) {
                if (r.timestamp() > cutoff) {
                    continue;
                }
                long v = ((Number) r.value()).longValue();
                beatValues.add(v);
                pollTimes.put(r.timestamp(), v);
            }
            assertEquals(beatValues.last() - beatValues.first() + 1, beatValues.size(),
                    device + ": no poll is missing (heartbeat " + beatValues.first() + ".." + beatValues.last() + ")");
            for (int p = 0; p < POINTS_PER_DEVICE; p++) {
                String point = p == 0 ? device + "/heartbeat" : device + "/p" + p;
                List<SparkplugHost.Reading> readings = byMetric.getOrDefault(point, List.of());
                // Per point, in order within each stream: the backlog (historical) and the live readings.
                Map<Boolean, Long> lastTimestamp = new HashMap<>();
                TreeSet<Long> times = new TreeSet<>();
                for (SparkplugHost.Reading r : readings) {
                    if (r.timestamp() > cutoff) {
                        continue;
                    }
                    if (!times.add(r.timestamp())) {
                        duplicates++; // at least once: resent after the cut, never lost
                        continue;
                    }
                    long previous = lastTimestamp.getOrDefault(r.historical(), Long.MIN_VALUE);
                    assertTrue(r.timestamp() > previous, point + ": out of order: " + Instant.ofEpochMilli(r.timestamp())
                            + " (historical " + r.historical() + ", arrived " + Instant.ofEpochMilli(r.message().receivedAt())
                            + ") after " + Instant.ofEpochMilli(previous) + "; outage " + Instant.ofEpochMilli(outageStart)
                            + " to " + Instant.ofEpochMilli(linkUp));
                    lastTimestamp.put(r.historical(), r.timestamp());
                    long arrived = r.message().receivedAt();
                    if (r.timestamp() >= outageStart && r.timestamp() <= linkUp) {
                        takenDuringOutage++;
                    }
                    // Two seconds either side of the cut are left out of the flag check: the status line and
                    // the relay's cut are not the same instant as the edge node noticing.
                    boolean wellInsideOutage = r.timestamp() > outageStart + 2_000 && r.timestamp() < linkUp - 2_000;
                    if (wellInsideOutage) {
                        assertTrue(r.historical(), point + ": a reading taken during the outage is flagged historical");
                        assertTrue(arrived >= linkUp, point + ": keeps its original timestamp, not its arrival time");
                        lastBacklogArrival = Math.max(lastBacklogArrival, arrived);
                        historical++;
                    }
                }
                assertEquals(pollTimes.keySet(), times, point + ": one reading for every poll, none lost");
            }
        }
        for (int d = 0; d < DEVICES; d++) {
            for (SparkplugHost.Reading r : byMetric.getOrDefault("s" + d + "/heartbeat", List.of())) {
                if (!r.historical() && r.timestamp() > linkUp && r.message().receivedAt() < lastBacklogArrival) {
                    liveLatencies.add(r.message().receivedAt() - r.timestamp());
                }
            }
        }
        // The store held at least BACKLOG when the link returned, a few thousand of them from before the cut.
        assertTrue(takenDuringOutage >= BACKLOG * 9 / 10,
                "the readings taken during the outage arrived: " + takenDuringOutage);
        assertTrue(historical >= takenDuringOutage / 2,
                "most of them were taken well inside the outage and arrived flagged historical: " + historical);
        assertTrue(!liveLatencies.isEmpty(), "live readings arrived while the backlog was still draining");
        liveLatencies.sort(null);
        System.out.printf(Locale.ROOT, "drain: %,d readings taken during the outage, %,d historical readings delivered in %.1f s after the link returned;"
                        + " %,d duplicates; live heartbeat latency during the drain: median %d ms, p99 %d ms (%d readings)%n",
                takenDuringOutage, historical, (lastBacklogArrival - linkUp) / 1000.0, duplicates,
                liveLatencies.get(liveLatencies.size() / 2), liveLatencies.get(liveLatencies.size() * 99 / 100),
                liveLatencies.size());
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }
}
