package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.ProfileLoader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An installer's first minutes with the console, in Debian's headless Chromium driven by Selenium
 * through Debian's chromedriver, against a real gateway process: the one-time setup token from the
 * gateway's log, choosing a password, logging in, and watching a simulated device's live value and
 * trend chart move; then commissioning a new device: a CSV register map with one bad row imported
 * (the error on that row), a test read, apply and confirm, and the new points at the broker.
 * Screenshots of every step are kept in target/screenshots/.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Pattern TOKEN_IN_LOG = Pattern.compile("one-time setup token (\\S+)");
    private static final String PASSWORD = "wet-well-level-42";
    /** A register map from a device manual, its third point's type mistyped (line 4 of the file). */
    private static final String MAP_WITH_BAD_ROW = """
            id,address,type,unit,description
            pump3/level,wet_well.level,FLOAT64,m,Wet well level
            pump3/speed,pump1.speed,FLOAT64,%,Pump speed
            pump3/current,pump1.current,FLAOT64,A,Pump current
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(360)
    void firstRunSetupLoginAndLiveValues() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are missing: run hardware-tests/setup.sh (apt-get install chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        int brokerPort = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), brokerPort);
        int consolePort = ProfileLoader.load(profile).console().port();
        String console = "http://127.0.0.1:" + consolePort + "/";
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"), dir.resolve("gateway.log"))) {
            String token = awaitSetupToken(gateway);
            assertEquals(Files.readString(dir.resolve("data/console/setup-token")).trim(), token,
                    "the token in the log is the one in the owner-only file");
            WebDriver browser = chromium();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                openWhenListening(browser, console, gateway);

                // 1. First run: no password exists; the page asks for the setup token.
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setup-form")));
                screenshot(browser, "1-first-run-setup");
                browser.findElement(By.id("setup-token")).sendKeys("not-the-token");
                browser.findElement(By.id("setup-password")).sendKeys(PASSWORD);
                browser.findElement(By.id("setup-password2")).sendKeys(PASSWORD);
                browser.findElement(By.id("setup-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "setup token is wrong"));
                screenshot(browser, "2-wrong-setup-token");
                WebElement tokenField = browser.findElement(By.id("setup-token"));
                tokenField.clear();
                tokenField.sendKeys(token);
                browser.findElement(By.id("setup-submit")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
                wait.until(ExpectedConditions.textToBe(By.id("gateway-id"), "demo-station-01"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-station"), "UP"));
                screenshot(browser, "3-overview-after-setup");
                assertFalse(Files.exists(dir.resolve("data/console/setup-token")), "the token is used up");

                // 2. Log out, a wrong password is refused, the right one lets the installer in.
                browser.findElement(By.id("logout")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
                browser.findElement(By.id("login-password")).sendKeys("wrong password");
                browser.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "wrong password"));
                screenshot(browser, "4-wrong-password");
                assertEquals("", browser.findElement(By.id("login-password")).getAttribute("value"),
                        "the refused password is cleared");
                assertFalse(browser.findElement(By.id("nav")).isDisplayed(), "no navigation before login");
                browser.findElement(By.id("login-password")).sendKeys(PASSWORD);
                browser.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
                screenshot(browser, "5-logged-in");

                // 3. The devices page: the wet-well level changes before the installer's eyes.
                browser.findElement(By.id("nav-devices")).click();
                By level = By.cssSelector("tr[data-point='wet_well/level'] td.value");
                wait.until(ExpectedConditions.textMatches(level, Pattern.compile("\\d+\\.\\d{3} m")));
                String first = browser.findElement(level).getText();
                screenshot(browser, "6-devices-live-values");
                wait.until(d -> !d.findElement(level).getText().equals(first));
                String later = browser.findElement(level).getText();
                assertNotEquals(first, later);
                By trend = By.cssSelector("tr[data-point='wet_well/level'] svg.trend");
                wait.until(d -> Integer.parseInt(d.findElement(trend).getAttribute("data-samples")) >= 3);
                assertTrue(browser.findElements(By.cssSelector("tr[data-point='wet_well/level'] svg.trend polyline"))
                        .size() == 1, "the trend chart draws a line");
                assertEquals("GOOD", browser.findElement(By.cssSelector("tr[data-point='wet_well/level'] td.GOOD")).getText());
                screenshot(browser, "7-devices-trend");

                commissionANewDevice(browser, wait, host);
            } finally {
                browser.quit();
            }
            assertFalse(gateway.log().contains(PASSWORD), "the password never reaches the log");
        }
    }

    /**
     * Issue steps 4 to 7: a register map with one bad row is imported and the error shows on that
     * row; the corrected map is test-read through the simulator driver before anything is saved;
     * apply (with the confirm window) and confirm; the new points arrive at the broker.
     */
    private void commissionANewDevice(WebDriver browser, WebDriverWait wait, SparkplugHost host) throws Exception {
        Path badMap = dir.resolve("pump3-bad.csv");
        Files.writeString(badMap, MAP_WITH_BAD_ROW);
        Path goodMap = dir.resolve("pump3.csv");
        Files.writeString(goodMap, MAP_WITH_BAD_ROW.replace("FLAOT64", "FLOAT64"));

        browser.findElement(By.id("nav-commission")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#config-devices tr[data-device='meter']")));
        browser.findElement(By.id("device-add")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("device-form")));
        browser.findElement(By.id("device-id")).sendKeys("pump3");
        browser.findElement(By.id("device-driver")).sendKeys("sim");
        browser.findElement(By.id("device-interval")).sendKeys("200ms");
        browser.findElement(By.id("device-settings")).sendKeys("model: pump-station\nseed: 3");

        // 4. Import the register map with one bad row: the error is on that row (line 4 of the file).
        browser.findElement(By.id("device-csv-file")).sendKeys(badMap.toAbsolutePath().toString());
        By badRow = By.cssSelector("#points-table tr[data-row='4']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#points-table tr[data-row='4'] td.problem"),
                "'FLAOT64' is not a data type"));
        assertEquals("bad", browser.findElement(badRow).getAttribute("class"), "the bad row is marked");
        assertEquals("", browser.findElement(By.cssSelector("#points-table tr[data-row='2'] td.problem")).getText(),
                "the good rows carry no error");
        assertTrue(browser.findElement(By.cssSelector("#points-table tr[data-row='4']")).getText().contains("pump3/current"));
        screenshot(browser, "8-csv-import-error-on-its-row");

        browser.findElement(By.id("device-csv-file")).clear();
        browser.findElement(By.id("device-csv-file")).sendKeys(goodMap.toAbsolutePath().toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "The device is valid"));

        // 5. Test read: each row read once through the simulator driver, nothing saved yet.
        browser.findElement(By.id("device-test-read")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Test read of 3 points: all good"));
        String level = browser.findElement(By.cssSelector("#points-table tr[data-point='pump3/level'] td.read-value")).getText();
        assertTrue(level.matches("\\d+(\\.\\d+)?(E-?\\d+)?"), "a value was read: " + level);
        assertEquals("GOOD", browser.findElement(By.cssSelector("#points-table tr[data-point='pump3/current'] td.read-quality")).getText());
        screenshot(browser, "9-test-read");

        // 6. Apply with the default confirm window, then confirm.
        browser.findElement(By.id("device-apply")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pending")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pending-text"), "device pump3 added"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#config-devices tr[data-device='pump3']")));
        screenshot(browser, "10-applied-waiting-for-confirm");
        browser.findElement(By.id("confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Confirmed"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("pending")));
        screenshot(browser, "11-confirmed");

        // 7. The new points arrive at the broker, and show live in the console.
        host.await("pump3's points at the broker", Duration.ofSeconds(60),
                h -> h.messages("DBIRTH").stream().anyMatch(m -> "pump3".equals(m.device()))
                        && !h.readings("pump3/current").isEmpty() && !h.readings("pump3/level").isEmpty());
        browser.findElement(By.id("nav-devices")).click();
        wait.until(ExpectedConditions.textMatches(By.cssSelector("tr[data-point='pump3/level'] td.value"),
                Pattern.compile("\\d+\\.\\d{3} m")));
        screenshot(browser, "12-new-device-live");

        browser.findElement(By.id("nav-audit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-table"), "CONFIRMED"));
        String audit = browser.findElement(By.id("audit-table")).getText();
        assertTrue(audit.contains("device pump3 added (register map imported)") && audit.contains("APPLIED")
                && audit.contains("console@127.0.0.1"), audit);
        screenshot(browser, "13-audit");
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static String awaitSetupToken(GatewayProcess gateway) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = TOKEN_IN_LOG.matcher(gateway.log());
            if (m.find()) {
                return m.group(1);
            }
            assertTrue(gateway.isAlive(), "gateway stopped:\n" + gateway.log());
            Thread.sleep(200);
        }
        throw new AssertionError("no setup token in the gateway's log within 60 s:\n" + gateway.log());
    }

    private static void openWhenListening(WebDriver browser, String url, GatewayProcess gateway)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", java.net.URI.create(url).getPort())) {
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the console never listened on " + url + ":\n" + gateway.log());
                }
                Thread.sleep(200);
            }
        }
        browser.get(url);
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
