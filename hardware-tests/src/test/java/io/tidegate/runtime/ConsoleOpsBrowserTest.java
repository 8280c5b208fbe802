package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.ProfileLoader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's operations pages in Debian's headless Chromium against a real gateway process: the
 * events page showing the pump station's cable being cut, "test connection" against the running
 * broker and against a port nobody listens on, and a Modbus unit scan of Debian's pymodbus server
 * with its progress bar. Screenshots in target/screenshots/ops-*.png.
 */
class ConsoleOpsBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String PASSWORD = "wet-well-level-42";

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void eventsConnectionTestAndUnitScan() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are missing: run hardware-tests/setup.sh (apt-get install chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        int brokerPort = TestSites.freePort();
        Path fault = dir.resolve("station-cable-cut");
        Path profile = TestSites.fastDemoWithStationFault(dir.resolve("profile"), brokerPort, fault);
        int consolePort = ProfileLoader.load(profile).console().port();
        int modbusPort = TestSites.freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort);
             PythonPeer plc = PythonPeer.python(dir, "pymodbus-plc", "pymodbus_server.py", "tcp",
                     Integer.toString(modbusPort)).awaitPort(modbusPort);
             GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"), dir.resolve("gateway.log"))) {
            Path tokenFile = dir.resolve("data/console/setup-token");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(tokenFile)) {
                assertTrue(gateway.isAlive() && System.nanoTime() < deadline, "no setup token:\n" + gateway.log());
                Thread.sleep(200);
            }
            WebDriver browser = chromium();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                openWhenListening(browser, "http://127.0.0.1:" + consolePort + "/", gateway);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setup-form")));
                browser.findElement(By.id("setup-token")).sendKeys(Files.readString(tokenFile).trim());
                browser.findElement(By.id("setup-password")).sendKeys(PASSWORD);
                browser.findElement(By.id("setup-password2")).sendKeys(PASSWORD);
                browser.findElement(By.id("setup-submit")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));

                // Events: the station's cable is cut, the page shows it going DOWN, newest first.
                browser.findElement(By.id("nav-events")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("events")));
                Files.createFile(fault);
                By firstRow = By.cssSelector("#event-list tbody tr:first-child");
                wait.until(ExpectedConditions.textMatches(firstRow, java.util.regex.Pattern.compile("station.*DOWN")));
                screenshot(browser, "ops-1-events-station-down");
                Files.delete(fault);
                wait.until(ExpectedConditions.textMatches(firstRow, java.util.regex.Pattern.compile("station\\s+UP")));
                screenshot(browser, "ops-2-events-station-up");

                // Test connection: the running broker answers; a port nobody listens on does not.
                browser.findElement(By.id("nav-uplink-test")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("uplink-test-form")));
                browser.findElement(By.id("ut-host")).sendKeys("127.0.0.1");
                browser.findElement(By.id("ut-port")).sendKeys(Integer.toString(brokerPort));
                browser.findElement(By.id("ut-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ut-result"), "Connected: the broker"));
                screenshot(browser, "ops-3-test-connection-ok");
                WebElement port = browser.findElement(By.id("ut-port"));
                port.clear();
                port.sendKeys(Integer.toString(TestSites.freePort()));
                browser.findElement(By.id("ut-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ut-result"), "UNREACHABLE"));
                screenshot(browser, "ops-4-test-connection-unreachable");
                port.clear();
                port.sendKeys("not-a-port");
                browser.findElement(By.id("ut-submit")).click();
                wait.until(ExpectedConditions.attributeToBe(By.id("ut-port"), "aria-invalid", "true"));
                screenshot(browser, "ops-5-test-connection-bad-port");

                // Discovery: a Modbus unit scan of the pymodbus server finds unit 1, the bar fills.
                browser.findElement(By.id("nav-discovery")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dc-driver option[value='modbus-tcp']")));
                new Select(browser.findElement(By.id("dc-driver"))).selectByValue("modbus-tcp");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dc-host")));
                browser.findElement(By.id("dc-host")).sendKeys("127.0.0.1");
                browser.findElement(By.id("dc-port")).sendKeys(Integer.toString(modbusPort));
                browser.findElement(By.id("dc-from")).sendKeys("1");
                browser.findElement(By.id("dc-to")).sendKeys("6");
                browser.findElement(By.id("dc-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dc-status"), "1 found in"));
                List<WebElement> rows = browser.findElements(By.cssSelector("#dc-findings tbody tr"));
                assertEquals(1, rows.size());
                assertTrue(rows.get(0).getText().startsWith("1 "), rows.get(0).getText());
                WebElement bar = browser.findElement(By.id("dc-progress"));
                assertEquals(bar.getAttribute("max"), bar.getAttribute("value"), "the progress bar is full");
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                        browser.findElement(By.id("dc-findings")));
                screenshot(browser, "ops-6-modbus-scan");
            } finally {
                browser.quit();
            }
            plc.assertAlive();
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
