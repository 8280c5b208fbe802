package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.ProfileLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Configuration editing through the console's REST API, in the real bundle set over real HTTP:
 * validation errors by field and by register-map row and column, a test read of a device not yet
 * saved, an atomic apply the running gateway picks up without a restart (its new points reach the
 * broker), apply-with-confirm coming undone by itself, the audit of it all, and the login and CSRF
 * token every new endpoint demands.
 */
class ConsoleCommissioningTest {
    private static final String PASSWORD = "pump-station-7";
    /** A register map from a device manual, its third point's type mistyped (line 4 of the text). */
    private static final String MAP_WITH_BAD_ROW = """
            id,address,type,unit,description
            pump3/level,wet_well.level,FLOAT64,m,Wet well level
            pump3/speed,pump1.speed,FLOAT64,%,Pump speed
            pump3/current,pump1.current,FLAOT64,A,Pump current
            """;
    private static final String GOOD_MAP = MAP_WITH_BAD_ROW.replace("FLAOT64", "FLOAT64");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"felix", "equinox"})
    @Timeout(240)
    void installerEditsTestsAppliesAndConfirmsTheSite(String framework) throws Exception {
        int brokerPort = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), brokerPort);
        int consolePort = ProfileLoader.load(profile).console().port();
        Path data = dir.resolve("data");
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             Launcher launcher = Launcher.start(new LaunchOptions(framework, TestSites.home(), profile, data, 0))) {
            List<String> problems = launcher.awaitHealthy(Duration.ofSeconds(20));
            assertTrue(problems.isEmpty(), "bundle set on " + framework + ": " + problems);
            ConsoleClient browser = new ConsoleClient(consolePort);
            awaitListening(browser);

            newEndpointsRefuseStrangersAndForgedRequests(browser);
            String apiToken = setUp(browser, data);
            awaitConfigurationEditing(browser);
            scriptsMayReadTheConfigurationButNotChangeIt(browser, apiToken);

            badInputIsShownWhereItIsAndChangesNothing(browser, profile);
            testReadOfADeviceNotYetSaved(browser);
            applyIsAtomicAndThePointsReachTheBroker(browser, profile, host);
            anUnconfirmedChangeComesUndoneByItself(browser, profile, host);
            aConfirmedChangeStays(browser, profile);
            aWriteFromUpstream(host);
            auditListsEveryChangeNewestFirst(browser);
        }
    }

    /**
     * A new profile that brings the gateway down (here: killed with SIGKILL) cannot leave the site
     * unconfirmed forever: the pending change is on disk, and the restarted gateway reverts it when
     * its window ends.
     */
    @Test
    @Timeout(240)
    void aChangePendingWhenTheGatewayDiedIsRevertedAfterTheRestart() throws Exception {
        int brokerPort = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), brokerPort);
        int consolePort = ProfileLoader.load(profile).console().port();
        Path data = dir.resolve("data");
        byte[] original = Files.readAllBytes(profile);
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort)) {
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, data, dir.resolve("first.log"))) {
                ConsoleClient browser = new ConsoleClient(consolePort);
                awaitListening(browser);
                awaitFile(data.resolve("console/setup-token"));
                browser.openSession();
                setUp(browser, data);
                awaitConfigurationEditing(browser);
                HttpResponse<String> applied = browser.post("/api/config/apply", Map.of("change", "remove",
                        "id", "meter", "confirmMinutes", "0.25"));
                assertEquals(200, applied.statusCode(), applied.body());
                assertTrue(Files.exists(data.resolve("commissioning/pending.properties")));
                gateway.kill();
            }
            assertFalse(java.util.Arrays.equals(original, Files.readAllBytes(profile)), "the change was applied");
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, data, dir.resolve("second.log"))) {
                gateway.awaitLog("configuration change 'device meter removed' by console@127.0.0.1 not confirmed"
                        + " within 15 s: the previous profile is back", Duration.ofSeconds(90));
                assertArrayEquals(original, Files.readAllBytes(profile), "the previous profile is back");
                assertFalse(Files.exists(data.resolve("commissioning/pending.properties")), "nothing pending any more");
                ConsoleClient browser = new ConsoleClient(consolePort);
                awaitListening(browser);
                browser.openSession();
                assertEquals(200, browser.post("/api/login", Map.of("password", PASSWORD)).statusCode());
                awaitDevice(browser, "meter");
                String reverted = "\"who\":\"gateway\",\"what\":\"device meter removed\",\"outcome\":\"REVERTED\"";
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String audit;
                while (!(audit = browser.get("/api/audit").body()).contains(reverted)) {
                    assertTrue(System.nanoTime() < deadline, "the revert is audited: " + audit);
                    Thread.sleep(200);
                }
                gateway.terminateCleanly();
            }
        }
    }

    /** The console may answer before the engine's commissioning service is up (503 until then). */
    private static void awaitConfigurationEditing(ConsoleClient browser) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r;
        while ((r = browser.get("/api/config")).statusCode() == 503) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("configuration editing never came up: " + r.body());
            }
            Thread.sleep(200);
        }
        assertEquals(200, r.statusCode(), r.body());
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " never appeared");
            }
            Thread.sleep(100);
        }
    }

    private static void newEndpointsRefuseStrangersAndForgedRequests(ConsoleClient stranger) throws Exception {
        for (String path : List.of("/api/config", "/api/audit")) {
            HttpResponse<String> r = stranger.get(path);
            assertEquals(401, r.statusCode(), "GET " + path + " without a login: " + r.body());
            assertFalse(r.body().contains("station"), "tells a stranger nothing: " + r.body());
        }
        stranger.openSession(); // an anonymous session with its CSRF token is still no login
        for (String path : List.of("/api/config/check", "/api/config/test-read", "/api/config/apply",
                "/api/config/confirm")) {
            assertEquals(401, stranger.post(path, deviceForm("pump3", GOOD_MAP)).statusCode(), "POST " + path);
        }
    }

    private static String setUp(ConsoleClient browser, Path data) throws Exception {
        String token = Files.readString(data.resolve("console/setup-token")).trim();
        HttpResponse<String> r = browser.post("/api/setup", Map.of("token", token, "password", PASSWORD));
        assertEquals(200, r.statusCode(), r.body());
        for (String path : List.of("/api/config/check", "/api/config/test-read", "/api/config/apply",
                "/api/config/confirm")) {
            HttpResponse<String> forged = browser.postWithoutCsrf(path, deviceForm("pump3", GOOD_MAP));
            assertEquals(403, forged.statusCode(), "POST " + path + " without the CSRF token: " + forged.body());
        }
        return Files.readString(data.resolve("console/api-token")).trim();
    }

    private static void scriptsMayReadTheConfigurationButNotChangeIt(ConsoleClient browser, String apiToken)
            throws Exception {
        HttpResponse<String> config = browser.getWithBearer("/api/config", apiToken);
        assertEquals(200, config.statusCode(), config.body());
        assertTrue(config.body().contains("\"id\":\"meter\""), config.body());
        assertTrue(config.body().contains("meter/voltage_l1,voltage.l1,FLOAT64"), "the meter's register map: "
                + config.body());
        assertTrue(config.body().contains("\"pending\":null"), config.body());
        assertEquals(200, browser.getWithBearer("/api/audit", apiToken).statusCode());
        for (String path : List.of("/api/config/apply", "/api/config/confirm")) {
            assertEquals(401, browser.postWithBearer(path, apiToken).statusCode(), "the API token only reads");
        }
    }

    private static void badInputIsShownWhereItIsAndChangesNothing(ConsoleClient browser, Path profile)
            throws Exception {
        byte[] before = Files.readAllBytes(profile);
        List<Path> filesBefore = files(profile.getParent());

        HttpResponse<String> check = browser.post("/api/config/check", deviceForm("pump3", MAP_WITH_BAD_ROW));
        assertEquals(400, check.statusCode(), check.body());
        assertTrue(check.body().contains("{\"field\":\"points\",\"row\":4,\"column\":\"type\",\"message\":"
                + "\"'FLAOT64' is not a data type"), "the error names row 4 and its column: " + check.body());

        Map<String, String> badFields = new java.util.HashMap<>(deviceForm("pump3", GOOD_MAP));
        badFields.put("interval", "fast");
        badFields.put("driver", "modbus-tpc");
        HttpResponse<String> fields = browser.post("/api/config/apply", badFields);
        assertEquals(400, fields.statusCode(), fields.body());
        assertTrue(fields.body().contains("{\"field\":\"interval\",\"row\":0,\"column\":\"\""), fields.body());
        assertTrue(fields.body().contains("{\"field\":\"driver\",\"row\":0,\"column\":\"\",\"message\":"
                + "\"unknown driver 'modbus-tpc'"), fields.body());

        HttpResponse<String> duplicate = browser.post("/api/config/apply", deviceForm("meter", GOOD_MAP));
        assertEquals(400, duplicate.statusCode());
        assertTrue(duplicate.body().contains("{\"field\":\"id\",\"row\":0,\"column\":\"\",\"message\":"
                + "\"duplicate device id 'meter'"), duplicate.body());

        HttpResponse<String> port = browser.post("/api/config/apply", Map.of("change", "uplink",
                "uplink.port", "70000"));
        assertEquals(400, port.statusCode());
        assertTrue(port.body().contains("{\"field\":\"uplink.port\",\"row\":0,\"column\":\"\",\"message\":"
                + "\"'70000' is not a port"), port.body());

        HttpResponse<String> badRowApply = browser.post("/api/config/apply", deviceForm("pump3", MAP_WITH_BAD_ROW));
        assertEquals(400, badRowApply.statusCode());
        assertArrayEquals(before, Files.readAllBytes(profile), "a refused change leaves the profile as it was");
        assertEquals(filesBefore, files(profile.getParent()), "and leaves no file behind");
        assertEquals(200, browser.post("/api/config/check", deviceForm("pump3", GOOD_MAP)).statusCode());
    }

    private static void testReadOfADeviceNotYetSaved(ConsoleClient browser) throws Exception {
        HttpResponse<String> all = browser.post("/api/config/test-read", deviceForm("pump3", GOOD_MAP));
        assertEquals(200, all.statusCode(), all.body());
        for (String point : List.of("pump3/level", "pump3/speed", "pump3/current")) {
            assertTrue(all.body().matches("(?s).*\\{\"id\":\"" + point + "\",\"value\":\"[0-9.]+\",\"quality\":\"GOOD\","
                    + "\"reason\":\"\".*"), point + " read once: " + all.body());
        }
        Map<String, String> one = new java.util.HashMap<>(deviceForm("pump3", GOOD_MAP));
        one.put("point", "pump3/speed");
        HttpResponse<String> single = browser.post("/api/config/test-read", one);
        assertEquals(200, single.statusCode(), single.body());
        assertTrue(single.body().contains("pump3/speed") && !single.body().contains("pump3/level"), single.body());

        Map<String, String> badLine = new java.util.HashMap<>(deviceForm("pump3", GOOD_MAP));
        badLine.put("settings", "model: pump-station\nseed 3");
        HttpResponse<String> bad = browser.post("/api/config/test-read", badLine);
        assertEquals(400, bad.statusCode(), "a test read validates first: " + bad.body());
        assertTrue(bad.body().contains("{\"field\":\"settings\",\"row\":2,"), bad.body());

        Map<String, String> unknownModel = new java.util.HashMap<>(deviceForm("pump3", GOOD_MAP));
        unknownModel.put("settings", "model: sewage-plant");
        HttpResponse<String> refused = browser.post("/api/config/test-read", unknownModel);
        assertEquals(200, refused.statusCode(), "the driver itself answers: " + refused.body());
        assertTrue(refused.body().contains("{\"id\":\"pump3/level\",\"value\":null,\"quality\":\"BAD\","
                + "\"reason\":\"CONFIG_ERROR: "), "value, quality and the driver's reason: " + refused.body());
        assertTrue(refused.body().contains("unknown simulator model 'sewage-plant'"), refused.body());

        String devices = browser.get("/api/devices").body();
        assertFalse(devices.contains("pump3"), "a test read saves nothing: " + devices);
    }

    private static void applyIsAtomicAndThePointsReachTheBroker(ConsoleClient browser, Path profile,
                                                                SparkplugHost host) throws Exception {
        byte[] before = Files.readAllBytes(profile);
        Map<String, String> form = new java.util.HashMap<>(deviceForm("pump3", GOOD_MAP));
        form.put("confirmMinutes", "0");
        HttpResponse<String> applied = browser.post("/api/config/apply", form);
        assertEquals(200, applied.statusCode(), applied.body());
        assertTrue(applied.body().contains("\"pending\":null"), "no confirm asked: " + applied.body());

        assertArrayEquals(before, Files.readAllBytes(profile.resolveSibling("demo-site.yaml.previous")),
                "the previous profile is kept");
        String written = Files.readString(profile);
        assertTrue(written.contains("id: pump3"), written);
        assertTrue(ProfileLoader.load(profile).device("pump3").isPresent(), "the new profile is valid as a file");
        assertFalse(files(profile.getParent()).stream().anyMatch(p -> p.getFileName().toString().endsWith(".tmp")
                || p.getFileName().toString().startsWith(".tidegate-staged")), "no temporary file is left");

        host.await("the new device's points at the broker", Duration.ofSeconds(60),
                h -> h.messages("DBIRTH").stream().anyMatch(m -> "pump3".equals(m.device()))
                        && !h.readings("pump3/current").isEmpty());
        awaitDevice(browser, "pump3");
    }

    private static void anUnconfirmedChangeComesUndoneByItself(ConsoleClient browser, Path profile,
                                                               SparkplugHost host) throws Exception {
        byte[] before = Files.readAllBytes(profile);
        HttpResponse<String> applied = browser.post("/api/config/apply", Map.of("change", "remove", "id", "pump3",
                "confirmMinutes", "0.05")); // 3 s
        assertEquals(200, applied.statusCode(), applied.body());
        assertTrue(applied.body().contains("\"summary\":\"device pump3 removed\""), applied.body());
        HttpResponse<String> another = browser.post("/api/config/apply", deviceForm("pump4", GOOD_MAP));
        assertEquals(400, another.statusCode(), "one pending change at a time: " + another.body());
        assertTrue(another.body().contains("waits for its confirm"), another.body());

        host.await("the revert reported upstream", Duration.ofSeconds(60),
                h -> h.nodeReadings("store/event").stream().anyMatch(r -> String.valueOf(r.value())
                        .contains("configuration reverted: 'device pump3 removed' by console@127.0.0.1 was not"
                                + " confirmed within 3 s")));
        assertArrayEquals(before, Files.readAllBytes(profile), "the previous profile is back");
        assertTrue(browser.get("/api/config").body().contains("\"pending\":null"));
        awaitDevice(browser, "pump3");
    }

    private static void aConfirmedChangeStays(ConsoleClient browser, Path profile) throws Exception {
        Map<String, String> form = new java.util.HashMap<>(Map.of("change", "uplink", "uplink.keepAlive", "20s"));
        HttpResponse<String> applied = browser.post("/api/config/apply", form); // the default window: 5 minutes
        assertEquals(200, applied.statusCode(), applied.body());
        String pending = browser.get("/api/config").body();
        assertTrue(pending.contains("\"summary\":\"uplink settings edited: keepAlive\""), pending);
        assertEquals(200, browser.post("/api/config/confirm", Map.of()).statusCode());
        assertEquals(409, browser.post("/api/config/confirm", Map.of()).statusCode(), "nothing left to confirm");
        assertEquals("20s", ProfileLoader.load(profile).uplink().keepAlive().toSeconds() + "s");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String overview;
        while (!(overview = browser.get("/api/overview").body()).contains("\"connected\":true")) {
            assertTrue(System.nanoTime() < deadline, "the uplink reconnects with its new settings: " + overview);
            Thread.sleep(200);
        }
    }

    /** A command from the SCADA host, so the audit holds a write as well as the configuration changes. */
    private static void aWriteFromUpstream(SparkplugHost host) throws Exception {
        host.publish("spBv1.0/tidegate-demo/DCMD/demo-station-01/station", new SparkplugBPayloadEncoder().getBytes(
                new SparkplugBPayloadBuilder().setTimestamp(new java.util.Date()).addMetric(new MetricBuilder(
                        "control/start_level", MetricDataType.Double, 1.7).createMetric()).createPayload(), false));
        host.await("the write done", Duration.ofSeconds(30), h -> h.nodeReadings("command/event").stream()
                .anyMatch(r -> String.valueOf(r.value()).startsWith("written: control/start_level")));
    }

    private static void auditListsEveryChangeNewestFirst(ConsoleClient browser) throws Exception {
        String audit = browser.get("/api/audit").body();
        assertTrue(audit.startsWith("{\"entries\":[{\"time\":"), audit);
        assertTrue(audit.indexOf("\"kind\":\"write\",\"who\":\"spBv1.0/tidegate-demo/DCMD/demo-station-01/station\","
                + "\"what\":\"control/start_level := 1.7\",\"outcome\":\"WRITTEN\"") > 0, audit);
        assertTrue(audit.indexOf("\"what\":\"control/start_level := 1.7\"") < audit.indexOf("\"outcome\":\"CONFIRMED\""),
                "the write came last, so it is listed first: " + audit);
        List<String> outcomes = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"kind\":\"config\",\"who\":\"([^\"]*)\","
                + "\"what\":\"([^\"]*)\",\"outcome\":\"([^\"]*)\"").matcher(audit);
        while (m.find()) {
            outcomes.add(m.group(3) + " " + m.group(2) + " by " + m.group(1));
        }
        assertEquals(List.of(
                "CONFIRMED uplink settings edited: keepAlive by console@127.0.0.1",
                "APPLIED uplink settings edited: keepAlive by console@127.0.0.1",
                "REVERTED device pump3 removed by gateway",
                "APPLIED device pump3 removed by console@127.0.0.1",
                "APPLIED device pump3 added (register map imported) by console@127.0.0.1"), outcomes, audit);
        assertTrue(audit.matches("(?s).*\"time\":\"20\\d\\d-.*"), audit);
    }

    private static Map<String, String> deviceForm(String id, String pointsCsv) {
        return Map.of("change", "device", "id", id, "driver", "sim", "interval", "100ms",
                "settings", "model: pump-station\nseed: 3", "points", pointsCsv);
    }

    private static List<Path> files(Path folder) throws java.io.IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static void awaitDevice(ConsoleClient browser, String deviceId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String devices = browser.get("/api/devices").body();
            if (devices.contains("\"id\":\"" + deviceId + "\",\"state\":\"UP\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(deviceId + " never ran: " + browser.get("/api/devices").body());
    }

    private static void awaitListening(ConsoleClient browser) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (browser.get("/").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // Jetty still starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the console did not answer within 60 s");
            }
            Thread.sleep(100);
        }
    }
}
