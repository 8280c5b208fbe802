package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparkplug write commands through the whole OSGi gateway (Felix, sim driver, engine, SQLite store,
 * uplink, a broker) from a Tahu host: an allowed write reaches the simulated pump station and the
 * next reading shows it; a write to a read-only point, an out-of-range value, a wrong type, an
 * unknown metric and a flood are each refused, audited in audit.db and answered upstream with the
 * reason as the node metric {@code command/event} (NDATA).
 */
@Timeout(180)
class CommandsEndToEndTest {
    private static final String DCMD = "spBv1.0/tidegate-demo/DCMD/demo-station-01/station";
    private static final String NCMD = "spBv1.0/tidegate-demo/NCMD/demo-station-01";

    @TempDir
    Path dir;

    private static byte[] command(String metric, MetricDataType type, Object value) throws Exception {
        return new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayloadBuilder().setTimestamp(new Date())
                .addMetric(new MetricBuilder(metric, type, value).createMetric()).createPayload(), false);
    }

    private static List<String> events(SparkplugHost host) {
        return host.readings("command/event").stream().map(r -> String.valueOf(r.value())).toList();
    }

    private static void awaitEvent(SparkplugHost host, String text) throws InterruptedException {
        host.await("command event '" + text + "'", Duration.ofSeconds(30),
                h -> events(h).stream().anyMatch(e -> e.contains(text)));
    }

    @Test
    void writesAreCheckedRateLimitedAuditedAndAnswered() throws Exception {
        int port = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), port);
        Path data = dir.resolve("data");
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile, data, 0))) {
            assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
            host.await("the station's data", Duration.ofSeconds(30),
                    h -> h.readings("control/start_level").size() >= 2);
            assertNotNull(host.messages("NBIRTH").get(0).metric("command/event"),
                    "NBIRTH declares the command event metric");
            assertEquals(2.0, (Double) host.readings("control/start_level").get(0).value(), 1e-9);

            // allowed: within 0.3..4.0 and accepted by the station; the next reading shows it
            host.publish(DCMD, command("control/start_level", MetricDataType.Double, 1.7));
            awaitEvent(host, "written: control/start_level on station = 1.7");
            int afterWrite = host.readings("control/start_level").size();
            host.await("a reading of the new start level", Duration.ofSeconds(30),
                    h -> h.readings("control/start_level").stream().skip(afterWrite - 1)
                            .anyMatch(r -> Double.valueOf(1.7).equals(r.value())));

            // refused by the gateway's rules, each with its reason
            host.publish(DCMD, command("pump1/running", MetricDataType.Boolean, true));
            awaitEvent(host, "refused: pump1/running on station = true (" + DCMD
                    + "): read-only point: pump1/running is not declared access: read-write");
            host.publish(DCMD, command("control/start_level", MetricDataType.Double, 9.0));
            awaitEvent(host, "refused: control/start_level on station = 9.0 (" + DCMD
                    + "): out of range: 9.0 is outside control/start_level's write limits 0.3..4.0");
            host.publish(DCMD, command("control/start_level", MetricDataType.String, "high"));
            awaitEvent(host, "refused: control/start_level on station = 'high' (" + DCMD
                    + "): wrong type: control/start_level takes a FLOAT64, the command sent text");
            host.publish(DCMD, command("pump9/speed", MetricDataType.Double, 50.0));
            awaitEvent(host, "refused: pump9/speed on station = 50.0 (" + DCMD
                    + "): unknown metric: device 'station' has no point 'pump9/speed'");
            host.publish(NCMD, command("store/alarm", MetricDataType.Boolean, false));
            awaitEvent(host, "refused: _node/store/alarm on _node = false (" + NCMD + "): read-only point");

            // a flood of valid writes: beyond the burst, refused by the rate limit; every one audited and answered
            for (int i = 0; i < 30; i++) {
                host.publish(DCMD, command("control/stop_level", MetricDataType.Double, 0.5));
            }
            host.await("an answer to every command", Duration.ofSeconds(60), h -> events(h).size() >= 36);
            List<String> flood = events(host).stream().filter(e -> e.contains("control/stop_level")).toList();
            assertEquals(30, flood.size(), "one answer per flood command");
            long rateLimited = flood.stream().filter(e -> e.contains("refused: control/stop_level on station = 0.5 ("
                    + DCMD + "): rate limit: the gateway takes at most 5 commands at once and 30 per minute")).count();
            long written = flood.stream().filter(e -> e.startsWith("written: control/stop_level")).count();
            assertEquals(30, rateLimited + written, "each flood command is written or rate-limited: " + flood);
            assertTrue(written >= 4 && written <= 8, written + " flood commands got through a burst of 4 left + refill");
            assertTrue(host.readings("control/start_level").stream().noneMatch(r -> Double.valueOf(9.0).equals(r.value())),
                    "the refused value never reached the station");

            List<String[]> audit = audit(data.resolve("audit.db"));
            assertEquals(36, audit.stream().filter(row -> !row[2].equals("ACCEPTED")).count(),
                    "one final audit row per command: " + audit.size() + " rows");
            assertEquals(1 + written, audit.stream().filter(row -> row[2].equals("ACCEPTED")).count(),
                    "an ACCEPTED row before each write");
            assertTrue(audit.stream().anyMatch(row -> row[1].equals("control/start_level") && row[2].equals("WRITTEN")
                    && row[3].equals("1.7") && row[0].equals(DCMD)));
            assertEquals(5 + rateLimited, audit.stream().filter(row -> row[2].equals("REFUSED")).count(),
                    "five refused by the rules, the rest by the rate limit");
        }
    }

    /** Rows of the audit as {origin, point, outcome, value, reason}. */
    private static List<String[]> audit(Path file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT origin, point, outcome, value, reason FROM command_audit ORDER BY id")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)});
            }
        }
        return rows;
    }
}
