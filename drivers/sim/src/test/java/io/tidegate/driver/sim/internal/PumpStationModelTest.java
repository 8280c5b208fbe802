package io.tidegate.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PumpStationModelTest {
    private static final int ONE_HOUR = 36_000; // steps of 0.1 s

    private static boolean anyRunning(PumpStationModel m) {
        return m.pump(1).running() || m.pump(2).running();
    }

    @Test
    void sameSeedReplaysTheSameRunAndAnotherSeedDoesNot() {
        PumpStationModel a = new PumpStationModel(7);
        PumpStationModel b = new PumpStationModel(7);
        PumpStationModel c = new PumpStationModel(8);
        int differences = 0;
        for (int i = 0; i < 5_000; i++) {
            a.step();
            b.step();
            c.step();
            assertEquals(a.level(), b.level(), "level at step " + i);
            assertEquals(a.inflow(), b.inflow(), "inflow at step " + i);
            assertEquals(a.pump(1).current(), b.pump(1).current(), "pump1 current at step " + i);
            assertEquals(a.pump(2).dischargePressure(), b.pump(2).dischargePressure(), "pump2 pressure at step " + i);
            assertEquals(a.pump(1).running(), b.pump(1).running(), "pump1 running at step " + i);
            if (a.inflow() != c.inflow()) {
                differences++;
            }
        }
        assertTrue(differences > 4_000, "seed 8 should give a different run from seed 7, differed " + differences);
    }

    @Test
    void startsFromTheDocumentedState() {
        PumpStationModel m = new PumpStationModel(1);
        assertEquals(1.0, m.level());
        assertEquals(20.0, m.inflow());
        assertEquals(2.0, m.startLevel());
        assertEquals(0.8, m.stopLevel());
        assertFalse(anyRunning(m));
        assertEquals(1, m.leadPump());
        assertEquals(0, m.steps());
    }

    @Test
    void levelRisesWhilePumpsAreOffAndFallsWhileAPumpRuns() {
        PumpStationModel m = new PumpStationModel(3);
        int rising = 0;
        int falling = 0;
        for (int i = 0; i < ONE_HOUR; i++) {
            boolean off = !anyRunning(m);
            boolean pumpingAtSpeed = m.pump(1).speed() >= Pump.RUN_SPEED_PERCENT
                    || m.pump(2).speed() >= Pump.RUN_SPEED_PERCENT;
            double before = m.level();
            m.step();
            if (off) {
                assertTrue(m.level() > before, "level must rise with both pumps off, step " + i);
                rising++;
            }
            if (pumpingAtSpeed) {
                assertTrue(m.level() < before, "level must fall while a pump runs, step " + i);
                falling++;
            }
        }
        assertTrue(rising > 10_000 && falling > 5_000, "rising " + rising + ", falling " + falling);
    }

    @Test
    void leadPumpStartsAtTheStartLevelAndPumpsStopAtTheStopLevel() {
        PumpStationModel m = new PumpStationModel(1);
        int starts = 0;
        int stops = 0;
        for (int i = 0; i < ONE_HOUR; i++) {
            boolean wasRunning = anyRunning(m);
            double before = m.level();
            m.step();
            if (!wasRunning && anyRunning(m)) {
                starts++;
                assertTrue(before < 2.0 && m.level() >= 2.0, "started between " + before + " and " + m.level());
                assertEquals(1, (m.pump(1).running() ? 1 : 0) + (m.pump(2).running() ? 1 : 0), "only the lead starts");
            }
            if (wasRunning && !anyRunning(m)) {
                stops++;
                assertTrue(before > 0.8 && m.level() <= 0.8, "stopped between " + before + " and " + m.level());
            }
            // With the default inflow one pump always copes: the lag pump never has to help.
            assertFalse(m.pump(1).running() && m.pump(2).running(), "both pumps running at step " + i);
            assertTrue(m.level() > 0.75 && m.level() < 2.1, "level " + m.level() + " at step " + i);
        }
        assertTrue(starts >= 40 && stops >= 40, starts + " starts, " + stops + " stops in an hour");
    }

    @Test
    void leadPumpAlternatesEveryCycle() {
        PumpStationModel m = new PumpStationModel(5);
        List<Integer> startedFirst = new ArrayList<>();
        while (startedFirst.size() < 6) {
            boolean wasRunning = anyRunning(m);
            m.step();
            if (!wasRunning && anyRunning(m)) {
                startedFirst.add(m.pump(1).running() ? 1 : 2);
            }
        }
        assertEquals(List.of(1, 2, 1, 2, 1, 2), startedFirst);
    }

    @Test
    void fullCycleTakesAboutAMinuteOfSimulatedTime() {
        PumpStationModel m = new PumpStationModel(1);
        double lastStart = -1;
        List<Double> periods = new ArrayList<>();
        for (int i = 0; i < ONE_HOUR; i++) {
            boolean wasRunning = anyRunning(m);
            m.step();
            if (!wasRunning && anyRunning(m)) {
                if (lastStart >= 0) {
                    periods.add(m.simulatedSeconds() - lastStart);
                }
                lastStart = m.simulatedSeconds();
            }
        }
        for (double period : periods) {
            assertTrue(period >= 30 && period <= 90, "cycle of " + period + " s; all: " + periods);
        }
    }

    @Test
    void lagPumpJoinsWhenTheLevelPassesStartPlusOffset() {
        // A storm: 60 L/s on average is more than one pump's 46 L/s.
        PumpStationModel m = new PumpStationModel(1, 60.0);
        boolean lagStarted = false;
        for (int i = 0; i < 3_000 && !lagStarted; i++) {
            boolean leadWasRunning = m.pump(1).running();
            boolean lagWasRunning = m.pump(2).running();
            double before = m.level();
            m.step();
            if (!lagWasRunning && m.pump(2).running()) {
                lagStarted = true;
                assertTrue(leadWasRunning, "the lead pump runs before the lag pump joins");
                assertTrue(before < 2.3 && m.level() >= 2.3, "lag started between " + before + " and " + m.level());
            }
        }
        assertTrue(lagStarted, "the lag pump never started");
        // Together they win, and both stop at the stop level.
        double peak = m.level();
        while (anyRunning(m)) {
            m.step();
            peak = Math.max(peak, m.level());
        }
        assertTrue(m.level() <= 0.8, "stopped at " + m.level());
        assertTrue(peak < PumpStationModel.WELL_DEPTH_M, "peak " + peak);
    }

    @Test
    void pumpReadingsMatchTheirState() {
        PumpStationModel m = new PumpStationModel(2);
        int checkedRunning = 0;
        for (int i = 0; i < ONE_HOUR; i++) {
            m.step();
            for (int n = 1; n <= 2; n++) {
                Pump p = m.pump(n);
                if (p.running() && p.speed() >= Pump.RUN_SPEED_PERCENT) {
                    checkedRunning++;
                    assertTrue(p.speed() >= 85 && p.speed() <= 100, "speed " + p.speed());
                    assertEquals(Pump.RATED_CURRENT_A * 0.92, p.current(), 1.5, "current");
                    assertEquals(Pump.RATED_FLOW_LPS * 0.92, p.flow(), 3.0, "flow");
                    assertTrue(p.dischargePressure() > 1.3 && p.dischargePressure() < 1.8, "pressure "
                            + p.dischargePressure());
                    assertTrue(p.flow() > m.inflow(), "one pump outpumps the inflow");
                } else if (!p.running()) {
                    assertEquals(0.0, p.speed());
                    assertEquals(0.0, p.current());
                    assertEquals(0.0, p.flow());
                    assertTrue(p.dischargePressure() < 0.3, "pressure stopped " + p.dischargePressure());
                }
            }
            assertTrue(m.inflow() >= 0 && m.inflow() <= 32.0, "inflow " + m.inflow());
        }
        assertTrue(checkedRunning > 5_000);
    }

    @Test
    void levelNeverGoesNegativeEvenWithATinyInflowAndLowStopLevel() {
        PumpStationModel m = new PumpStationModel(4, 0.5);
        m.setStopLevel(0.2);
        m.setStartLevel(1.05);
        for (int i = 0; i < ONE_HOUR; i++) {
            m.step();
            assertTrue(m.level() >= 0.0, "level " + m.level());
            assertTrue(m.inflow() >= 0.0, "inflow " + m.inflow());
        }
    }

    @Test
    void lowerStartLevelStartsThePumpEarlier() {
        PumpStationModel normal = new PumpStationModel(9);
        PumpStationModel early = new PumpStationModel(9);
        early.setStartLevel(1.5);
        long normalStart = stepsUntilFirstStart(normal);
        long earlyStart = stepsUntilFirstStart(early);
        assertTrue(earlyStart < normalStart, earlyStart + " vs " + normalStart);
        assertTrue(early.level() >= 1.5 && early.level() < 1.51, "started at " + early.level());
    }

    private static long stepsUntilFirstStart(PumpStationModel m) {
        while (!anyRunning(m)) {
            m.step();
        }
        return m.steps();
    }

    @Test
    void refusesSetpointsThatWouldBreakTheControl() {
        PumpStationModel m = new PumpStationModel(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setStartLevel(0.8));
        assertTrue(e.getMessage().contains("above the stop level 0.8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.setStopLevel(2.0));
        assertThrows(IllegalArgumentException.class, () -> m.setStopLevel(2.5));
        assertThrows(IllegalArgumentException.class, () -> m.setStartLevel(9.0));
        assertThrows(IllegalArgumentException.class, () -> m.setStopLevel(0.0));
        assertThrows(IllegalArgumentException.class, () -> m.setStartLevel(Double.NaN));
        assertEquals(2.0, m.startLevel());
        assertEquals(0.8, m.stopLevel());
    }

    @Test
    void listsExactlyTheDocumentedAddresses() {
        assertEquals(List.of("wet_well.level", "wet_well.inflow",
                "pump1.running", "pump1.speed", "pump1.current", "pump1.discharge_pressure", "pump1.flow",
                "pump2.running", "pump2.speed", "pump2.current", "pump2.discharge_pressure", "pump2.flow",
                "control.start_level", "control.stop_level", "station.heartbeat"), PumpStationModel.addresses());
        assertEquals(PumpStationModel.addresses(), SimModels.addresses("pump-station"));
        assertEquals(List.of(), SimModels.addresses("no-such-model"));
    }
}
