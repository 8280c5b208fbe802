package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.driver.opcua.internal.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Sparkplug DCMD writes to an OPC UA server through the whole OSGi gateway (Felix): a host sends a
 * DCMD to the broker, the uplink hands it to the engine's audited command path, the OPC UA driver
 * writes it coerced to the node's DataType on an in-process Milo server, and the next reading
 * upstream shows the new value. A whole array is written and read back the same way (Int32Array).
 * A write to a read-only point is refused, audited and answered upstream.
 */
@Timeout(240)
class OpcUaCommandsEndToEndTest {
    private static final String DCMD = "spBv1.0/test-group/DCMD/opcua-gw/plc";

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
        host.await("command event '" + text + "'", Duration.ofSeconds(60),
                h -> events(h).stream().anyMatch(e -> e.contains(text)));
    }

    @Test
    void dcmdWritesReachTheOpcUaServerAndTheNextReadingShowsThem() throws Exception {
        int port = TestSites.freePort();
        Path data = dir.resolve("data");
        try (TestServer server = new TestServer();
             EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(),
                     profile(port, server.url()), data, 0))) {
            assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
            host.await("the first readings", Duration.ofSeconds(60),
                    h -> !h.readings("plc/setpoint").isEmpty() && !h.readings("plc/setpoints").isEmpty()
                            && !h.readings("plc/doubles").isEmpty());
            assertEquals(10.0, host.readings("plc/setpoint").get(0).value());
            assertEquals(MetricDataType.Int32Array, host.messages("DBIRTH").get(0).metric("plc/setpoints").getDataType());
            assertEquals(MetricDataType.DoubleArray, host.messages("DBIRTH").get(0).metric("plc/doubles").getDataType());
            assertArrayEquals(new Double[] {1.5, 2.5, 3.5}, (Object[]) host.readings("plc/doubles").get(0).value(),
                    "a whole array arrives as one DoubleArray metric");
            assertArrayEquals(TestServer.ARRAY_SETPOINTS_INITIAL, (Object[]) host.readings("plc/setpoints").get(0).value());

            // a scalar: the FLOAT64 point is written as the node's Int16, the subscription brings it back
            host.publish(DCMD, command("plc/setpoint", MetricDataType.Double, 42.0));
            awaitEvent(host, "written: plc/setpoint on plc = 42.0");
            assertEquals((short) 42, server.setpoint(), "the server holds the new value as its Int16");
            host.await("a reading of the new setpoint", Duration.ofSeconds(60),
                    h -> h.readings("plc/setpoint").stream().anyMatch(r -> Double.valueOf(42.0).equals(r.value())));

            // a whole array, as a Sparkplug Int32Array
            host.publish(DCMD, command("plc/setpoints", MetricDataType.Int32Array, new Integer[] {7, 8, 9}));
            awaitEvent(host, "written: plc/setpoints on plc = [7, 8, 9]");
            assertArrayEquals(new Integer[] {7, 8, 9}, (Object[]) server.arraySetpoints());
            host.await("a reading of the new array", Duration.ofSeconds(60), h -> h.readings("plc/setpoints").stream()
                    .anyMatch(r -> Arrays.equals(new Integer[] {7, 8, 9}, (Object[]) r.value())));

            // refused: the point is not declared read-write; the server never sees it
            host.publish(DCMD, command("plc/double", MetricDataType.Double, 1.0));
            awaitEvent(host, "refused: plc/double on plc = 1.0 (" + DCMD
                    + "): read-only point: plc/double is not declared access: read-write");
            // refused by the rules: the point is INT32[], 2.5 has a fraction
            host.publish(DCMD, command("plc/setpoints", MetricDataType.DoubleArray, new Double[] {1.0, 2.5, 3.0}));
            awaitEvent(host, "refused: plc/setpoints on plc = [1.0, 2.5, 3.0] (" + DCMD + "): wrong type: plc/setpoints"
                    + " takes a INT32[]: element 1 of the INT32[]: INT32 cannot hold the fraction 2.5");
            assertArrayEquals(new Integer[] {7, 8, 9}, (Object[]) server.arraySetpoints(), "refused writes change nothing");

            List<String[]> audit = audit(data.resolve("audit.db"));
            assertTrue(audit.stream().anyMatch(row -> row[0].equals(DCMD) && row[1].equals("plc/setpoint")
                    && row[2].equals("WRITTEN") && row[3].equals("42.0")), rows(audit));
            assertTrue(audit.stream().anyMatch(row -> row[1].equals("plc/setpoints") && row[2].equals("WRITTEN")
                    && row[3].equals("[7, 8, 9]")), rows(audit));
            assertTrue(audit.stream().anyMatch(row -> row[1].equals("plc/double") && row[2].equals("REFUSED")
                    && row[4].contains("read-only point")), rows(audit));
            assertTrue(audit.stream().anyMatch(row -> row[1].equals("plc/setpoints") && row[2].equals("REFUSED")
                    && row[3].equals("[1.0, 2.5, 3.0]") && row[4].contains("cannot hold the fraction 2.5")), rows(audit));
        }
    }

    private static String rows(List<String[]> audit) {
        return audit.stream().map(Arrays::toString).toList().toString();
    }

    private Path profile(int brokerPort, String url) throws Exception {
        String yaml = """
                gateway:
                  id: opcua-gw
                  group: test-group
                devices:
                  - id: plc
                    driver: opcua
                    interval: 100ms
                    settings:
                      endpoint: "%s"
                      samplingInterval: 50ms
                    points:
                      - {id: plc/setpoint, address: "ns=2;s=Setpoint", type: FLOAT64, access: read-write, min: 0, max: 100}
                      - {id: plc/double, address: "ns=2;s=Scalar.Double", type: FLOAT64}
                      - id: plc/setpoints
                        address: "ns=2;s=Array.Setpoints"
                        type: INT32[]
                        access: read-write
                      - {id: plc/doubles, address: "ns=2;s=Array.Double", type: "FLOAT64[]"}
                uplink:
                  host: 127.0.0.1
                  port: %d
                """.formatted(url, brokerPort);
        Files.createDirectories(dir);
        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, yaml);
        return profile;
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
