package io.tidegate.driver.opcua.internal;

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
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against an in-process Milo server: what an installer would check on a real one. */
class OpcUaSessionTest {
    private static final Duration FAST = Duration.ofMillis(100);
    private static TestServer server;
    @TempDir
    static Path dir;
    private static OpcUaDriver driver;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer();
        driver = new OpcUaDriver(GatewayPki.open(dir.resolve("pki")), false);
    }

    @AfterAll
    static void stopServer() throws Exception {
        driver.pki().close();
        server.close();
    }

    private static Point point(String id, String address, DataType type) {
        return Point.simple(id, "plc", address, type, FAST);
    }

    private static Device device(Map<String, String> extra, Point... points) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.putIfAbsent(OpcUaSettings.ENDPOINT, server.url());
        return new Device("plc", "opcua", settings, List.of(points));
    }

    private static Map<String, Sample> byId(List<Sample> samples) {
        Map<String, Sample> map = new HashMap<>();
        samples.forEach(s -> map.put(s.pointId(), s));
        return map;
    }

    @Test
    void pollingReadsEveryBuiltInScalarAsThePointsType() throws Exception {
        List<Point> points = List.of(
                point("p/bool", "ns=2;s=Scalar.Boolean", DataType.BOOL),
                point("p/sbyte", "ns=2;s=Scalar.SByte", DataType.INT16),
                point("p/byte", "ns=2;s=Scalar.Byte", DataType.UINT16),
                point("p/int16", "ns=2;s=Scalar.Int16", DataType.INT16),
                point("p/uint16", "ns=2;s=Scalar.UInt16", DataType.UINT16),
                point("p/int32", "ns=2;s=Scalar.Int32", DataType.INT32),
                point("p/uint32", "ns=2;s=Scalar.UInt32", DataType.UINT32),
                point("p/int64", "ns=2;s=Scalar.Int64", DataType.INT64),
                point("p/uint64", "ns=2;s=Scalar.UInt64", DataType.INT64),
                point("p/float", "ns=2;s=Scalar.Float", DataType.FLOAT32),
                point("p/double", "ns=2;s=Scalar.Double", DataType.FLOAT64),
                point("p/string", "ns=2;s=Scalar.String", DataType.STRING),
                point("p/datetime", "ns=2;s=Scalar.DateTime", DataType.STRING),
                point("p/datetime_ms", "ns=2;s=Scalar.DateTime", DataType.INT64),
                point("p/guid", "ns=2;s=Scalar.Guid", DataType.STRING),
                point("p/bytes", "ns=2;s=Scalar.ByteString", DataType.STRING),
                point("p/text", "ns=2;s=Scalar.LocalizedText", DataType.STRING),
                point("p/qname", "ns=2;s=Scalar.QualifiedName", DataType.STRING),
                point("p/nodeid", "ns=2;s=Scalar.NodeId", DataType.STRING),
                point("p/status", "ns=2;s=Scalar.StatusCode", DataType.STRING));
        long before = System.currentTimeMillis();
        Map<String, Sample> s;
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), points.toArray(Point[]::new)))) {
            assertFalse(session.canSubscribe(), "mode: poll");
            s = byId(session.read(points));
        }
        Map<String, Object> expected = new HashMap<>();
        expected.put("p/bool", true);
        expected.put("p/sbyte", -12L);
        expected.put("p/byte", 200L);
        expected.put("p/int16", -1234L);
        expected.put("p/uint16", 65000L);
        expected.put("p/int32", -123456L);
        expected.put("p/uint32", 4_000_000_000L);
        expected.put("p/int64", -9_000_000_000L);
        expected.put("p/uint64", 9_000_000_000L);
        expected.put("p/float", 1.5);
        expected.put("p/double", TestServer.DOUBLE_VALUE);
        expected.put("p/string", "pump running");
        expected.put("p/datetime", "2026-01-02T03:04:05Z");
        expected.put("p/datetime_ms", java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
        expected.put("p/guid", "09087e75-8e5e-499b-954f-f2a9603db28a");
        expected.put("p/bytes", "AQID");
        expected.put("p/text", "Hello");
        expected.put("p/qname", "2:Name");
        expected.put("p/nodeid", "ns=2;s=Target");
        expected.put("p/status", "Good_Overload");
        for (Point p : points) {
            Sample sample = s.get(p.id());
            assertTrue(sample.quality().isGood(), p.id() + ": " + sample.quality());
            assertEquals(p.type(), sample.value().type(), p.id());
            assertEquals(expected.get(p.id()), sample.value().raw(), p.id());
            assertTrue(sample.sourceTime() > 0 && sample.sourceTime() <= sample.gatewayTime(),
                    p.id() + " carries the server's source timestamp");
            assertTrue(sample.gatewayTime() >= before, p.id() + " gateway time is the read time");
        }
    }

    @Test
    void badStatusUnknownNodesAndStructuresGiveBadQualityWithTheReason() throws Exception {
        List<Point> points = List.of(
                point("p/broken", "ns=2;s=Broken", DataType.FLOAT64),
                point("p/missing", "ns=2;s=NoSuchNode", DataType.FLOAT64),
                point("p/structure", "ns=2;s=Structure", DataType.STRING),
                point("p/wrongtype", "ns=2;s=Scalar.String", DataType.FLOAT64),
                point("p/toobig", "ns=2;s=Scalar.UInt32", DataType.INT16),
                point("p/good", "ns=2;s=Scalar.Double", DataType.FLOAT64));
        Map<String, Sample> s;
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), points.toArray(Point[]::new)))) {
            s = byId(session.read(points));
        }
        assertBad(s.get("p/broken"), Quality.Reason.DEVICE_EXCEPTION, "Bad_SensorFailure");
        assertBad(s.get("p/missing"), Quality.Reason.CONFIG_ERROR, "Bad_NodeIdUnknown");
        assertBad(s.get("p/structure"), Quality.Reason.CONFIG_ERROR, "structure");
        assertBad(s.get("p/wrongtype"), Quality.Reason.CONFIG_ERROR, "String");
        assertBad(s.get("p/toobig"), Quality.Reason.CONFIG_ERROR, "outside the INT16 range");
        assertTrue(s.get("p/good").quality().isGood(), "one bad node does not spoil the others");
    }

    private static void assertBad(Sample sample, Quality.Reason reason, String words) {
        assertEquals(Quality.Status.BAD, sample.quality().status(), sample.pointId());
        assertNull(sample.value(), sample.pointId() + ": no made-up value");
        assertEquals(reason, sample.quality().reason(), sample.pointId() + ": " + sample.quality());
        assertTrue(sample.quality().detail().contains(words), sample.pointId() + ": " + sample.quality().detail());
    }

    @Test
    void arraysAreReadWholeAsTextOrOneElementByIndex() throws Exception {
        List<Point> points = List.of(
                point("p/array", "ns=2;s=Array.Double", DataType.STRING),
                point("p/second", "index=1;ns=2;s=Array.Double", DataType.FLOAT64),
                point("p/array_as_number", "ns=2;s=Array.Double", DataType.FLOAT64));
        Map<String, Sample> s;
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), points.toArray(Point[]::new)))) {
            s = byId(session.read(points));
        }
        assertEquals("[1.5, 2.5, 3.5]", s.get("p/array").value().raw());
        assertEquals(2.5, s.get("p/second").value().asDouble());
        assertBad(s.get("p/array_as_number"), Quality.Reason.CONFIG_ERROR, "index=N;");
    }

    @Test
    void arrayPointsGetTheWholeArrayAsOneTypedValueInPollingAndSubscriptions() throws Exception {
        List<Point> points = List.of(
                point("p/doubles", "ns=2;s=Array.Double", DataType.FLOAT64_ARRAY),
                point("p/flags", "ns=2;s=Array.Boolean", DataType.BOOL_ARRAY),
                point("p/int16s", "ns=2;s=Array.Int16", DataType.INT16_ARRAY),
                point("p/uint32s", "ns=2;s=Array.UInt32", DataType.UINT32_ARRAY),
                point("p/floats", "ns=2;s=Array.Float", DataType.FLOAT32_ARRAY),
                point("p/texts", "ns=2;s=Array.String", DataType.STRING_ARRAY),
                point("p/localized", "ns=2;s=Array.LocalizedText", DataType.STRING_ARRAY),
                point("p/widened", "ns=2;s=Array.Int16", DataType.INT32_ARRAY));
        Map<String, Value> expected = Map.of(
                "p/doubles", Value.of(DataType.FLOAT64_ARRAY, List.of(1.5, 2.5, 3.5)),
                "p/flags", Value.of(DataType.BOOL_ARRAY, List.of(true, false, true)),
                "p/int16s", Value.of(DataType.INT16_ARRAY, List.of(-32768, 0, 32767)),
                "p/uint32s", Value.of(DataType.UINT32_ARRAY, List.of(0L, 4_000_000_000L)),
                "p/floats", Value.of(DataType.FLOAT32_ARRAY, List.of(0.5f, -1.25f)),
                "p/texts", Value.of(DataType.STRING_ARRAY, List.of("open", "closed", "")),
                "p/localized", Value.of(DataType.STRING_ARRAY, List.of("Hello", "Welt")),
                "p/widened", Value.of(DataType.INT32_ARRAY, List.of(-32768, 0, 32767)));

        Map<String, Sample> polled;
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), points.toArray(Point[]::new)))) {
            polled = byId(session.read(points));
        }
        Map<String, Sample> pushed = new java.util.concurrent.ConcurrentHashMap<>();
        try (DeviceSession session = driver.open(device(Map.of(), points.toArray(Point[]::new)));
             AutoCloseable subscription = session.subscribe(points, samples -> samples.forEach(
                     sample -> pushed.putIfAbsent(sample.pointId(), sample)))) {
            await(() -> pushed.size() == points.size());
        }
        for (Map<String, Sample> got : List.of(polled, pushed)) {
            for (Map.Entry<String, Value> e : expected.entrySet()) {
                Sample sample = got.get(e.getKey());
                assertTrue(sample.quality().isGood(), e.getKey() + ": " + sample.quality());
                assertEquals(e.getValue(), sample.value(), e.getKey());
                assertEquals(e.getValue().type(), sample.value().type(), e.getKey());
            }
        }
    }

    @Test
    void anArrayThatDoesNotMatchThePointTypeIsBadWithTheReason() throws Exception {
        List<Point> points = List.of(
                point("p/scalar_node", "ns=2;s=Scalar.Double", DataType.FLOAT64_ARRAY),
                point("p/too_big", "ns=2;s=Array.UInt32", DataType.INT16_ARRAY),
                point("p/fraction", "ns=2;s=Array.Double", DataType.INT32_ARRAY),
                point("p/bools_as_numbers", "ns=2;s=Array.Boolean", DataType.FLOAT64_ARRAY),
                point("p/matrix", "ns=2;s=Array.Matrix", DataType.INT32_ARRAY),
                point("p/array_to_scalar", "ns=2;s=Array.Int16", DataType.INT16));
        Map<String, Sample> s;
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), points.toArray(Point[]::new)))) {
            s = byId(session.read(points));
        }
        assertBad(s.get("p/scalar_node"), Quality.Reason.CONFIG_ERROR, "holds a single Double, not an array;"
                + " declare the point FLOAT64");
        assertBad(s.get("p/too_big"), Quality.Reason.CONFIG_ERROR, "element 1 of the node's UInteger array does not"
                + " fit a INT16[]");
        assertBad(s.get("p/fraction"), Quality.Reason.CONFIG_ERROR, "element 0");
        assertBad(s.get("p/bools_as_numbers"), Quality.Reason.CONFIG_ERROR, "declare the point BOOL");
        assertBad(s.get("p/matrix"), Quality.Reason.CONFIG_ERROR, "multi-dimensional");
        assertBad(s.get("p/array_to_scalar"), Quality.Reason.CONFIG_ERROR, "declare the point INT16[]");
        assertTrue(s.get("p/too_big").quality().detail().startsWith("point p/too_big (INT16[]): "),
                s.get("p/too_big").quality().detail());
    }

    @Test
    void aWholeArrayIsWrittenCoercedToTheNodesDataType() throws Exception {
        Point setpoints = point("p/setpoints", "ns=2;s=Array.Setpoints", DataType.FLOAT64_ARRAY);
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), setpoints))) {
            session.write(setpoints, Value.of(DataType.FLOAT64_ARRAY, List.of(1.0, -2.0, 300.0)));
            assertArrayEquals(new Integer[] {1, -2, 300}, (Object[]) server.arraySetpoints(),
                    "FLOAT64 elements are written as the node's Int32");
            assertEquals(Value.of(DataType.FLOAT64_ARRAY, List.of(1.0, -2.0, 300.0)),
                    session.read(List.of(setpoints)).get(0).value());

            DriverException fraction = assertThrows(DriverException.class,
                    () -> session.write(setpoints, Value.of(DataType.FLOAT64_ARRAY, List.of(1.0, 2.5, 3.0))));
            assertEquals(Quality.Reason.OUT_OF_RANGE, fraction.reason());
            assertTrue(fraction.getMessage().contains("element 1: 2.5 has a fraction; the node is Int32"),
                    fraction.getMessage());
            // The node's ArrayDimensions say 3: the server itself refuses another length.
            DriverException length = assertThrows(DriverException.class,
                    () -> session.write(setpoints, Value.of(DataType.FLOAT64_ARRAY, List.of(1.0, 2.0, 3.0, 4.0))));
            assertTrue(length.getMessage().contains("the server refused the write of [1.0, 2.0, 3.0, 4.0] to"
                    + " p/setpoints: Bad_TypeMismatch"), length.getMessage());
            assertArrayEquals(new Integer[] {1, -2, 300}, (Object[]) server.arraySetpoints(),
                    "refused writes change nothing");
        }
    }

    @Test
    void browsePathsAndNamespaceUrisResolveToTheSameNode() throws Exception {
        List<Point> points = List.of(
                point("p/by_path", "/2:Plant/2:Scalar.Double", DataType.FLOAT64),
                point("p/by_uri", "nsu=" + TestServer.NAMESPACE + ";s=Scalar.Double", DataType.FLOAT64),
                point("p/bad_path", "/2:Plant/2:Nothing", DataType.FLOAT64),
                point("p/bad_uri", "nsu=urn:nobody;s=Scalar.Double", DataType.FLOAT64));
        Map<String, Sample> s;
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), points.toArray(Point[]::new)))) {
            s = byId(session.read(points));
        }
        assertEquals(TestServer.DOUBLE_VALUE, s.get("p/by_path").value().asDouble());
        assertEquals(TestServer.DOUBLE_VALUE, s.get("p/by_uri").value().asDouble());
        assertBad(s.get("p/bad_path"), Quality.Reason.CONFIG_ERROR, "does not lead to a node");
        assertBad(s.get("p/bad_uri"), Quality.Reason.CONFIG_ERROR, "urn:nobody");
    }

    @Test
    void writesAreCoercedToTheNodesDataType() throws Exception {
        Point setpoint = point("p/setpoint", "ns=2;s=Setpoint", DataType.FLOAT64);
        Point readOnly = point("p/ro", "ns=2;s=Scalar.Double", DataType.FLOAT64);
        try (DeviceSession session = driver.open(device(Map.of("mode", "poll"), setpoint, readOnly))) {
            session.write(setpoint, Value.of(DataType.FLOAT64, 42.0));
            assertEquals((short) 42, server.setpoint(), "a FLOAT64 42.0 is written as the node's Int16");
            assertEquals(42.0, session.read(List.of(setpoint)).get(0).value().asDouble());

            DriverException fraction = assertThrows(DriverException.class,
                    () -> session.write(setpoint, Value.of(DataType.FLOAT64, 4.5)));
            assertEquals(Quality.Reason.OUT_OF_RANGE, fraction.reason());
            assertTrue(fraction.getMessage().contains("fraction"), fraction.getMessage());
            DriverException range = assertThrows(DriverException.class,
                    () -> session.write(setpoint, Value.of(DataType.FLOAT64, 40000)));
            assertTrue(range.getMessage().contains("Int16 range"), range.getMessage());
            assertEquals((short) 42, server.setpoint(), "refused writes change nothing");

            DriverException refused = assertThrows(DriverException.class,
                    () -> session.write(readOnly, Value.of(DataType.FLOAT64, 1.0)));
            assertTrue(refused.getMessage().contains("Bad_NotWritable")
                    || refused.getMessage().contains("Bad_UserAccessDenied"), refused.getMessage());
        }
    }

    @Test
    void subscriptionPushesEveryChangeOfTheFastNodeWithItsSourceTime() throws Exception {
        Point counter = point("p/counter", "ns=2;s=Counter", DataType.INT64);
        Point constant = point("p/constant", "ns=2;s=Scalar.Double", DataType.FLOAT64);
        List<Sample> received = new CopyOnWriteArrayList<>();
        try (DeviceSession session = driver.open(device(Map.of("samplingInterval", "50ms", "queueSize", "20"),
                counter, constant))) {
            assertTrue(session.canSubscribe(), "subscriptions are the default");
            try (AutoCloseable subscription = session.subscribe(List.of(counter, constant), received::addAll)) {
                await(() -> received.stream().filter(s -> s.pointId().equals("p/counter")).count() >= 15);
            }
        }
        List<Long> values = received.stream().filter(s -> s.pointId().equals("p/counter"))
                .map(s -> s.value().asLong()).toList();
        for (int i = 1; i < values.size(); i++) {
            assertEquals(values.get(i - 1) + 1, values.get(i), "no change skipped: " + values);
        }
        assertTrue(received.stream().filter(s -> s.pointId().equals("p/constant")).count() >= 1,
                "an unchanging node still reports its value once");
        for (Sample s : received) {
            assertTrue(s.quality().isGood(), s.toString());
            if (s.pointId().equals("p/counter")) {
                // the constant node keeps the timestamp of its one change, at server start
                assertTrue(s.gatewayTime() - s.sourceTime() < 2000 && s.gatewayTime() >= s.sourceTime() - 50,
                        "source time is the server's timestamp of the change: " + s);
            }
        }
    }

    @Test
    void absoluteDeadbandSuppressesSmallChanges() throws Exception {
        Point counter = point("p/counter", "ns=2;s=Counter", DataType.INT64);
        List<Sample> received = new CopyOnWriteArrayList<>();
        try (DeviceSession session = driver.open(device(Map.of("samplingInterval", "50ms", "deadbandType",
                "absolute", "deadband", "4.5"), counter));
             AutoCloseable subscription = session.subscribe(List.of(counter), received::addAll)) {
            await(() -> received.size() >= 4);
        }
        List<Long> values = received.stream().map(s -> s.value().asLong()).toList();
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) - values.get(i - 1) >= 5, "changes under the deadband are not sent: " + values);
        }
    }

    @Test
    void signAndEncryptWithUsernameConnectsOnlyOnceTheServerCertificateIsTrusted() throws Exception {
        Path pkiDir = dir.resolve("secure-pki");
        Path passwordFile = dir.resolve("opcua.password");
        Files.writeString(passwordFile, TestServer.PASSWORD + "\n");
        Point value = point("p/double", "ns=2;s=Scalar.Double", DataType.FLOAT64);
        Map<String, String> secure = Map.of("securityPolicy", "Basic256Sha256", "securityMode", "SignAndEncrypt",
                "identity", "username", "username", TestServer.USER, "passwordFile", passwordFile.toString(),
                "mode", "poll");
        try (GatewayPki pki = GatewayPki.open(pkiDir)) {
            OpcUaDriver fresh = new OpcUaDriver(pki, false);
            assertTrue(Files.exists(pkiDir.resolve("own/gateway.der")), "the gateway made its certificate");
            assertTrue(pki.applicationUri().startsWith("urn:") && pki.applicationUri().endsWith(":tidegate:gateway"),
                    pki.applicationUri());

            DriverException refused = assertThrows(DriverException.class, () -> fresh.open(device(secure, value)));
            assertEquals(Quality.Reason.CONFIG_ERROR, refused.reason());
            assertTrue(refused.getMessage().contains("not trusted"), refused.getMessage());
            List<Path> rejected = list(pki.rejectedDir());
            assertEquals(1, rejected.size(), "the server certificate waits in rejected/");

            CertificateFolder folder = new CertificateFolder(pkiDir);
            CertificateFolder.Entry entry = folder.rejected().get(0);
            assertEquals(CertificateFolder.thumbprint(server.certificate()), entry.thumbprint());
            folder.trust(entry.thumbprint().substring(0, 10));
            assertTrue(list(pki.rejectedDir()).isEmpty());

            // The trust list is watched; the next connection attempt uses the new trust.
            Sample sample = awaitOpen(fresh, device(secure, value), value);
            assertEquals(TestServer.DOUBLE_VALUE, sample.value().asDouble());

            Path wrongPassword = dir.resolve("wrong.password");
            Files.writeString(wrongPassword, "not-the-password");
            Map<String, String> wrong = new HashMap<>(secure);
            wrong.put("passwordFile", wrongPassword.toString());
            DriverException denied = assertThrows(DriverException.class, () -> fresh.open(device(wrong, value)));
            assertEquals(Quality.Reason.CONFIG_ERROR, denied.reason());
            assertTrue(denied.getMessage().contains("refused the username identity"), denied.getMessage());
            assertFalse(denied.getMessage().contains("not-the-password"), "a password is never in a message");
        }
    }

    @Test
    void anX509UserIsAcceptedOnlyWhenTheServerKnowsIt() throws Exception {
        java.security.KeyPair keys = org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator
                .generateRsaKeyPair(2048);
        java.security.cert.X509Certificate user = new org.eclipse.milo.opcua.stack.core.util
                .SelfSignedCertificateBuilder(keys).setCommonName("operator-x509")
                .setApplicationUri("urn:tidegate:test:user").build();
        Path certFile = dir.resolve("user.der");
        Files.write(certFile, user.getEncoded());
        Path keyFile = dir.resolve("user.key");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Point value = point("p/double", "ns=2;s=Scalar.Double", DataType.FLOAT64);
        Map<String, String> x509 = Map.of("securityPolicy", "Basic256Sha256", "securityMode", "SignAndEncrypt",
                "identity", "x509", "userCertificate", certFile.toString(), "userKey", keyFile.toString(),
                "trustAllServerCertificatesInsecureDevOnly", "true", "mode", "poll");

        DriverException unknown = assertThrows(DriverException.class, () -> driver.open(device(x509, value)));
        assertEquals(Quality.Reason.CONFIG_ERROR, unknown.reason());
        assertTrue(unknown.getMessage().contains("refused the x509 identity"), unknown.getMessage());

        server.acceptX509User(user);
        try (DeviceSession session = driver.open(device(x509, value))) {
            assertEquals(TestServer.DOUBLE_VALUE, session.read(List.of(value)).get(0).value().asDouble());
        } finally {
            server.acceptX509User(null);
        }
    }

    @Test
    void everySecurityPolicyConnectsWithTheDevFlagOnly() throws Exception {
        Point value = point("p/double", "ns=2;s=Scalar.Double", DataType.FLOAT64);
        for (String policy : List.of("Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss")) {
            for (String mode : List.of("Sign", "SignAndEncrypt")) {
                try (DeviceSession session = driver.open(device(Map.of("securityPolicy", policy, "securityMode", mode,
                        "trustAllServerCertificatesInsecureDevOnly", "true", "mode", "poll"), value))) {
                    assertEquals(TestServer.DOUBLE_VALUE, session.read(List.of(value)).get(0).value().asDouble(),
                            policy + "/" + mode);
                }
            }
        }
    }

    @Test
    void anEndpointTheServerDoesNotOfferIsAClearConfigurationError() throws Exception {
        // The server offers SignAndEncrypt but only with the three policies; ask for an unlisted one via discovery.
        OpcUaSettings settings = OpcUaSettings.of(device(Map.of("securityPolicy", "Basic256Sha256",
                "securityMode", "Sign")));
        var endpoints = Connector.discover("plc", settings, 5000);
        DriverException e = assertThrows(DriverException.class, () -> Connector.selectEndpoint("plc",
                OpcUaSettings.of(device(Map.of("securityPolicy", "Aes256_Sha256_RsaPss", "securityMode", "Sign"))),
                endpoints.stream().filter(d -> !d.getSecurityPolicyUri().endsWith("RsaPss")).toList()));
        assertEquals(Quality.Reason.CONFIG_ERROR, e.reason());
        assertTrue(e.getMessage().contains("offers: None/None, Basic256Sha256/Sign"), e.getMessage());
    }

    @Test
    void aServerRestartShowsAsBadSamplesThenGoodDataReturnsBySubscription() throws Exception {
        Point counter = point("p/counter", "ns=2;s=Counter", DataType.INT64);
        List<Sample> received = new CopyOnWriteArrayList<>();
        try (DeviceSession session = driver.open(device(Map.of("samplingInterval", "50ms"), counter));
             AutoCloseable subscription = session.subscribe(List.of(counter), received::addAll)) {
            await(() -> received.size() >= 3);
            server.stop();
            await(() -> received.stream().anyMatch(s -> !s.quality().isGood()));
            int gapAt = received.size();
            server.start();
            await(() -> received.subList(gapAt, received.size()).stream().filter(s -> s.quality().isGood())
                    .count() >= 3);

            Sample gap = received.stream().filter(s -> !s.quality().isGood()).findFirst().orElseThrow();
            assertEquals(Quality.Reason.COMM_FAILURE, gap.quality().reason());
            assertNull(gap.value());
            List<Long> after = received.subList(gapAt, received.size()).stream().filter(s -> s.quality().isGood())
                    .map(s -> s.value().asLong()).toList();
            for (int i = 1; i < after.size(); i++) {
                assertTrue(after.get(i) > after.get(i - 1), "live changes again after the restart: " + after);
            }
        }
    }

    private static Sample awaitOpen(OpcUaDriver d, Device device, Point p) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try (DeviceSession session = d.open(device)) {
                return session.read(List.of(p)).get(0);
            } catch (DriverException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
