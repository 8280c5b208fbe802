package io.tidegate.driver.sim.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small municipal sewage lift station: a wet well filled by the sewer and emptied by two pumps
 * under lead/lag level control. Sized so that one fill-and-pump-down cycle takes about a minute of
 * simulated time, short enough for a demo to show it.
 *
 * <p>Control, as a station PLC does it: the lead pump starts when the level reaches the start
 * level; if the level still rises to start + {@value #LAG_OFFSET_M} m the lag pump joins; both
 * stop at the stop level, and the other pump leads the next cycle so both wear evenly.
 *
 * <p>Same seed and same number of steps give the same state, bit for bit: noise comes from a
 * {@link Random} whose algorithm the JDK specifies, so a test can predict every value.
 */
public final class PumpStationModel extends SimModelBase {
    public static final String NAME = "pump-station";

    /** Wet-well plan area, m². Small, so that a demo sees a full cycle in about a minute. */
    public static final double WELL_AREA_M2 = 0.6;
    /** Depth from the pump inlet to the overflow, m: the level cannot go higher. */
    public static final double WELL_DEPTH_M = 4.0;
    public static final double INITIAL_LEVEL_M = 1.0;
    public static final double DEFAULT_START_LEVEL_M = 2.0;
    public static final double DEFAULT_STOP_LEVEL_M = 0.8;
    /** The lag pump starts this far above the start level. */
    public static final double LAG_OFFSET_M = 0.3;
    /** Setpoints the station PLC accepts: not so low the pumps run dry, and start + lag offset below the overflow. */
    public static final double SETPOINT_MIN_M = 0.2;
    public static final double SETPOINT_MAX_M = 3.5;

    /** Mean sewer inflow, L/s, unless the device's {@code inflowMean} setting says otherwise. */
    public static final double DEFAULT_INFLOW_MEAN_LPS = 20.0;
    /** The inflow swings ±30 % around the mean over a compressed "day" of ten simulated minutes. */
    public static final double INFLOW_DAILY_SWING = 0.3;
    public static final double INFLOW_DAY_SECONDS = 600.0;
    /** Wandering noise on the inflow: long-run SD as a fraction of the mean, and how fast it fades. */
    public static final double INFLOW_NOISE_FRACTION = 0.08;
    public static final double INFLOW_NOISE_SECONDS = 5.0;
    /** Inflow never exceeds this multiple of the mean: 32 L/s by default, below one pump's 46 L/s. */
    public static final double INFLOW_MAX_FACTOR = 1.6;

    private static final List<SimVariable> VARIABLES = buildVariables();

    private final Random random;
    private final double inflowMean;
    private final MeanRevertingNoise inflowNoise;
    private final Pump pump1;
    private final Pump pump2;
    private Pump lead;
    private double level = INITIAL_LEVEL_M;
    private double inflow;
    private double startLevel = DEFAULT_START_LEVEL_M;
    private double stopLevel = DEFAULT_STOP_LEVEL_M;

    /** A station with the default inflow. */
    public PumpStationModel(long seed) {
        this(seed, DEFAULT_INFLOW_MEAN_LPS);
    }

    /**
     * A station with a given mean inflow: above one pump's flow (about 46 L/s) it behaves like a
     * storm, and the lag pump has to help.
     */
    public PumpStationModel(long seed, double inflowMeanLps) {
        super(NAME, "simulated pump station", VARIABLES);
        if (!(inflowMeanLps > 0) || !Double.isFinite(inflowMeanLps)) {
            throw new IllegalArgumentException("mean inflow must be a positive number of L/s, not " + inflowMeanLps);
        }
        this.random = new Random(seed);
        this.inflowMean = inflowMeanLps;
        this.inflowNoise = new MeanRevertingNoise(INFLOW_NOISE_FRACTION * inflowMeanLps, INFLOW_NOISE_SECONDS,
                STEP_SECONDS);
        this.inflow = inflowMeanLps;
        this.pump1 = new Pump(1, INITIAL_LEVEL_M);
        this.pump2 = new Pump(2, INITIAL_LEVEL_M);
        this.lead = pump1;
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
        inflow = inflowAt(steps() * STEP_SECONDS);
        pump1.update(random, level, STEP_SECONDS);
        pump2.update(random, level, STEP_SECONDS);
        double netLitresPerSecond = inflow - pump1.flow() - pump2.flow();
        level += netLitresPerSecond / 1000.0 * STEP_SECONDS / WELL_AREA_M2;
        // A well cannot hold less than nothing, and spills to the overflow when full.
        level = Math.max(0.0, Math.min(WELL_DEPTH_M, level));
        control();
    }

    private double inflowAt(double seconds) {
        double daily = 1 + INFLOW_DAILY_SWING * Math.sin(2 * Math.PI * seconds / INFLOW_DAY_SECONDS);
        double raw = inflowMean * daily + inflowNoise.next(random);
        return Math.max(0.0, Math.min(INFLOW_MAX_FACTOR * inflowMean, raw));
    }

    /** The station PLC's lead/lag logic, evaluated after every step. */
    private void control() {
        Pump lag = lead == pump1 ? pump2 : pump1;
        if (level <= stopLevel) {
            if (lead.running() || lag.running()) {
                lead.stop(level);
                lag.stop(level);
                lead = lag; // duty alternation: the other pump leads the next cycle
            }
            return;
        }
        if (!lead.running() && !lag.running() && level >= startLevel) {
            lead.start();
        } else if (lead.running() && !lag.running() && level >= startLevel + LAG_OFFSET_M) {
            lag.start();
        }
    }

    /** Sets the start level, m, like a station PLC would: only between the limits and above the stop level. */
    public void setStartLevel(double metres) {
        checkSetpointRange("start level", metres);
        if (metres <= stopLevel) {
            throw new IllegalArgumentException("start level " + metres + " m must be above the stop level "
                    + stopLevel + " m");
        }
        startLevel = metres;
    }

    /** Sets the stop level, m: only between the limits and below the start level. */
    public void setStopLevel(double metres) {
        checkSetpointRange("stop level", metres);
        if (metres >= startLevel) {
            throw new IllegalArgumentException("stop level " + metres + " m must be below the start level "
                    + startLevel + " m");
        }
        stopLevel = metres;
    }

    private static void checkSetpointRange(String what, double metres) {
        if (!(metres >= SETPOINT_MIN_M && metres <= SETPOINT_MAX_M)) {
            throw new IllegalArgumentException(what + " " + metres + " m is outside the range the station accepts, "
                    + SETPOINT_MIN_M + ".." + SETPOINT_MAX_M + " m");
        }
    }

    @Override
    public void write(String address, Value value) throws DriverException {
        boolean start = address.equals("control.start_level");
        if (!start && !address.equals("control.stop_level")) {
            throw writeRefused(address);
        }
        double metres;
        try {
            metres = value.asDouble();
        } catch (IllegalStateException e) {
            throw new DriverException(Reason.DEVICE_EXCEPTION, "the " + label() + " refused " + address + " = "
                    + value + ": a level needs a number of metres");
        }
        try {
            if (start) {
                setStartLevel(metres);
            } else {
                setStopLevel(metres);
            }
        } catch (IllegalArgumentException e) {
            throw new DriverException(Reason.DEVICE_EXCEPTION, "the " + label() + " refused " + address + " = "
                    + metres + ": " + e.getMessage());
        }
    }

    @Override
    public Object value(String address) {
        if (address.startsWith("pump1.")) {
            return pump1.value(address.substring("pump1.".length()));
        }
        if (address.startsWith("pump2.")) {
            return pump2.value(address.substring("pump2.".length()));
        }
        return switch (address) {
            case "wet_well.level" -> level;
            case "wet_well.inflow" -> inflow;
            case "control.start_level" -> startLevel;
            case "control.stop_level" -> stopLevel;
            case "station.heartbeat" -> heartbeat();
            default -> null;
        };
    }







    /** Wet-well level above the pump inlet, m. */
    public double level() {
        return level;
    }

    /** Sewer inflow, L/s. */
    public double inflow() {
        return inflow;
    }

    /** Pump 1 or 2. */
    public Pump pump(int number) {
        return switch (number) {
            case 1 -> pump1;
            case 2 -> pump2;
            default -> throw new IllegalArgumentException("the station has pumps 1 and 2, not " + number);
        };
    }

    /** The pump that leads the current (or next) cycle: 1 or 2. */
    public int leadPump() {
        return lead.number();
    }

    public double startLevel() {
        return startLevel;
    }

    public double stopLevel() {
        return stopLevel;
    }

    private static List<SimVariable> buildVariables() {
        List<SimVariable> list = new ArrayList<>();
        list.add(new SimVariable("wet_well.level", DataType.FLOAT64, "m", false, "wet-well level above the pump inlet"));
        list.add(new SimVariable("wet_well.inflow", DataType.FLOAT64, "L/s", false, "sewer inflow into the wet well"));
        for (int n = 1; n <= 2; n++) {
            String p = "pump" + n;
            list.add(new SimVariable(p + ".running", DataType.BOOL, "", false, "pump " + n + " running"));
            list.add(new SimVariable(p + ".speed", DataType.FLOAT64, "%", false, "pump " + n + " drive speed"));
            list.add(new SimVariable(p + ".current", DataType.FLOAT64, "A", false, "pump " + n + " motor current"));
            list.add(new SimVariable(p + ".discharge_pressure", DataType.FLOAT64, "bar", false,
                    "pump " + n + " discharge pressure"));
            list.add(new SimVariable(p + ".flow", DataType.FLOAT64, "L/s", false, "pump " + n + " flow"));
        }
        list.add(new SimVariable("control.start_level", DataType.FLOAT64, "m", true, "lead pump start level"));
        list.add(new SimVariable("control.stop_level", DataType.FLOAT64, "m", true, "pump stop level"));
        list.add(new SimVariable("station.heartbeat", DataType.UINT32, "", false, "PLC watchdog: answered reads"));
        return List.copyOf(list);
    }
}
