package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.tidegate.driver.opcua.internal.TestServer;
import io.tidegate.engine.profile.ProfileLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's operations in the real bundle set on Felix: HTTPS only with the gateway's own
 * certificate, the events and alarms page (device health, commands, kept across a restart), the
 * uplink's "test connection" beside a running session, Modbus unit scan and OPC UA browse, and the
 * gateway's log in the diagnostics bundle without the MQTT password.
 */
class ConsoleOpsEndToEndTest {
    private static final String PASSWORD = "pump-station-7";
    private static final String MQTT_PASSWORD = "mqtt-hunter2-secret";
    private static final String DCMD = "spBv1.0/tidegate-demo/DCMD/demo-station-01/station";

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void httpsOnlyWithTheGatewaysOwnCertificate() throws Exception {
        Path profile = TestSites.fastDemo(dir.resolve("profile"), TestSites.freePort()); // no broker needed
        Files.writeString(profile, Files.readString(profile).replace("  bind: 127.0.0.1", "  bind: 127.0.0.1\n  https: true"));
        int port = ProfileLoader.load(profile).console().port();
        Path data = dir.resolve("data");
        try (Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile, data, 0))) {
            assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
            Path https = data.resolve("console/https");
            for (String secret : List.of("gateway.p12", "store-password")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        https.resolve(secret))), secret + " is the gateway user's only");
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(https)));
            ConsoleClient browser = new ConsoleClient(URI.create("https://127.0.0.1:" + port),
                    trusting(https.resolve("gateway.crt")));
            awaitListening(browser);

            HttpResponse<String> session = browser.openSession();
            assertEquals(200, session.statusCode());
            String cookie = session.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("; Secure"), "the session cookie never travels unencrypted: " + cookie);
            assertEquals("https://127.0.0.1:" + port + "/", Files.readString(data.resolve("console/url")).trim());
            setUp(browser, data);
            assertEquals(200, browser.get("/api/overview").statusCode());

            // No plain HTTP beside it: an http:// request gets no console answer.
            ConsoleClient plain = new ConsoleClient(port);
            try {
                HttpResponse<String> r = plain.get("/api/session");
                assertFalse(r.statusCode() == 200, "plain HTTP answered: " + r.body());
            } catch (java.io.IOException refused) {
                // what a TLS-only port does to plain HTTP
            }
            // A client that does not trust the certificate gets nowhere.
            ConsoleClient stranger = new ConsoleClient(URI.create("https://127.0.0.1:" + port),
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
            try {
                stranger.get("/api/session");
                throw new AssertionError("an untrusting client connected");
            } catch (javax.net.ssl.SSLHandshakeException expected) {
                // the certificate is the gateway's own
            }
        }
        // The same certificate after a restart: browsers told to trust it keep trusting it.
        byte[] before = Files.readAllBytes(data.resolve("console/https/gateway.crt"));
        try (Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile, data, 0))) {
            assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(data.resolve("console/https/gateway.crt"))));
            awaitListening(new ConsoleClient(URI.create("https://127.0.0.1:" + port),
                    trusting(data.resolve("console/https/gateway.crt"))));
        }
    }

    @Test
    @Timeout(180)
    void httpsWithTheInstallersCertificateOnEquinox() throws Exception {
        Path[] pem = ConsoleCertificateTest.pemPair(dir.resolve("profile"));
        Path profile = TestSites.fastDemo(dir.resolve("profile"), TestSites.freePort());
        Files.writeString(profile, Files.readString(profile).replace("  bind: 127.0.0.1",
                "  bind: 127.0.0.1\n  https: true\n  certFile: console.crt\n  keyFile: console.key"));
        int port = ProfileLoader.load(profile).console().port();
        Path data = dir.resolve("data");
        try (Launcher launcher = Launcher.start(new LaunchOptions("equinox", TestSites.home(), profile, data, 0))) {
            assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
            ConsoleClient browser = new ConsoleClient(URI.create("https://127.0.0.1:" + port), trusting(pem[0]));
            awaitListening(browser);
            setUp(browser, data);
            assertEquals(200, browser.get("/api/events").statusCode());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    data.resolve("console/https/console.p12"))));
        }
    }

    @Test
    @Timeout(240)
    void eventsConnectionTestDiscoveryAndLogs() throws Exception {
        int brokerPort = TestSites.freePort();
        Path fault = dir.resolve("station-cable-cut");
        Path profile = TestSites.fastDemoWithStationFault(dir.resolve("profile"), brokerPort, fault);
        // The broker login: the password lives in a 0600 file the profile names.
        Path passwordFile = Files.writeString(profile.resolveSibling("mqtt-password"), MQTT_PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(profile, Files.readString(profile).replace("  port: " + brokerPort + "\n",
                "  port: " + brokerPort + "\n  username: gateway\n  passwordFile: mqtt-password\n"));
        int consolePort = ProfileLoader.load(profile).console().port();
        Path data = dir.resolve("data");
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            try (Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile, data, 0))) {
                assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
                ConsoleClient browser = new ConsoleClient(consolePort);
                awaitListening(browser);
                strangersGetNothing(browser, data);
                setUp(browser, data);
                host.await("the station's data", Duration.ofSeconds(30), h -> h.readings("control/start_level").size() >= 2);

                deviceHealthAndCommandsAreEvents(browser, host, fault);
                connectionTestLeavesTheSessionAlone(browser, host, brokerPort);
                modbusScanAndOpcUaBrowse(browser);
                logsInTheDiagnosticsBundleWithoutThePassword(browser);
            }
            // After a restart the page still shows what happened before it.
            try (Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile, data, 0))) {
                assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
                ConsoleClient browser = new ConsoleClient(consolePort);
                awaitListening(browser);
                browser.openSession();
                assertEquals(200, browser.post("/api/login", Map.of("password", PASSWORD)).statusCode());
                String events = browser.get("/api/events").body();
                assertTrue(events.contains("written: control/start_level on station = 1.7"), events);
            }
        }
    }

    /** Every new endpoint refuses a visitor without a login; the read-only API token may read, never act. */
    private static void strangersGetNothing(ConsoleClient browser, Path data) throws Exception {
        for (String path : List.of("/api/events", "/api/discovery", "/api/discovery/job?id=1")) {
            assertEquals(401, browser.get(path).statusCode(), "GET " + path + " without a login");
        }
        for (String path : List.of("/api/uplink/test", "/api/discovery")) {
            int status = browser.postWithoutCsrf(path, Map.of("host", "127.0.0.1", "driver", "modbus-tcp")).statusCode();
            assertTrue(status == 401 || status == 403, "POST " + path + " without a login: " + status);
        }
        String token = Files.readString(data.resolve("console/api-token")).trim();
        assertEquals(200, browser.getWithBearer("/api/events", token).statusCode(), "scripts may read the events");
        assertEquals(401, browser.postWithBearer("/api/uplink/test", token).statusCode(), "but not act");
    }

    private static void deviceHealthAndCommandsAreEvents(ConsoleClient browser, SparkplugHost host, Path fault)
            throws Exception {
        Files.createFile(fault);
        String down = awaitEvents(browser, "the station DOWN", e -> e.contains("\"kind\":\"device\",\"source\":\"station\",\"text\":\"DOWN"));
        Files.delete(fault);
        String up = awaitEvents(browser, "the station UP again", e -> e.contains("\"source\":\"station\",\"text\":\"UP\""));
        assertTrue(up.indexOf("\"text\":\"UP\"") < up.indexOf("\"text\":\"DOWN"), "newest first: " + up);
        assertTrue(down.contains("COMM_FAILURE") || down.contains("DOWN: "), "says why: " + down);

        host.publish(DCMD, new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayloadBuilder()
                .setTimestamp(new Date()).addMetric(new MetricBuilder("control/start_level", MetricDataType.Double, 1.7)
                        .createMetric()).createPayload(), false));
        String events = awaitEvents(browser, "the command", e -> e.contains("written: control/start_level on station = 1.7"));
        assertTrue(events.indexOf("\"kind\":\"command\"") < events.indexOf("\"kind\":\"device\""), "newest first: " + events);
        assertEquals(401, new ConsoleClient(Integer.parseInt(browser.get("/").uri().getPort() + "")).get("/api/events")
                .statusCode(), "not for strangers");
    }

    private static void connectionTestLeavesTheSessionAlone(ConsoleClient browser, SparkplugHost host, int brokerPort)
            throws Exception {
        int births = host.messages("NBIRTH").size();
        HttpResponse<String> ok = browser.post("/api/uplink/test", Map.of("host", "127.0.0.1",
                "port", Integer.toString(brokerPort), "username", "gateway", "password", "typed-by-the-installer"));
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"connected\":true") && ok.body().contains("\"outcome\":\"CONNECTED\""), ok.body());

        HttpResponse<String> nobody = browser.post("/api/uplink/test", Map.of("host", "127.0.0.1",
                "port", Integer.toString(TestSites.freePort()), "timeoutSeconds", "3"));
        assertTrue(nobody.body().contains("\"outcome\":\"UNREACHABLE\""), nobody.body());

        HttpResponse<String> badPort = browser.post("/api/uplink/test", Map.of("host", "127.0.0.1", "port", "x"));
        assertEquals(400, badPort.statusCode());
        assertTrue(badPort.body().contains("\"field\":\"port\""), badPort.body());
        assertEquals(403, browser.postWithoutCsrf("/api/uplink/test", Map.of("host", "127.0.0.1")).statusCode());
        // Its content would go to the named host: only the running uplink's password file is allowed here.
        HttpResponse<String> anyFile = browser.post("/api/uplink/test", Map.of("host", "127.0.0.1",
                "port", Integer.toString(brokerPort), "username", "gateway", "passwordFile", "/etc/hostname"));
        assertEquals(400, anyFile.statusCode(), anyFile.body());
        assertTrue(anyFile.body().contains("\"field\":\"passwordFile\""), anyFile.body());
        HttpResponse<String> running = browser.post("/api/uplink/test", Map.of("host", "127.0.0.1",
                "port", Integer.toString(brokerPort), "username", "gateway", "passwordFile", "mqtt-password"));
        assertEquals(200, running.statusCode(), "the running uplink's own password file is accepted: " + running.body());

        Thread.sleep(1000);
        assertEquals(births, host.messages("NBIRTH").size(), "the running session was never dropped");
        assertTrue(host.messages("NDEATH").isEmpty(), "no NDEATH: the test used its own client id");
        assertTrue(browser.get("/api/overview").body().contains("\"connected\":true"));
    }

    private void modbusScanAndOpcUaBrowse(ConsoleClient browser) throws Exception {
        String drivers = browser.get("/api/discovery").body();
        for (String driver : List.of("modbus-tcp", "modbus-rtu", "modbus-rtu-over-tcp", "opcua")) {
            assertTrue(drivers.contains("\"driver\":\"" + driver + "\""), driver + " in " + drivers);
        }
        int port = TestSites.freePort();
        SimpleProcessImage unit = new SimpleProcessImage(3);
        unit.addRegister(0, new SimpleRegister(42));
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(3, unit);
        slave.open();
        try {
            String scan = runDiscovery(browser, Map.of("driver", "modbus-tcp", "host", "127.0.0.1",
                    "port", Integer.toString(port), "from", "1", "to", "5"));
            assertTrue(scan.contains("\"id\":\"3\",\"name\":\"\",\"details\":{\"answer\":\"value\"}"), scan);
            assertTrue(scan.contains("\"done\":5") && scan.contains("\"complete\":true"), scan);
        } finally {
            ModbusSlaveFactory.close(slave);
        }
        try (TestServer server = new TestServer()) {
            String browse = runDiscovery(browser, Map.of("driver", "opcua", "endpoint", server.url(),
                    "node", "ns=2;s=Plant"));
            assertTrue(browse.contains("\"id\":\"ns=2;s=Setpoint\",\"name\":\"Setpoint\""), browse);
            assertTrue(browse.contains("\"dataType\":\"Int16\",\"writable\":\"true\""), browse);
        }
        HttpResponse<String> unknown = browser.post("/api/discovery", Map.of("driver", "sim"));
        assertEquals(400, unknown.statusCode());
        String failed = runDiscovery(browser, Map.of("driver", "modbus-tcp", "host", "127.0.0.1",
                "port", Integer.toString(TestSites.freePort())));
        assertTrue(failed.contains("\"state\":\"failed\"") && failed.contains("cannot reach 127.0.0.1:"), failed);
    }

    private static String runDiscovery(ConsoleClient browser, Map<String, String> form) throws Exception {
        HttpResponse<String> started = browser.post("/api/discovery", form);
        assertEquals(202, started.statusCode(), started.body());
        Matcher m = Pattern.compile("\"job\":(\\d+)").matcher(started.body());
        assertTrue(m.find(), started.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String status = browser.get("/api/discovery/job?id=" + m.group(1)).body();
            if (!status.contains("\"state\":\"running\"")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("discovery still running: " + status);
            }
            Thread.sleep(200);
        }
    }

    private static void logsInTheDiagnosticsBundleWithoutThePassword(ConsoleClient browser) throws Exception {
        // A library that prints what it should not: the password must still never reach support.
        System.getLogger("careless.library").log(System.Logger.Level.WARNING,
                "connecting as gateway with password=" + MQTT_PASSWORD + " (retrying with " + MQTT_PASSWORD + ")");
        HttpResponse<byte[]> r = browser.getBytes("/api/diagnostics");
        assertEquals(200, r.statusCode());
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String log = entries.get("logs/tidegate.0.log");
        assertTrue(log != null, "the log is in the bundle: " + entries.keySet());
        assertTrue(log.contains("installer console on http://127.0.0.1:"), log);
        assertTrue(log.contains("connecting as gateway with password=<removed> (retrying with <removed>)"), log);
        assertTrue(log.contains("setup token <removed>"), "the setup token line, without the token");
        for (Map.Entry<String, String> e : entries.entrySet()) {
            assertFalse(e.getValue().contains(MQTT_PASSWORD), e.getKey() + " holds the MQTT password");
            assertFalse(e.getValue().contains(PASSWORD), e.getKey() + " holds the console password");
        }
        assertTrue(entries.get("profile/demo-site.yaml").contains("passwordFile: mqtt-password"));
    }

    private static String awaitEvents(ConsoleClient browser, String what, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String events = browser.get("/api/events").body();
            if (done.test(events)) {
                return events;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not among the events: " + events);
            }
            Thread.sleep(200);
        }
    }

    private static void setUp(ConsoleClient browser, Path data) throws Exception {
        browser.openSession();
        String token = Files.readString(data.resolve("console/setup-token")).trim();
        HttpResponse<String> r = browser.post("/api/setup", Map.of("token", token, "password", PASSWORD));
        assertEquals(200, r.statusCode(), r.body());
    }

    private static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void awaitListening(ConsoleClient browser) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (browser.get("/").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // Jetty still starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the console did not answer within 20 s");
            }
            Thread.sleep(100);
        }
    }
}
