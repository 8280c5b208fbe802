package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.ProfileLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The installer console in the real bundle set, on Felix and on Equinox, over real HTTP: first-run
 * setup with the one-time token, login, CSRF, slowed-down guessing, live values, the API token and
 * the Prometheus endpoint.
 */
class ConsoleEndToEndTest {
    private static final String PASSWORD = "pump-station-7";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"felix", "equinox"})
    @Timeout(180)
    void installerSetsUpLogsInAndWatchesLiveValues(String framework) throws Exception {
        int brokerPort = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), brokerPort);
        int consolePort = ProfileLoader.load(profile).console().port();
        Path data = dir.resolve("data");
        // Secrets a careless installer left around the profile: neither may reach a diagnostics bundle.
        Files.writeString(profile, Files.readString(profile) + "# broker login, token: s3cret-in-a-comment\n");
        Files.writeString(profile.resolveSibling("mqtt-password"), "mqtt-hunter2\n");
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
             Launcher launcher = Launcher.start(new LaunchOptions(framework, TestSites.home(), profile, data, 0))) {
            List<String> problems = launcher.awaitHealthy(Duration.ofSeconds(20));
            assertTrue(problems.isEmpty(), "bundle set on " + framework + ": " + problems);
            ConsoleClient browser = new ConsoleClient(consolePort);
            awaitListening(browser);

            everyEndpointRefusesStrangers(browser);
            String apiToken = firstRunSetupWithTheOneTimeToken(browser, data.resolve("console"));
            liveValuesChange(browser);
            stateChangesNeedTheCsrfToken(browser);
            wrongPasswordsAreSlowedDown(framework, consolePort);
            scriptsReadWithTheApiTokenButCannotChangeAnything(browser, apiToken);
            diagnosticsBundleHoldsNoSecret(browser, data.resolve("console"), apiToken);

            assertEquals(200, browser.post("/api/logout", Map.of()).statusCode());
            assertEquals(401, browser.get("/api/overview").statusCode(), "logged out");
        }
    }

    /** Another program on the console's port costs the console, never the data path. */
    @org.junit.jupiter.api.Test
    @Timeout(120)
    void aTakenConsolePortLeavesTheGatewayRunning() throws Exception {
        int brokerPort = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), brokerPort);
        int consolePort = ProfileLoader.load(profile).console().port();
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(consolePort, 50,
                java.net.InetAddress.getByName("127.0.0.1"));
             EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile,
                     dir.resolve("data"), 0))) {
            List<String> problems = launcher.awaitHealthy(Duration.ofSeconds(20));
            assertTrue(problems.isEmpty(), "every bundle and component still up: " + problems);
            host.await("data at the broker", Duration.ofSeconds(30), h -> h.messages("DDATA").size() >= 10);
        }
    }

    private static void diagnosticsBundleHoldsNoSecret(ConsoleClient browser, Path consoleDir, String apiToken)
            throws Exception {
        HttpResponse<byte[]> r = browser.getBytes("/api/diagnostics");
        assertEquals(200, r.statusCode());
        assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("tidegate-diagnostics-demo-station-01-"));
        Map<String, String> entries = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(r.body()))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("README.txt", "bundles.txt", "devices.json", "logs/tidegate.0.log", "metrics.txt",
                "overview.json", "profile/demo-meter.csv", "profile/demo-site.yaml"), List.copyOf(entries.keySet()));
        assertTrue(entries.get("bundles.txt").contains("io.tidegate.console 0.1.0.SNAPSHOT ACTIVE"), entries.get("bundles.txt"));
        assertTrue(entries.get("profile/demo-site.yaml").contains("token: <removed>"), "a secret in a comment is removed");
        String hash = Files.readString(consoleDir.resolve("password")).trim();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            for (String secret : List.of(apiToken, hash, hash.split("\\$")[3], PASSWORD, "s3cret-in-a-comment",
                    "mqtt-hunter2")) {
                assertFalse(e.getValue().contains(secret), e.getKey() + " holds a secret");
            }
        }
        assertEquals(401, new ConsoleClient(r.uri().getPort()).getBytes("/api/diagnostics")
                .statusCode(), "not for strangers");
    }

    /** With the broker unreachable, the overview shows the backlog and how old its oldest sample is. */
    @org.junit.jupiter.api.Test
    @Timeout(120)
    void withTheUplinkDownTheBacklogAndItsAgeGrow() throws Exception {
        Path profile = TestSites.fastDemo(dir.resolve("profile"), TestSites.freePort()); // no broker there
        int consolePort = ProfileLoader.load(profile).console().port();
        Path data = dir.resolve("data");
        try (Launcher launcher = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile, data, 0))) {
            assertTrue(launcher.awaitHealthy(Duration.ofSeconds(20)).isEmpty());
            ConsoleClient script = new ConsoleClient(consolePort);
            awaitListening(script);
            String token = Files.readString(data.resolve("console/api-token")).trim();
            Thread.sleep(1500);
            String first = script.getWithBearer("/api/overview", token).body();
            Thread.sleep(1500);
            String later = script.getWithBearer("/api/overview", token).body();

            assertTrue(first.contains("\"connected\":false"), first);
            double age1 = number(first, "oldestPendingAgeSeconds");
            double age2 = number(later, "oldestPendingAgeSeconds");
            assertTrue(age1 >= 1.0, "the first readings wait since the start: " + first);
            assertTrue(age2 >= age1 + 1.0, "the oldest sample only gets older: " + age1 + " then " + age2);
            assertTrue(number(later, "pending") > number(first, "pending"), "the backlog grows");
            String metrics = script.getWithBearer("/metrics", token).body();
            assertTrue(metrics.contains("tidegate_uplink_connected{uplink=\"sparkplug tcp://127.0.0.1:"), metrics);
            assertFalse(metrics.contains("tidegate_buffer_oldest_age_seconds 0.0\n"), metrics);
        }
    }

    private static double number(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":([0-9.]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
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

    private static void everyEndpointRefusesStrangers(ConsoleClient browser) throws Exception {
        for (String path : List.of("/api/overview", "/api/devices", "/metrics", "/api/nothing-here")) {
            HttpResponse<String> r = browser.get(path);
            assertEquals(401, r.statusCode(), "GET " + path + " without a login: " + r.body());
            assertFalse(r.body().contains("demo-station-01"), path + " tells a stranger nothing");
        }
        assertEquals(401, browser.getWithBearer("/api/overview", "not-the-token").statusCode(), "a wrong token");
        HttpResponse<String> logout = browser.postWithoutCsrf("/api/logout", Map.of());
        assertTrue(logout.statusCode() == 401 || logout.statusCode() == 403, "POST without a session: " + logout.statusCode());
        HttpResponse<String> page = browser.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("setup token"), "the page itself is public and holds no data");
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(page.headers().firstValue("Server").isEmpty(), "no Server header: " + page.headers().map());
    }

    /** Returns the API token the console created next to the password. */
    private static String firstRunSetupWithTheOneTimeToken(ConsoleClient browser, Path consoleDir) throws Exception {
        HttpResponse<String> session = browser.openSession();
        assertTrue(session.body().contains("\"setupRequired\":true"), session.body());
        assertTrue(session.body().contains("\"authenticated\":false"), session.body());
        String setCookie = session.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);

        Path tokenFile = consoleDir.resolve("setup-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)),
                "the setup token is readable by the gateway's user only");
        String token = Files.readString(tokenFile).trim();

        assertEquals(409, browser.post("/api/login", Map.of("password", "")).statusCode(),
                "no default password: nobody logs in before setup");
        assertEquals(403, browser.postWithoutCsrf("/api/setup", Map.of("token", token, "password", PASSWORD))
                .statusCode(), "setup without the CSRF token");
        HttpResponse<String> wrong = browser.post("/api/setup", Map.of("token", "guess", "password", PASSWORD));
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.body().contains("setup token is wrong"), wrong.body());
        HttpResponse<String> shortPassword = browser.post("/api/setup", Map.of("token", token, "password", "short"));
        assertEquals(400, shortPassword.statusCode());
        assertTrue(shortPassword.body().contains("at least 10 characters"), shortPassword.body());

        String anonymous = browser.cookie();
        HttpResponse<String> done = browser.post("/api/setup", Map.of("token", token, "password", PASSWORD));
        assertEquals(200, done.statusCode(), done.body());
        assertNotEquals(anonymous, browser.cookie(), "logging in gives a new session id");
        assertFalse(Files.exists(tokenFile), "the setup token is used up");
        Path passwordFile = consoleDir.resolve("password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        String hash = Files.readString(passwordFile);
        assertTrue(hash.startsWith("pbkdf2-sha256$210000$"), "slow salted KDF: " + hash.substring(0, 20));
        assertFalse(hash.contains(PASSWORD), "only the hash is stored");

        assertEquals(409, browser.post("/api/setup", Map.of("token", token, "password", "another-password"))
                .statusCode(), "the token works once");
        return Files.readString(consoleDir.resolve("api-token")).trim();
    }

    private static void liveValuesChange(ConsoleClient browser) throws Exception {
        HttpResponse<String> overview = browser.get("/api/overview");
        assertEquals(200, overview.statusCode(), overview.body());
        assertTrue(overview.body().contains("\"gatewayId\":\"demo-station-01\""), overview.body());
        assertTrue(overview.body().contains("\"pending\":"), overview.body());
        assertTrue(overview.body().matches("(?s).*\"oldestPendingAgeSeconds\":(null|\\d+\\.\\d+).*"), overview.body());
        assertTrue(overview.body().contains("\"dropped\":0"), overview.body());
        assertTrue(overview.body().contains("\"storeAlarm\":false"), overview.body());
        assertTrue(overview.body().contains("\"id\":\"station\",\"state\":\"UP\""), overview.body());

        String first = awaitValue(browser, "wet_well/level", null);
        String changed = awaitValue(browser, "wet_well/level", first);
        assertNotEquals(first, changed);
        String devices = browser.get("/api/devices").body();
        assertTrue(devices.contains("\"quality\":\"GOOD\""), devices);
        assertTrue(devices.contains("\"unit\":\"m\""), devices);
        assertNotNull(ConsoleClient.pointValue(devices, "meter/energy_import"), "the CSV-mapped meter point: " + devices);
    }

    /** Polls /api/devices until the point has a value different from {@code other}. */
    private static String awaitValue(ConsoleClient browser, String pointId, String other) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String value;
        do {
            HttpResponse<String> r = browser.get("/api/devices");
            assertEquals(200, r.statusCode(), r.body());
            value = ConsoleClient.pointValue(r.body(), pointId);
            if (value != null && !value.equals("null") && !value.equals(other)) {
                return value;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(pointId + " stayed at " + value);
    }

    private static void stateChangesNeedTheCsrfToken(ConsoleClient browser) throws Exception {
        HttpResponse<String> r = browser.postWithoutCsrf("/api/logout", Map.of());
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("CSRF"), r.body());
        assertEquals(200, browser.get("/api/overview").statusCode(), "still logged in");
    }

    private static void wrongPasswordsAreSlowedDown(String framework, int port) throws Exception {
        ConsoleClient guesser = new ConsoleClient(port);
        guesser.openSession();
        for (int i = 1; i <= 4; i++) {
            assertEquals(401, guesser.post("/api/login", Map.of("password", "guess-" + i)).statusCode(), "guess " + i);
        }
        HttpResponse<String> locked = guesser.post("/api/login", Map.of("password", PASSWORD));
        assertEquals(429, locked.statusCode(), "after 4 wrong passwords even the right one waits (" + framework + ")");
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        Thread.sleep(retryAfter * 1000 + 200);
        assertEquals(200, guesser.post("/api/login", Map.of("password", PASSWORD)).statusCode(), "after the wait");
    }

    private static void scriptsReadWithTheApiTokenButCannotChangeAnything(ConsoleClient browser, String token)
            throws Exception {
        HttpResponse<String> overview = browser.getWithBearer("/api/overview", token);
        assertEquals(200, overview.statusCode(), overview.body());
        HttpResponse<String> metrics = browser.getWithBearer("/metrics", token);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        for (String expected : List.of("tidegate_samples_read_total ", "tidegate_samples_stored_total ",
                "tidegate_samples_forwarded_total ", "tidegate_samples_dropped_total 0", "tidegate_buffer_samples ",
                "tidegate_buffer_oldest_age_seconds ",
                "tidegate_store_alarm 0", "tidegate_device_up{device=\"station\",state=\"UP\"} 1",
                "jvm_memory_used_bytes{area=\"heap\"} ")) {
            assertTrue(metrics.body().contains(expected), expected + " in\n" + metrics.body());
        }
        assertEquals(401, browser.postWithBearer("/api/logout", token).statusCode(), "the API token only reads");
    }
}
