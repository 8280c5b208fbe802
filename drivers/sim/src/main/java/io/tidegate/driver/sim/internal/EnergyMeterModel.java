package io.tidegate.driver.sim.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.DriverException;
import io.tidegate.api.Value;
import java.util.List;
import java.util.Random;

/**
 * A three-phase, four-wire energy meter on a 230/400 V supply feeding a load of roughly 25 kW
 * (a small building or a pump station's incomer). Voltages and frequency hover around nominal;
 * phase currents follow a slowly swinging load profile with a fixed imbalance; active power is
 * exactly the sum of V·I·PF over the phases; the import counter integrates that power, so it never
 * goes backwards.
 *
 * <p>Same seed and same number of steps give the same state, bit for bit.
 */
public final class EnergyMeterModel extends SimModelBase {
    public static final String NAME = "energy-meter";

    public static final double NOMINAL_VOLTAGE_V = 230.0;
    /** Fixed per-phase voltage offsets, V: real phases never sit at exactly the same voltage. */
    private static final double[] PHASE_VOLTAGE_OFFSET_V = {0.6, -0.4, 1.1};
    public static final double VOLTAGE_NOISE_V = 0.8;
    public static final double VOLTAGE_NOISE_SECONDS = 10.0;

    public static final double NOMINAL_FREQUENCY_HZ = 50.0;
    public static final double FREQUENCY_NOISE_HZ = 0.015;
    public static final double FREQUENCY_NOISE_SECONDS = 20.0;

    /** Mean phase current, A, before imbalance. */
    public static final double BASE_CURRENT_A = 40.0;
    /** The load swings ±25 % over a five-minute simulated period. */
    public static final double LOAD_SWING = 0.25;
    public static final double LOAD_PERIOD_SECONDS = 300.0;
    /** Per-phase share of the load: single-phase loads never spread evenly. */
    private static final double[] PHASE_LOAD_FACTOR = {1.00, 0.93, 1.07};
    public static final double CURRENT_NOISE_A = 1.0;
    public static final double CURRENT_NOISE_SECONDS = 3.0;

    public static final double MEAN_POWER_FACTOR = 0.92;
    public static final double POWER_FACTOR_NOISE = 0.01;
    public static final double POWER_FACTOR_NOISE_SECONDS = 30.0;
    public static final double MIN_POWER_FACTOR = 0.80;
    public static final double MAX_POWER_FACTOR = 0.99;

    /** The import register of a freshly commissioned meter, kWh. */
    public static final double INITIAL_ENERGY_KWH = 0.0;

    private static final List<SimVariable> VARIABLES = List.of(
            new SimVariable("voltage.l1", DataType.FLOAT64, "V", false, "phase L1 voltage to neutral"),
            new SimVariable("voltage.l2", DataType.FLOAT64, "V", false, "phase L2 voltage to neutral"),
            new SimVariable("voltage.l3", DataType.FLOAT64, "V", false, "phase L3 voltage to neutral"),
            new SimVariable("current.l1", DataType.FLOAT64, "A", false, "phase L1 current"),
            new SimVariable("current.l2", DataType.FLOAT64, "A", false, "phase L2 current"),
            new SimVariable("current.l3", DataType.FLOAT64, "A", false, "phase L3 current"),
            new SimVariable("power.active", DataType.FLOAT64, "kW", false, "total active power"),
            new SimVariable("power.factor", DataType.FLOAT64, "", false, "power factor"),
            new SimVariable("frequency", DataType.FLOAT64, "Hz", false, "supply frequency"),
            new SimVariable("energy.import", DataType.FLOAT64, "kWh", false, "imported active energy"),
            new SimVariable("meter.heartbeat", DataType.UINT32, "", false, "watchdog: answered reads"));

    private final Random random;
    private final MeanRevertingNoise[] voltageNoise = new MeanRevertingNoise[3];
    private final MeanRevertingNoise[] currentNoise = new MeanRevertingNoise[3];
    private final MeanRevertingNoise frequencyNoise =
            new MeanRevertingNoise(FREQUENCY_NOISE_HZ, FREQUENCY_NOISE_SECONDS, STEP_SECONDS);
    private final MeanRevertingNoise powerFactorNoise =
            new MeanRevertingNoise(POWER_FACTOR_NOISE, POWER_FACTOR_NOISE_SECONDS, STEP_SECONDS);
    private final double[] voltage = new double[3];
    private final double[] current = new double[3];
    private double powerFactor;
    private double frequency;
    private double activePowerKw;
    private double energyImportKwh = INITIAL_ENERGY_KWH;

    public EnergyMeterModel(long seed) {
        super(NAME, "simulated energy meter", VARIABLES);
        this.random = new Random(seed);
        for (int i = 0; i < 3; i++) {
            voltageNoise[i] = new MeanRevertingNoise(VOLTAGE_NOISE_V, VOLTAGE_NOISE_SECONDS, STEP_SECONDS);
            currentNoise[i] = new MeanRevertingNoise(CURRENT_NOISE_A, CURRENT_NOISE_SECONDS, STEP_SECONDS);
        }
        measure(); // the readings before the first step: nominal values, no noise yet
    }

    /** Every address of this model, in a stable order (for validators and error messages). */
    public static List<String> addresses() {
        return VARIABLES.stream().map(SimVariable::address).toList();
    }

    /** Every variable of this model with its natural type and unit. */
    public static List<SimVariable> allVariables() {
        return VARIABLES;
    }

    @Override
    protected void advance() {
        for (int i = 0; i < 3; i++) {
            voltageNoise[i].next(random);
            currentNoise[i].next(random);
        }
        frequencyNoise.next(random);
        powerFactorNoise.next(random);
        measure();
        // Integrate the power of this step: kW × hours. Power is never negative, so neither is this.
        energyImportKwh += activePowerKw * STEP_SECONDS / 3600.0;
    }

    /** Computes the readings from the load profile and the current noise. */
    private void measure() {
        double seconds = steps() * STEP_SECONDS;
        double load = 1 + LOAD_SWING * Math.sin(2 * Math.PI * seconds / LOAD_PERIOD_SECONDS);
        powerFactor = Math.max(MIN_POWER_FACTOR, Math.min(MAX_POWER_FACTOR,
                MEAN_POWER_FACTOR + powerFactorNoise.value()));
        frequency = NOMINAL_FREQUENCY_HZ + frequencyNoise.value();
        double watts = 0;
        for (int i = 0; i < 3; i++) {
            voltage[i] = NOMINAL_VOLTAGE_V + PHASE_VOLTAGE_OFFSET_V[i] + voltageNoise[i].value();
            current[i] = Math.max(0.0, BASE_CURRENT_A * load * PHASE_LOAD_FACTOR[i] + currentNoise[i].value());
            watts += voltage[i] * current[i] * powerFactor;
        }
        activePowerKw = watts / 1000.0;
    }

    @Override
    public Object value(String address) {
        return switch (address) {
            case "voltage.l1" -> voltage[0];
            case "voltage.l2" -> voltage[1];
            case "voltage.l3" -> voltage[2];
            case "current.l1" -> current[0];
            case "current.l2" -> current[1];
            case "current.l3" -> current[2];
            case "power.active" -> activePowerKw;
            case "power.factor" -> powerFactor;
            case "frequency" -> frequency;
            case "energy.import" -> energyImportKwh;
            case "meter.heartbeat" -> heartbeat();
            default -> null;
        };
    }

    @Override
    public void write(String address, Value value) throws DriverException {
        throw writeRefused(address);
    }







    /** Phase voltage to neutral, V; phase 1..3. */
    public double voltage(int phase) {
        return voltage[index(phase)];
    }

    /** Phase current, A; phase 1..3. */
    public double current(int phase) {
        return current[index(phase)];
    }

    /** Total active power, kW: the sum over the phases of V·I·PF / 1000. */
    public double activePower() {
        return activePowerKw;
    }

    public double powerFactor() {
        return powerFactor;
    }

    /** Supply frequency, Hz. */
    public double frequency() {
        return frequency;
    }

    /** Imported active energy, kWh. */
    public double energyImport() {
        return energyImportKwh;
    }

    private static int index(int phase) {
        if (phase < 1 || phase > 3) {
            throw new IllegalArgumentException("phases are 1, 2 and 3, not " + phase);
        }
        return phase - 1;
    }
}
