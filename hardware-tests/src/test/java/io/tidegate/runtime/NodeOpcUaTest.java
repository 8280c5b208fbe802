package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Value;
import io.tidegate.driver.opcua.internal.CertificateFolder;
import io.tidegate.driver.opcua.internal.GatewayPki;
import io.tidegate.driver.opcua.internal.OpcUaDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.message.model.MetricDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a node-opcua server (a peer Tidegate did not write) and Debian's Mosquitto:
 * what reaches the broker is what the server holds, with the right types (whole arrays as Sparkplug
 * array metrics), the server's timestamps
 * and the qualities; security, certificate trust and a server restart behave as an installer
 * expects.
 */
class NodeOpcUaTest {
    private static final String DEVICE = "line1";

    @TempDir
    Path dir;

    /** point id -> (address, type, value expected upstream as Tahu decodes it). */
    private static final Map<String, Object[]> SCALARS = new LinkedHashMap<>();

    static {
        SCALARS.put("plc/boolean", new Object[]{"Scalar.Boolean", "BOOL", true});
        SCALARS.put("plc/sbyte", new Object[]{"Scalar.SByte", "INT16", (short) -12});
        SCALARS.put("plc/byte", new Object[]{"Scalar.Byte", "UINT16", 200});
        SCALARS.put("plc/int16", new Object[]{"Scalar.Int16", "INT16", (short) -1234});
        SCALARS.put("plc/uint16", new Object[]{"Scalar.UInt16", "UINT16", 65000});
        SCALARS.put("plc/int32", new Object[]{"Scalar.Int32", "INT32", -123456});
        SCALARS.put("plc/uint32", new Object[]{"Scalar.UInt32", "UINT32", 4_000_000_000L});
        SCALARS.put("plc/int64", new Object[]{"Scalar.Int64", "INT64", 8_589_934_597L});
        SCALARS.put("plc/uint64", new Object[]{"Scalar.UInt64", "INT64", 4_000_000_000L});
        SCALARS.put("plc/float", new Object[]{"Scalar.Float", "FLOAT32", 1.5f});
        SCALARS.put("plc/double", new Object[]{"Scalar.Double", "FLOAT64", 3.25});
        SCALARS.put("plc/string", new Object[]{"Scalar.String", "STRING", "pump running"});
        SCALARS.put("plc/datetime", new Object[]{"Scalar.DateTime", "STRING", "2026-01-02T03:04:05Z"});
        SCALARS.put("plc/guid", new Object[]{"Scalar.Guid", "STRING", "09087e75-8e5e-499b-954f-f2a9603db28a"});
        SCALARS.put("plc/bytestring", new Object[]{"Scalar.ByteString", "STRING", "AQID"});
        SCALARS.put("plc/xml", new Object[]{"Scalar.XmlElement", "STRING", "<a>1</a>"});
        SCALARS.put("plc/nodeid", new Object[]{"Scalar.NodeId", "STRING", "ns=1;s=Target"});
        SCALARS.put("plc/statuscode", new Object[]{"Scalar.StatusCode", "STRING", "Good_Overload"});
        SCALARS.put("plc/qualifiedname", new Object[]{"Scalar.QualifiedName", "STRING", "1:Name"});
        SCALARS.put("plc/localizedtext", new Object[]{"Scalar.LocalizedText", "STRING", "Hello"});
        SCALARS.put("plc/array_double", new Object[]{"Array.Double", "STRING", "[1.5, 2.5, 3.5]"});
        SCALARS.put("plc/array_int32", new Object[]{"Array.Int32", "STRING", "[-1, 0, 1]"});
        SCALARS.put("plc/array_string", new Object[]{"Array.String", "STRING", "[\"a\", \"b\", \"c\"]"});
        SCALARS.put("plc/array_double_1", new Object[]{"index=1;" + NodeOpcUaServer.node("Array.Double"), "FLOAT64",
                2.5});
        SCALARS.put("plc/by_path", new Object[]{"/2:Plant/2:Scalar.Double", "FLOAT64", 3.25});
    }

    /** point id -> (address, array type, Sparkplug array type, whole array expected upstream as Tahu decodes it). */
    private static final Map<String, Object[]> ARRAYS = new LinkedHashMap<>();

    static {
        ARRAYS.put("plc/whole_double", new Object[]{"Array.Double", "FLOAT64[]", MetricDataType.DoubleArray,
                new Double[]{1.5, 2.5, 3.5}});
        ARRAYS.put("plc/whole_int32", new Object[]{"Array.Int32", "INT32[]", MetricDataType.Int32Array,
                new Integer[]{-1, 0, 1}});
        ARRAYS.put("plc/whole_int32_as_int64", new Object[]{"Array.Int32", "INT64[]", MetricDataType.Int64Array,
                new Long[]{-1L, 0L, 1L}});
        ARRAYS.put("plc/whole_string", new Object[]{"Array.String", "STRING[]", MetricDataType.StringArray,
                new String[]{"a", "b", "c"}});
    }

    @Test
    void valuesTypesTimestampsAndQualitiesReachTheBroker() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             NodeOpcUaServer server = NodeOpcUaServer.start(dir.resolve("node-opcua"))) {
            Path profile = profile(broker.port(), server, Map.of());
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"),
                    dir.resolve("gateway.log"))) {
                host.await("30 counter changes", Duration.ofSeconds(90),
                        h -> h.readings("plc/counter").size() >= 30);

                SparkplugHost.Message birth = host.messages("DBIRTH").get(0);
                assertEquals(MetricDataType.Int16, birth.metric("plc/int16").getDataType());
                assertEquals(MetricDataType.UInt32, birth.metric("plc/uint32").getDataType());
                assertEquals(MetricDataType.Float, birth.metric("plc/float").getDataType());
                assertEquals(MetricDataType.String, birth.metric("plc/datetime").getDataType());

                for (Map.Entry<String, Object[]> e : SCALARS.entrySet()) {
                    List<SparkplugHost.Reading> readings = host.readings(e.getKey());
                    assertFalse(readings.isEmpty(), e.getKey() + " reached the broker; log:\n" + gateway.log());
                    SparkplugHost.Reading first = readings.get(0);
                    assertNull(first.qualityReason(), e.getKey() + " is good");
                    assertEquals(e.getValue()[2], first.value(), e.getKey());
                }

                List<SparkplugHost.Reading> counter = host.readings("plc/counter");
                for (int i = 1; i < counter.size(); i++) {
                    assertEquals(((Number) counter.get(i - 1).value()).intValue() + 1,
                            ((Number) counter.get(i).value()).intValue(), "every change of the 100 ms node is stored");
                    long step = counter.get(i).timestamp() - counter.get(i - 1).timestamp();
                    assertTrue(step > 30 && step < 400, "source timestamps are the server's, ~100 ms apart: " + step);
                }
                SparkplugHost.Reading last = counter.get(counter.size() - 1);
                long age = last.message().receivedAt() - last.timestamp();
                assertTrue(age >= -100 && age < 3000, "source time to broker within seconds: " + age + " ms");

                for (Map.Entry<String, Object[]> e : ARRAYS.entrySet()) {
                    assertEquals(e.getValue()[2], birth.metric(e.getKey()).getDataType(), e.getKey() + " in DBIRTH");
                    List<SparkplugHost.Reading> readings = host.readings(e.getKey());
                    assertFalse(readings.isEmpty(), e.getKey() + " reached the broker; log:\n" + gateway.log());
                    SparkplugHost.Reading first = readings.get(0);
                    assertNull(first.qualityReason(), e.getKey() + " is good");
                    assertEquals(e.getValue()[2], first.message().payload().getMetrics().stream()
                            .filter(m -> e.getKey().equals(m.getName())).findFirst().orElseThrow().getDataType(),
                            e.getKey() + " in DDATA");
                    assertArrayEquals((Object[]) e.getValue()[3], (Object[]) first.value(),
                            e.getKey() + ": the whole array as one metric");
                }

                SparkplugHost.Reading broken = host.readings("plc/broken").get(0);
                assertNull(broken.value(), "no made-up value for a Bad node");
                assertTrue(broken.qualityReason().startsWith("DEVICE_EXCEPTION: Bad_SensorFailure"),
                        broken.qualityReason());
            }
        }
    }

    @Test
    void signAndEncryptWithUsernameIsRefusedUntilTrustedAndSurvivesAServerRestart() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             NodeOpcUaServer server = NodeOpcUaServer.start(dir.resolve("node-opcua"))) {
            Map<String, String> secure = Map.of("securityPolicy", "Basic256Sha256", "securityMode", "SignAndEncrypt",
                    "identity", "username", "username", NodeOpcUaServer.USER,
                    "passwordFile", server.passwordFile().toAbsolutePath().toString());
            Path data = dir.resolve("data");
            Path profile = profile(broker.port(), server, secure);
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, data, dir.resolve("gateway.log"))) {
                host.await("the refusal upstream", Duration.ofSeconds(90), h -> h.readings("plc/counter").stream()
                        .anyMatch(r -> r.qualityReason() != null && r.qualityReason().contains("not trusted")));
                assertTrue(host.readings("plc/counter").stream().allMatch(r -> r.value() == null),
                        "nothing read from an untrusted server");

                CertificateFolder folder = new CertificateFolder(data.resolve("opcua"));
                List<CertificateFolder.Entry> rejected = folder.rejected();
                assertEquals(1, rejected.size(), "the server's certificate waits for review: " + rejected);
                assertEquals("urn:tidegate:node-opcua:server", rejected.get(0).applicationUri());
                folder.trust(rejected.get(0).thumbprint());
                int trustedAt = host.readings("plc/counter").size();
                host.await("good data once trusted", Duration.ofSeconds(60), h -> good(h, trustedAt) >= 10);
                assertEquals(3.25, host.readings("plc/double").stream().filter(r -> r.value() != null)
                        .findFirst().orElseThrow().value(), "read over SignAndEncrypt as operator");

                server.stop();
                host.await("the gap as bad samples", Duration.ofSeconds(60), h -> h.readings("plc/counter").stream()
                        .skip(trustedAt).anyMatch(r -> r.qualityReason() != null
                                && r.qualityReason().startsWith("COMM_FAILURE")));
                int gapAt = host.readings("plc/counter").size();
                server.start();
                host.await("good data after the restart", Duration.ofSeconds(90), h -> good(h, gapAt) >= 10);
                assertTrue(gateway.log().contains("subscription recreated")
                        || gateway.log().contains("reconnected"), "recovered by itself:\n" + gateway.log());
            }
        }
    }

    /**
     * The setpoint write is coerced to the node's Int16, the driver called directly (the whole DCMD
     * path, broker to server, is OpcUaCommandsEndToEndTest in bundles/runtime).
     */
    @Test
    void writesAreCoercedToTheNodesDataType() throws Exception {
        try (NodeOpcUaServer server = NodeOpcUaServer.start(dir.resolve("node-opcua"));
             GatewayPki pki = GatewayPki.open(dir.resolve("pki"))) {
            OpcUaDriver driver = new OpcUaDriver(pki, false);
            Point setpoint = Point.simple("plc/setpoint", DEVICE, NodeOpcUaServer.node("Setpoint"), DataType.FLOAT64,
                    Duration.ofSeconds(1));
            Point readOnly = Point.simple("plc/double", DEVICE, NodeOpcUaServer.node("Scalar.Double"), DataType.FLOAT64,
                    Duration.ofSeconds(1));
            Device device = new Device(DEVICE, "opcua", Map.of("endpoint", server.url(), "mode", "poll"),
                    List.of(setpoint, readOnly));
            try (DeviceSession session = driver.open(device)) {
                session.write(setpoint, Value.of(DataType.FLOAT64, 42.0));
                assertEquals(42.0, session.read(List.of(setpoint)).get(0).value().asDouble());
                DriverException fraction = assertThrows(DriverException.class,
                        () -> session.write(setpoint, Value.of(DataType.FLOAT64, 4.5)));
                assertTrue(fraction.getMessage().contains("Int16"), fraction.getMessage());
                DriverException readOnlyRefused = assertThrows(DriverException.class,
                        () -> session.write(readOnly, Value.of(DataType.FLOAT64, 1.0)));
                assertTrue(readOnlyRefused.getMessage().contains("refused"), readOnlyRefused.getMessage());
            }
        }
    }

    private static long good(SparkplugHost h, int after) {
        return h.readings("plc/counter").stream().skip(after).filter(r -> r.value() != null).count();
    }

    private Path profile(int brokerPort, NodeOpcUaServer server, Map<String, String> extraSettings) throws Exception {
        StringBuilder yaml = new StringBuilder();
        yaml.append("gateway:\n  id: opcua-gw\n  group: test-group\n");
        yaml.append("devices:\n  - id: ").append(DEVICE).append("\n    driver: opcua\n    interval: 100ms\n");
        yaml.append("    settings:\n      endpoint: \"").append(server.url()).append("\"\n");
        yaml.append("      samplingInterval: 50ms\n      queueSize: \"20\"\n");
        for (Map.Entry<String, String> s : extraSettings.entrySet()) {
            yaml.append("      ").append(s.getKey()).append(": \"").append(s.getValue()).append("\"\n");
        }
        yaml.append("    points:\n");
        for (Map.Entry<String, Object[]> e : SCALARS.entrySet()) {
            String address = (String) e.getValue()[0];
            if (!address.contains("=") && !address.startsWith("/")) {
                address = NodeOpcUaServer.node(address);
            }
            point(yaml, e.getKey(), address, (String) e.getValue()[1]);
        }
        for (Map.Entry<String, Object[]> e : ARRAYS.entrySet()) {
            point(yaml, e.getKey(), NodeOpcUaServer.node((String) e.getValue()[0]), (String) e.getValue()[1]);
        }
        point(yaml, "plc/counter", NodeOpcUaServer.node("Counter"), "INT32");
        point(yaml, "plc/broken", NodeOpcUaServer.node("Broken"), "FLOAT64");
        yaml.append("uplink:\n  host: 127.0.0.1\n  port: ").append(brokerPort).append("\n");
        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, yaml);
        return profile;
    }

    private static void point(StringBuilder yaml, String id, String address, String type) {
        yaml.append("      - id: ").append(id).append("\n        address: \"").append(address)
                .append("\"\n        type: ").append(type).append("\n");
    }
}
