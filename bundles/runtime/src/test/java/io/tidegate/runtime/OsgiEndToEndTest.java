package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Point;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole data path inside a real OSGi framework, on Felix (the embedded default) and on
 * Equinox (Eclipse Kura's framework): simulated devices, engine, SQLite store, Sparkplug B uplink,
 * an MQTT broker, and a host decoding with Tahu.
 */
class OsgiEndToEndTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"felix", "equinox"})
    @org.junit.jupiter.api.Timeout(240)
    void demoSiteFlowsEndToEnd(String framework) throws Exception {
        int port = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), port);
        SiteProfile site = ProfileLoader.load(profile);
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             Launcher launcher = Launcher.start(new LaunchOptions(framework, TestSites.home(), profile,
                     dir.resolve("data"), 0))) {

            List<String> problems = launcher.awaitHealthy(Duration.ofSeconds(20));
            assertTrue(problems.isEmpty(), "bundle set did not resolve on " + framework + ": " + problems);
            assertTrue(launcher.components().size() >= 5, "components: " + launcher.components());

            // Enough messages for seq to wrap past 255 within one session.
            host.await("300 messages", Duration.ofSeconds(60), h -> h.messages().size() >= 300);

            List<SparkplugHost.Message> messages = host.messages();
            SparkplugHost.Message nbirth = messages.get(0);
            assertEquals("NBIRTH", nbirth.type(), "the first message of a session is NBIRTH");
            Metric bdSeq = nbirth.metric("bdSeq");
            assertNotNull(bdSeq, "NBIRTH carries bdSeq");
            assertEquals(0L, bdSeq.getValue(), "first session of a fresh gateway has bdSeq 0");

            assertDeviceBirthsListEveryPoint(site, host);
            assertSeqIncrementsAndWraps(messages);
            assertLevelFollowsPumps(host);
        }
    }

    private static void assertDeviceBirthsListEveryPoint(SiteProfile site, SparkplugHost host) {
        List<SparkplugHost.Message> births = host.messages("DBIRTH");
        assertEquals(site.devices().size(), births.size(), "one DBIRTH per device");
        for (SparkplugHost.Message birth : births) {
            var device = site.device(birth.device()).orElseThrow();
            assertEquals(device.points().size(), birth.payload().getMetrics().size(),
                    "DBIRTH of " + device.id() + " lists every configured point");
            for (Point point : device.points()) {
                Metric metric = birth.metric(point.id());
                assertNotNull(metric, "DBIRTH of " + device.id() + " lists " + point.id());
                assertEquals(expectedType(point), metric.getDataType(), point.id() + " type");
                assertTrue(metric.hasAlias(), point.id() + " has an alias");
                var unit = metric.getProperties().getPropertyValue("engUnit");
                if (point.unit().isEmpty()) {
                    assertEquals(null, unit, point.id() + " has no unit");
                } else {
                    assertNotNull(unit, point.id() + " carries its unit");
                    assertEquals(point.unit(), unit.getValue(), point.id() + " unit");
                }
            }
        }
    }

    private static MetricDataType expectedType(Point point) {
        return switch (point.engineeringType()) {
            case BOOL -> MetricDataType.Boolean;
            case UINT32 -> MetricDataType.UInt32;
            case FLOAT64 -> MetricDataType.Double;
            default -> throw new AssertionError("demo site has no " + point.engineeringType());
        };
    }

    private static void assertSeqIncrementsAndWraps(List<SparkplugHost.Message> messages) {
        boolean wrapped = false;
        for (int i = 1; i < messages.size(); i++) {
            long previous = messages.get(i - 1).seq();
            long current = messages.get(i).seq();
            assertEquals((previous + 1) % 256, current, "seq after message " + (i - 1) + " (" + previous + ")");
            wrapped |= previous == 255 && current == 0;
        }
        assertTrue(wrapped, "seq wrapped from 255 to 0");
    }

    /**
     * The wet-well level rises while both pumps are off and falls while the pumps move more than
     * flows in (a starting pump ramps up for a few seconds before it out-pumps the inflow).
     */
    private static void assertLevelFollowsPumps(SparkplugHost host) {
        List<SparkplugHost.Reading> level = host.readings("wet_well/level");
        List<SparkplugHost.Reading> inflow = host.readings("wet_well/inflow");
        List<SparkplugHost.Reading> pump1 = host.readings("pump1/running");
        List<SparkplugHost.Reading> pump2 = host.readings("pump2/running");
        List<SparkplugHost.Reading> flow1 = host.readings("pump1/flow");
        List<SparkplugHost.Reading> flow2 = host.readings("pump2/flow");
        int rising = 0;
        int falling = 0;
        List<String> violations = new ArrayList<>();
        // The station's points are read together, so the n-th readings belong to the same poll.
        int polls = List.of(level, inflow, pump1, pump2, flow1, flow2).stream().mapToInt(List::size).min().orElse(0);
        for (int i = 1; i < polls; i++) {
            double delta = (Double) level.get(i).value() - (Double) level.get(i - 1).value();
            if (bothOff(pump1, pump2, i - 1) && bothOff(pump1, pump2, i)) {
                rising++;
                if (delta < 0) {
                    violations.add("level fell by " + delta + " with both pumps off at poll " + i);
                }
            } else if (outPumps(flow1, flow2, inflow, i - 1) && outPumps(flow1, flow2, inflow, i)) {
                falling++;
                if (delta > 0) {
                    violations.add("level rose by " + delta + " while the pumps out-pumped the inflow at poll " + i);
                }
            }
        }
        assertTrue(rising > 10 && falling > 10,
                "saw whole pump cycles (" + rising + " polls pumps off, " + falling + " polls pumping down)");
        assertTrue(violations.isEmpty(), violations.toString());
    }

    private static boolean bothOff(List<SparkplugHost.Reading> pump1, List<SparkplugHost.Reading> pump2, int i) {
        return !(Boolean) pump1.get(i).value() && !(Boolean) pump2.get(i).value();
    }

    private static boolean outPumps(List<SparkplugHost.Reading> flow1, List<SparkplugHost.Reading> flow2,
                                    List<SparkplugHost.Reading> inflow, int i) {
        return (Double) flow1.get(i).value() + (Double) flow2.get(i).value() > (Double) inflow.get(i).value();
    }
}
