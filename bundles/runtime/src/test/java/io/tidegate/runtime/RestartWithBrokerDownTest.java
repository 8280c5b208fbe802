package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.store.internal.SqliteSampleStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway is stopped (SIGTERM) in the middle of a broker outage and started again before the
 * broker returns. Everything it had accepted must still arrive, marked historical, and the new
 * session must carry the next bdSeq.
 */
class RestartWithBrokerDownTest {

    @TempDir
    Path dir;

    @Test
    void everySampleBufferedAcrossARestartArrivesWhenTheBrokerReturns() throws Exception {
        int port = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), port);
        Path data = dir.resolve("data");
        SparkplugHost host = new SparkplugHost();

        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port, host::acceptQuietly)) {
            List<Sample> buffered;
            long restartAt;
            try (GatewayProcess first = GatewayProcess.start("felix", profile, data, dir.resolve("first.log"))) {
                host.await("live data from the first session", Duration.ofSeconds(60),
                        h -> h.readings("station/heartbeat").size() >= 20);

                broker.close();
                Thread.sleep(3000); // the outage: the gateway keeps reading and buffering
                first.terminate();
                assertTrue(first.log().contains("offline") || first.log().contains("OFFLINE"),
                        "first session noticed the outage:\n" + first.log());
            }
            buffered = pendingIn(data.resolve("queue.db"));
            assertTrue(buffered.size() > 50, "samples were buffered during the outage: " + buffered.size());

            restartAt = System.currentTimeMillis();
            try (GatewayProcess second = GatewayProcess.start("felix", profile, data, dir.resolve("second.log"))) {
                Thread.sleep(2000); // restarted, broker still down: more buffering
                broker.startAgain();
                host.await("every buffered sample", Duration.ofSeconds(120), h -> missing(h, buffered).isEmpty());
                host.await("live data of the second session", Duration.ofSeconds(30),
                        h -> h.readings("station/heartbeat").stream().anyMatch(r -> r.timestamp() > restartAt
                                && !r.historical()));

                assertBdSeqAdvancedByOne(host);
                assertBufferedSamplesArrivedHistorical(host, buffered);
                assertNoHeartbeatOfTheFirstSessionIsMissing(host, restartAt);
                assertOrderKeptPerPoint(host);
                assertTrue(host.undecodable().isEmpty(), "undecodable: " + host.undecodable());

                // A clean stop with the broker up: NDEATH with this session's bdSeq, store closed.
                long bdSeq = (Long) host.messages("NBIRTH").get(1).metric("bdSeq").getValue();
                second.terminate();
                host.await("NDEATH", Duration.ofSeconds(10), h -> !h.messages("NDEATH").isEmpty());
                assertEquals(bdSeq, host.messages("NDEATH").get(0).metric("bdSeq").getValue(),
                        "NDEATH names the session it ends");
                assertFalse(Files.exists(data.resolve("queue.db-wal")), "store closed cleanly (WAL checkpointed)");
            }
        }
    }

    private static List<Sample> pendingIn(Path database) throws Exception {
        try (SqliteSampleStore store = new SqliteSampleStore(database)) {
            return store.next(Integer.MAX_VALUE).stream().map(StoredSample::sample).toList();
        }
    }

    private static String key(String point, long timestamp, Object value) {
        return point + "@" + timestamp + "=" + value;
    }

    private static List<String> missing(SparkplugHost host, List<Sample> expected) {
        Set<String> received = new HashSet<>();
        Set<String> points = new HashSet<>();
        expected.forEach(s -> points.add(s.pointId()));
        for (String point : points) {
            host.readings(point).forEach(r -> received.add(key(point, r.timestamp(), r.value())));
        }
        List<String> missing = new ArrayList<>();
        for (Sample sample : expected) {
            Object value = sample.value() == null ? null : sample.value().raw();
            String k = key(sample.pointId(), sample.sourceTime(), value);
            if (!received.contains(k)) {
                missing.add(k);
            }
        }
        return missing;
    }

    private static void assertBdSeqAdvancedByOne(SparkplugHost host) {
        List<SparkplugHost.Message> births = host.messages("NBIRTH");
        assertEquals(2, births.size(), "one NBIRTH per session");
        long first = (Long) births.get(0).metric("bdSeq").getValue();
        long second = (Long) births.get(1).metric("bdSeq").getValue();
        assertEquals((first + 1) % 256, second, "the restarted gateway's bdSeq is the old one plus one");
    }

    private static void assertBufferedSamplesArrivedHistorical(SparkplugHost host, List<Sample> buffered) {
        Set<String> bufferedKeys = new HashSet<>();
        buffered.forEach(s -> bufferedKeys.add(key(s.pointId(), s.sourceTime(),
                s.value() == null ? null : s.value().raw())));
        Set<String> points = new HashSet<>();
        buffered.forEach(s -> points.add(s.pointId()));
        int checked = 0;
        for (String point : points) {
            for (SparkplugHost.Reading r : host.readings(point)) {
                if (bufferedKeys.contains(key(point, r.timestamp(), r.value()))
                        && r.message().seq() >= 0 && isSecondSession(host, r.message())) {
                    assertTrue(r.historical(), "replayed backlog is marked historical: " + point + " " + r.timestamp());
                    checked++;
                }
            }
        }
        assertTrue(checked >= buffered.size(), "checked " + checked + " of " + buffered.size());
    }

    private static boolean isSecondSession(SparkplugHost host, SparkplugHost.Message message) {
        SparkplugHost.Message secondBirth = host.messages("NBIRTH").get(1);
        return host.messages().indexOf(message) > host.messages().indexOf(secondBirth);
    }

    /** The simulator's heartbeat counts every poll: values 1..K of the first session must all be there. */
    private static void assertNoHeartbeatOfTheFirstSessionIsMissing(SparkplugHost host, long restartAt) {
        TreeSet<Long> seen = new TreeSet<>();
        for (SparkplugHost.Reading r : host.readings("station/heartbeat")) {
            if (r.timestamp() < restartAt && r.value() != null) {
                seen.add((Long) r.value());
            }
        }
        long last = seen.last();
        assertTrue(last > 40, "the first session polled through the outage: heartbeat reached " + last);
        List<Long> gaps = new ArrayList<>();
        for (long v = 1; v <= last; v++) {
            if (!seen.contains(v)) {
                gaps.add(v);
            }
        }
        assertTrue(gaps.isEmpty(), "heartbeat values missing upstream: " + gaps);
    }

    /** New samples of a point arrive in time order; at-least-once repeats of earlier ones are allowed. */
    private static void assertOrderKeptPerPoint(SparkplugHost host) {
        Map<String, Long> lastTimestamp = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (SparkplugHost.Message message : host.messages("DDATA")) {
            for (var metric : message.payload().getMetrics()) {
                long t = metric.getTimestamp().getTime();
                if (!seen.add(key(metric.getName(), t, metric.getValue()))) {
                    continue;
                }
                Long previous = lastTimestamp.put(metric.getName(), t);
                assertTrue(previous == null || previous <= t, "order kept for " + metric.getName() + ": " + t
                        + " after " + previous);
            }
        }
    }
}
