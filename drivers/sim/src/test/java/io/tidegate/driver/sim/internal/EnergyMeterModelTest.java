package io.tidegate.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyMeterModelTest {

    @Test
    void sameSeedReplaysTheSameRunAndAnotherSeedDoesNot() {
        EnergyMeterModel a = new EnergyMeterModel(11);
        EnergyMeterModel b = new EnergyMeterModel(11);
        EnergyMeterModel c = new EnergyMeterModel(12);
        int differences = 0;
        for (int i = 0; i < 5_000; i++) {
            a.step();
            b.step();
            c.step();
            for (int phase = 1; phase <= 3; phase++) {
                assertEquals(a.voltage(phase), b.voltage(phase));
                assertEquals(a.current(phase), b.current(phase));
            }
            assertEquals(a.frequency(), b.frequency());
            assertEquals(a.energyImport(), b.energyImport());
            if (a.current(1) != c.current(1)) {
                differences++;
            }
        }
        assertTrue(differences > 4_000, "differed " + differences);
    }

    @Test
    void readsNominalValuesBeforeTheFirstStep() {
        EnergyMeterModel m = new EnergyMeterModel(1);
        assertEquals(230.6, m.voltage(1), 1e-9);
        assertEquals(40.0, m.current(1), 1e-9);
        assertEquals(0.92, m.powerFactor(), 1e-12);
        assertEquals(50.0, m.frequency(), 1e-12);
        assertEquals(0.0, m.energyImport());
        assertTrue(m.activePower() > 20 && m.activePower() < 30, "power " + m.activePower());
    }

    @Test
    void activePowerIsTheSumOfVoltageTimesCurrentTimesPowerFactor() {
        EnergyMeterModel m = new EnergyMeterModel(2);
        for (int i = 0; i < 20_000; i++) {
            m.step();
            double watts = 0;
            for (int phase = 1; phase <= 3; phase++) {
                watts += m.voltage(phase) * m.current(phase) * m.powerFactor();
            }
            assertEquals(watts / 1000.0, m.activePower(), 1e-9, "step " + i);
        }
    }

    @Test
    void energyCounterNeverGoesBackAndIntegratesThePower() {
        EnergyMeterModel m = new EnergyMeterModel(3);
        double integral = m.energyImport();
        for (int i = 0; i < 100_000; i++) { // about 2.8 simulated hours
            double before = m.energyImport();
            m.step();
            assertTrue(m.activePower() > 0, "power " + m.activePower());
            assertTrue(m.energyImport() > before, "counter went from " + before + " to " + m.energyImport());
            integral += m.activePower() * 0.1 / 3600.0;
        }
        assertEquals(integral, m.energyImport(), 1e-6);
        // ~25 kW for 2.8 h
        assertTrue(m.energyImport() > 50 && m.energyImport() < 90, "energy " + m.energyImport());
    }

    @Test
    void readingsStayPlausible() {
        EnergyMeterModel m = new EnergyMeterModel(4);
        for (int i = 0; i < 36_000; i++) {
            m.step();
            for (int phase = 1; phase <= 3; phase++) {
                assertTrue(m.voltage(phase) > 225 && m.voltage(phase) < 236, "V" + phase + " " + m.voltage(phase));
                assertTrue(m.current(phase) >= 0 && m.current(phase) < 70, "I" + phase + " " + m.current(phase));
            }
            assertTrue(m.frequency() > 49.9 && m.frequency() < 50.1, "f " + m.frequency());
            assertTrue(m.powerFactor() >= 0.80 && m.powerFactor() <= 0.99, "pf " + m.powerFactor());
        }
    }

    @Test
    void listsExactlyTheDocumentedAddresses() {
        assertEquals(List.of("voltage.l1", "voltage.l2", "voltage.l3", "current.l1", "current.l2", "current.l3",
                "power.active", "power.factor", "frequency", "energy.import", "meter.heartbeat"),
                EnergyMeterModel.addresses());
        assertEquals(EnergyMeterModel.addresses(), SimModels.addresses("energy-meter"));
    }
}
