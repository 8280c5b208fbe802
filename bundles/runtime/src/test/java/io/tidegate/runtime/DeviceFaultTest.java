package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that stops answering shows up upstream as bad-quality samples with the reason, not as
 * silence and not as stale values; the other device is unaffected; good data returns by itself.
 */
class DeviceFaultTest {

    @TempDir
    Path dir;

    @Test
    void aDeadDeviceIsReportedAsBadQualityAndRecoversWithoutARestart() throws Exception {
        int port = TestSites.freePort();
        Path fault = dir.resolve("station-cable-cut");
        Path profile = TestSites.fastDemoWithStationFault(dir.resolve("profile"), port, fault);
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             Launcher ignored = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile,
                     dir.resolve("data"), 0))) {
            host.await("good data", Duration.ofSeconds(30), h -> goodLevels(h) >= 5);

            Files.createFile(fault);
            host.await("bad-quality level", Duration.ofSeconds(30), h -> !badLevels(h).isEmpty());
            SparkplugHost.Reading bad = badLevels(host).get(0);
            assertNull(bad.value(), "no made-up value while the device is silent");
            assertTrue(bad.qualityReason().startsWith("COMM_FAILURE"), bad.qualityReason());
            assertTrue(bad.qualityReason().contains("not answering"), bad.qualityReason());
            int meterBefore = host.readings("meter/heartbeat").size();
            host.await("meter still read", Duration.ofSeconds(30),
                    h -> h.readings("meter/heartbeat").size() > meterBefore + 5);
            assertTrue(host.readings("meter/heartbeat").stream().allMatch(r -> r.qualityReason() == null),
                    "the meter is unaffected by the station's fault");

            Files.delete(fault);
            int goodBefore = goodLevels(host);
            host.await("good data again", Duration.ofSeconds(30), h -> goodLevels(h) > goodBefore + 5);
        }
    }

    private static long goodCount(List<SparkplugHost.Reading> readings) {
        return readings.stream().filter(r -> r.qualityReason() == null && r.value() != null).count();
    }

    private static int goodLevels(SparkplugHost host) {
        return (int) goodCount(host.readings("wet_well/level"));
    }

    private static List<SparkplugHost.Reading> badLevels(SparkplugHost host) {
        return host.readings("wet_well/level").stream().filter(r -> r.qualityReason() != null).toList();
    }
}
