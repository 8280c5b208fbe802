package io.tidegate.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimSessionTest {
    private final FakeTime time = new FakeTime();

    private SimSession open(String model, String... keyValues) throws DriverException {
        Map<String, String> settings = new HashMap<>();
        settings.put("model", model);
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        SimDriver driver = new SimDriver(time.nanoTime(), time.clock());
        return (SimSession) driver.open(new Device("dev1", "sim", settings, List.of()));
    }

    private static Point point(String address, DataType type) {
        return Point.simple("dev1/" + address, "dev1", address, type, Duration.ofSeconds(1));
    }

    private static Point point(String address) {
        return point(address, DataType.FLOAT64);
    }

    private static PumpStationModel station(SimSession session) {
        return (PumpStationModel) session.model();
    }

    @Test
    void physicsAdvancesWithElapsedTimeTimesSpeedup() throws Exception {
        SimSession session = open("pump-station", "seed", "42", "speedup", "10");
        time.advanceSeconds(0.005); // 50 ms simulated: not yet a whole step
        session.read(List.of(point("wet_well.level")));
        assertEquals(0, session.model().steps());

        time.advanceSeconds(3.0); // 30.05 s simulated
        List<Sample> samples = session.read(List.of(point("wet_well.level"), point("pump1.current")));
        assertEquals(300, session.model().steps());

        // A test elsewhere can predict the values: same seed, same number of steps.
        PumpStationModel prediction = new PumpStationModel(42);
        for (int i = 0; i < 300; i++) {
            prediction.step();
        }
        assertEquals(prediction.level(), samples.get(0).value().asDouble());
        assertEquals(prediction.pump(1).current(), samples.get(1).value().asDouble());
    }

    @Test
    void returnsOneSamplePerPointInOrderStampedWithTheReadTime() throws Exception {
        SimSession session = open("energy-meter");
        time.advanceSeconds(12.5);
        List<Point> points = EnergyMeterModel.addresses().stream().map(SimSessionTest::point).toList();
        List<Sample> samples = session.read(points);
        assertEquals(points.size(), samples.size());
        for (int i = 0; i < points.size(); i++) {
            Sample sample = samples.get(i);
            assertEquals(points.get(i).id(), sample.pointId());
            assertTrue(sample.quality().isGood(), sample.toString());
            assertEquals(FakeTime.EPOCH_MS + 12_500, sample.sourceTime());
            assertEquals(FakeTime.EPOCH_MS + 12_500, sample.gatewayTime());
        }
        EnergyMeterModel meter = (EnergyMeterModel) session.model();
        assertEquals(meter.activePower(), samples.get(6).value().asDouble());
        assertEquals(meter.energyImport(), samples.get(9).value().asDouble());
    }

    @Test
    void everyListedAddressReadsGoodInItsNaturalType() throws Exception {
        for (String model : SimModels.NAMES) {
            SimSession session = open(model);
            time.advanceSeconds(1);
            List<Point> points = SimModels.variables(model).stream().map(v -> point(v.address(), v.type())).toList();
            for (Sample sample : session.read(points)) {
                assertTrue(sample.quality().isGood(), model + ": " + sample);
            }
        }
    }

    @Test
    void heartbeatCountsEveryAnsweredReadCallOnce() throws Exception {
        SimSession station = open("pump-station");
        Point heartbeat = point("station.heartbeat", DataType.UINT32);
        List<Point> batch = List.of(point("wet_well.level"), heartbeat, point("pump1.running", DataType.BOOL));
        assertEquals(Value.of(DataType.UINT32, 1), station.read(batch).get(1).value());
        station.read(List.of(point("wet_well.level"))); // a read without the heartbeat counts too
        assertEquals(Value.of(DataType.UINT32, 3), station.read(List.of(heartbeat, heartbeat)).get(0).value());
        assertEquals(3, station.model().heartbeat());

        SimSession meter = open("energy-meter");
        for (long expected = 1; expected <= 5; expected++) {
            time.advanceSeconds(1);
            assertEquals(expected, meter.read(List.of(point("meter.heartbeat", DataType.UINT32))).get(0).value()
                    .asLong());
        }
    }

    @Test
    void faultFileSilencesTheDeviceUntilItIsDeleted(@TempDir Path dir) throws Exception {
        Path fault = dir.resolve("station-cut");
        SimSession session = open("pump-station", "faultFile", fault.toString(), "speedup", "10");
        Point heartbeat = point("station.heartbeat", DataType.UINT32);
        assertEquals(1, session.read(List.of(heartbeat)).get(0).value().asLong());

        Files.createFile(fault);
        time.advanceSeconds(1);
        DriverException e = assertThrows(DriverException.class, () -> session.read(List.of(heartbeat)));
        assertEquals(Reason.COMM_FAILURE, e.reason());
        assertTrue(e.getMessage().contains("not answering (fault switch " + fault + " is set)"), e.getMessage());
        assertTrue(e.getMessage().contains("dev1"), e.getMessage());
        DriverException w = assertThrows(DriverException.class,
                () -> session.write(point("control.start_level"), Value.ofDouble(1.5)));
        assertEquals(Reason.COMM_FAILURE, w.reason());

        Files.delete(fault);
        time.advanceSeconds(1);
        // Answers again; the failed calls did not count, and the physics kept running meanwhile.
        assertEquals(2, session.read(List.of(heartbeat)).get(0).value().asLong());
        assertEquals(200, session.model().steps());
        assertEquals(2.0, station(session).startLevel());
    }

    @Test
    void writtenStartLevelStartsThePumpEarlier() throws Exception {
        SimSession normal = open("pump-station", "seed", "5");
        SimSession early = open("pump-station", "seed", "5");
        early.write(point("control.start_level"), Value.ofDouble(1.5));
        assertEquals(1.5, early.read(List.of(point("control.start_level"))).get(0).value().asDouble());

        time.advanceSeconds(20); // the level rises ~0.6 m from 1.0 m
        Point running = point("pump1.running", DataType.BOOL);
        Point level = point("wet_well.level");
        List<Sample> fromEarly = early.read(List.of(running, level));
        List<Sample> fromNormal = normal.read(List.of(running, level));
        assertTrue(fromEarly.get(0).value().asBoolean(), "pump 1 runs with start level 1.5 m");
        assertFalse(fromNormal.get(0).value().asBoolean(), "pump 1 waits for 2.0 m by default");
    }

    @Test
    void writtenStopLevelTakesEffect() throws Exception {
        SimSession session = open("pump-station", "seed", "5");
        session.write(point("control.stop_level"), Value.of(DataType.FLOAT32, 1.2));
        assertEquals(1.2, station(session).stopLevel(), 1e-6);
        time.advanceSeconds(120);
        session.read(List.of(point("wet_well.level")));
        PumpStationModel m = station(session);
        assertTrue(m.level() > 1.15, "level " + m.level() + " stays above the new stop level");
    }

    @Test
    void refusesWritesToReadOnlyAndUnknownAddresses() throws Exception {
        SimSession station = open("pump-station");
        DriverException e = assertThrows(DriverException.class,
                () -> station.write(point("pump1.speed"), Value.ofDouble(50)));
        assertEquals(Reason.CONFIG_ERROR, e.reason());
        assertEquals("pump1.speed is read-only on the simulated pump station", e.getMessage());

        DriverException unknown = assertThrows(DriverException.class,
                () -> station.write(point("pump3.speed"), Value.ofDouble(50)));
        assertEquals(Reason.CONFIG_ERROR, unknown.reason());
        assertTrue(unknown.getMessage().contains("pump3.speed"), unknown.getMessage());

        SimSession meter = open("energy-meter");
        DriverException m = assertThrows(DriverException.class,
                () -> meter.write(point("energy.import"), Value.ofDouble(0)));
        assertEquals("energy.import is read-only on the simulated energy meter", m.getMessage());
    }

    @Test
    void refusesAStartLevelNotAboveTheStopLevelAndTheReverse() throws Exception {
        SimSession session = open("pump-station");
        DriverException start = assertThrows(DriverException.class,
                () -> session.write(point("control.start_level"), Value.ofDouble(0.8)));
        assertEquals(Reason.DEVICE_EXCEPTION, start.reason());
        assertTrue(start.getMessage().contains("must be above the stop level 0.8 m"), start.getMessage());

        DriverException stop = assertThrows(DriverException.class,
                () -> session.write(point("control.stop_level"), Value.ofDouble(2.5)));
        assertEquals(Reason.DEVICE_EXCEPTION, stop.reason());
        assertTrue(stop.getMessage().contains("must be below the start level 2.0 m"), stop.getMessage());

        DriverException text = assertThrows(DriverException.class,
                () -> session.write(point("control.stop_level"), Value.of(DataType.STRING, "low")));
        assertEquals(Reason.DEVICE_EXCEPTION, text.reason());

        List<Sample> setpoints = session.read(List.of(point("control.start_level"), point("control.stop_level")));
        assertEquals(2.0, setpoints.get(0).value().asDouble());
        assertEquals(0.8, setpoints.get(1).value().asDouble());
    }

    @Test
    void unknownAddressSpoilsOnlyItsOwnSample() throws Exception {
        SimSession session = open("pump-station");
        List<Sample> samples = session.read(List.of(point("wet_well.level"), point("wet_well.lvl"),
                point("pump2.flow")));
        assertTrue(samples.get(0).quality().isGood());
        assertTrue(samples.get(2).quality().isGood());
        Sample bad = samples.get(1);
        assertEquals(Quality.Status.BAD, bad.quality().status());
        assertEquals(Reason.CONFIG_ERROR, bad.quality().reason());
        assertNull(bad.value());
        assertTrue(bad.quality().detail().contains("'wet_well.lvl'"), bad.quality().detail());
        assertTrue(bad.quality().detail().contains("wet_well.level, wet_well.inflow"), bad.quality().detail());
    }

    @Test
    void convertsToThePointsDeclaredType() throws Exception {
        SimSession session = open("pump-station", "speedup", "100");
        time.advanceSeconds(0.5); // 50 s simulated: pump 1 is running
        PumpStationModel m = station(session);
        List<Sample> samples = session.read(List.of(
                point("wet_well.level", DataType.FLOAT32),
                point("pump1.current", DataType.UINT16),
                point("wet_well.level", DataType.INT16),
                point("pump1.running", DataType.BOOL),
                point("pump1.running", DataType.INT16),
                point("pump1.speed", DataType.STRING)));
        assertTrue(m.pump(1).running(), "pump 1 should run 50 s in");
        assertEquals(Value.of(DataType.FLOAT32, (float) m.level()), samples.get(0).value());
        assertEquals(Value.of(DataType.UINT16, Math.round(m.pump(1).current())), samples.get(1).value());
        assertEquals(Value.of(DataType.INT16, Math.round(m.level())), samples.get(2).value());
        assertEquals(Value.ofBoolean(true), samples.get(3).value());
        assertEquals(Value.of(DataType.INT16, 1), samples.get(4).value());
        assertEquals(Value.of(DataType.STRING, String.valueOf(m.pump(1).speed())), samples.get(5).value());
    }

    @Test
    void numberReadAsBoolIsAConfigurationError() throws Exception {
        SimSession session = open("pump-station");
        Sample sample = session.read(List.of(point("wet_well.level", DataType.BOOL))).get(0);
        assertEquals(Reason.CONFIG_ERROR, sample.quality().reason());
        assertTrue(sample.quality().detail().contains("not a BOOL"), sample.quality().detail());
    }

    @Test
    void valueThatDoesNotFitTheTypeIsOutOfRangeNotAnException() throws Exception {
        SimSession session = open("energy-meter");
        List<Point> batch = List.of(point("meter.heartbeat", DataType.INT16), point("voltage.l1"));
        for (int i = 1; i <= Short.MAX_VALUE; i++) {
            assertTrue(session.read(batch).get(0).quality().isGood(), "read " + i);
        }
        List<Sample> samples = session.read(batch); // heartbeat 32768 does not fit an INT16
        Sample bad = samples.get(0);
        assertEquals(Quality.Status.BAD, bad.quality().status());
        assertEquals(Reason.OUT_OF_RANGE, bad.quality().reason());
        assertTrue(bad.quality().detail().contains("meter.heartbeat = 32768 does not fit INT16"),
                bad.quality().detail());
        assertTrue(samples.get(1).quality().isGood());
    }

    @Test
    void aPollAfterALongPauseCatchesUpInBoundedSlices() throws Exception {
        SimSession session = open("energy-meter", "speedup", "100000");
        time.advanceSeconds(3600); // 360 million steps due
        session.read(List.of(point("energy.import")));
        assertEquals(SimSession.MAX_CATCH_UP_STEPS, session.model().steps());
    }

    @Test
    void closedSessionDoesNotAnswer() throws Exception {
        SimSession session = open("energy-meter");
        session.close();
        DriverException e = assertThrows(DriverException.class, () -> session.read(List.of(point("frequency"))));
        assertEquals(Reason.COMM_FAILURE, e.reason());
    }
}
