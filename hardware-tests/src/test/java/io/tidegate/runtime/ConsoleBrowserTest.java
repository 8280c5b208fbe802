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
 * trend chart move. Screenshots of every step are kept in target/screenshots/.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Pattern TOKEN_IN_LOG = Pattern.compile("one-time setup token (\\S+)");
    private static final String PASSWORD = "wet-well-level-42";

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void firstRunSetupLoginAndLiveValues() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are missing: run hardware-tests/setup.sh (apt-get install chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        int brokerPort = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), brokerPort);
        int consolePort = ProfileLoader.load(profile).console().port();
        String console = "http://127.0.0.1:" + consolePort + "/";
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
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
            } finally {
                browser.quit();
            }
            assertFalse(gateway.log().contains(PASSWORD), "the password never reaches the log");
        }
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
