package io.tidegate.engine.profile;

import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo profile that ships in the engine jar loads, and says what the demo promises. */
class DemoProfileTest {

    @TempDir
    static Path dir;
    static SiteProfile site;

    @BeforeAll
    static void load() throws Exception {
        Path profile = DemoProfile.copyTo(dir.resolve("demo"));
        assertEquals(dir.resolve("demo/demo-site.yaml"), profile);
        assertTrue(Files.isRegularFile(dir.resolve("demo/demo-meter.csv")));
        site = ProfileLoader.load(profile);
    }

    @Test
    void identityAndUplink() {
        assertEquals(new GatewayConfig("demo-station-01", "tidegate-demo"), site.gateway());
        UplinkConfig uplink = site.uplink();
        assertEquals("sparkplug", uplink.type());
        assertEquals("127.0.0.1", uplink.host());
        assertEquals(1883, uplink.port());
        assertEquals("demo-station-01", uplink.clientId(), "client id defaults to the gateway id");
        assertEquals(Duration.ofSeconds(30), uplink.keepAlive());
        assertNull(uplink.username());
        assertNull(uplink.passwordFile());
    }

    @Test
    void stationDevice() {
        Device station = site.device("station").orElseThrow();
        assertEquals("sim", station.driver());
        assertEquals(Map.of("model", "pump-station", "seed", "42"), station.settings());
        assertEquals(List.of("wet_well/level", "wet_well/inflow",
                "pump1/running", "pump1/speed", "pump1/current", "pump1/discharge_pressure", "pump1/flow",
                "pump2/running", "pump2/speed", "pump2/current", "pump2/discharge_pressure", "pump2/flow",
                "control/start_level", "control/stop_level", "station/heartbeat"),
                station.points().stream().map(Point::id).toList());
        for (Point p : station.points()) {
            assertEquals("station", p.deviceId());
            assertEquals(p.id().replace('/', '.'), p.address());
            assertEquals(Duration.ofSeconds(1), p.pollInterval(), p.id());
            assertEquals("demo-pump-station", p.tags().get("site"), p.id());
        }
    }

    @Test
    void stationTypesUnitsAndTags() {
        assertPoint("wet_well/level", DataType.FLOAT64, "m", "level");
        assertPoint("wet_well/inflow", DataType.FLOAT64, "L/s", "level");
        assertPoint("pump1/running", DataType.BOOL, "", "pump");
        assertPoint("pump2/speed", DataType.FLOAT64, "%", "pump");
        assertPoint("pump1/current", DataType.FLOAT64, "A", "pump");
        assertPoint("pump2/discharge_pressure", DataType.FLOAT64, "bar", "pump");
        assertPoint("pump1/flow", DataType.FLOAT64, "L/s", "pump");
        assertPoint("control/stop_level", DataType.FLOAT64, "m", "control");
        assertPoint("station/heartbeat", DataType.UINT32, "", "diagnostics");
    }

    @Test
    void controlLevelsAreWritableWithinLimits() {
        for (String id : List.of("control/start_level", "control/stop_level")) {
            Point p = site.point(id).orElseThrow();
            assertEquals(Access.READ_WRITE, p.access(), id);
            assertEquals(0.3, p.writeMin(), id);
            assertEquals(4.0, p.writeMax(), id);
        }
        Point level = site.point("wet_well/level").orElseThrow();
        assertFalse(level.writable());
        assertNull(level.writeMin());
    }

    @Test
    void meterPointsComeFromTheCsvRegisterMap() {
        Device meter = site.device("meter").orElseThrow();
        assertEquals("sim", meter.driver());
        assertEquals(Map.of("model", "energy-meter", "seed", "7"), meter.settings());
        assertEquals(List.of("meter/voltage_l1", "meter/voltage_l2", "meter/voltage_l3",
                "meter/current_l1", "meter/current_l2", "meter/current_l3", "meter/active_power",
                "meter/power_factor", "meter/frequency", "meter/energy_import", "meter/heartbeat"),
                meter.points().stream().map(Point::id).toList());
        for (Point p : meter.points()) {
            assertEquals("meter", p.deviceId());
            assertEquals(Duration.ofSeconds(2), p.pollInterval(), "the meter's interval: " + p.id());
        }
        assertEquals("voltage.l2", site.point("meter/voltage_l2").orElseThrow().address());
        assertEquals("V", site.point("meter/voltage_l3").orElseThrow().unit());
        assertEquals("A", site.point("meter/current_l1").orElseThrow().unit());
        Point power = site.point("meter/active_power").orElseThrow();
        assertEquals("power.active", power.address());
        assertEquals("kW", power.unit());
        assertEquals("Active power, total of three phases", power.description(), "quoted CSV value with a comma");
        assertEquals("", site.point("meter/power_factor").orElseThrow().unit());
        assertEquals("Hz", site.point("meter/frequency").orElseThrow().unit());
        assertEquals("kWh", site.point("meter/energy_import").orElseThrow().unit());
        assertEquals(DataType.UINT32, site.point("meter/heartbeat").orElseThrow().type());
        assertEquals(DataType.FLOAT64, site.point("meter/frequency").orElseThrow().type());
    }

    @Test
    void unknownPointIsEmpty() {
        assertTrue(site.point("pump3/speed").isEmpty());
        assertEquals(26, site.points().size());
    }

    private static void assertPoint(String id, DataType type, String unit, String category) {
        Point p = site.point(id).orElseThrow(() -> new AssertionError("no point " + id));
        assertEquals(type, p.type(), id);
        assertEquals(unit, p.unit(), id);
        assertEquals(category, p.tags().get("category"), id);
    }
}
