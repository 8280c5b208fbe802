package io.tidegate.driver.sim.internal;

import java.util.Random;

/**
 * One submersible sewage pump on a variable-speed drive, as its PLC sees it. The station's
 * control logic starts and stops it; the pump itself only ramps its speed and reports what its
 * drive, current transformer, pressure transmitter and flow meter would read.
 */
public final class Pump {
    /** Flow at 100 % speed, L/s: more than the station's highest inflow, so one pump always wins. */
    public static final double RATED_FLOW_LPS = 50.0;
    /** Speed the drive runs at once ramped up, %. */
    public static final double RUN_SPEED_PERCENT = 92.0;
    /** Drive acceleration, % per second (0 to full speed in about 4.6 s). */
    public static final double RAMP_PERCENT_PER_SECOND = 20.0;
    /** Motor current at 100 % speed, A (an 11-15 kW motor on 400 V). */
    public static final double RATED_CURRENT_A = 28.0;
    /** Pressure the pump adds at 100 % speed, bar (affinity law: grows with speed squared). */
    public static final double HEAD_AT_FULL_SPEED_BAR = 1.6;
    /** Hydrostatic pressure of one metre of water, bar: the discharge gauge sees the well level. */
    public static final double BAR_PER_METRE_OF_WATER = 0.0981;

    private static final double FLOW_NOISE_FRACTION = 0.01;
    private static final double CURRENT_NOISE_A = 0.2;
    private static final double PRESSURE_NOISE_BAR = 0.01;

    private final int number;
    private boolean running;
    private double speed;
    private double current;
    private double dischargePressure;
    private double flow;

    Pump(int number, double initialLevel) {
        this.number = number;
        this.dischargePressure = initialLevel * BAR_PER_METRE_OF_WATER;
    }

    /** The control logic asks it to run; the drive ramps up from the next step on. */
    void start() {
        running = true;
    }

    /**
     * The control logic stops it with the well at {@code level} metres: a stopped pump delivers
     * nothing and draws nothing at once, and its gauge falls back to the well's hydrostatic head.
     */
    void stop(double level) {
        running = false;
        speed = 0;
        current = 0;
        flow = 0;
        dischargePressure = level * BAR_PER_METRE_OF_WATER;
    }

    /** Advances one step with the well at {@code level} metres. */
    void update(Random random, double level, double stepSeconds) {
        double staticPressure = level * BAR_PER_METRE_OF_WATER;
        if (!running) {
            dischargePressure = Math.max(0, staticPressure + PRESSURE_NOISE_BAR * random.nextGaussian());
            return;
        }
        speed = Math.min(RUN_SPEED_PERCENT, speed + RAMP_PERCENT_PER_SECOND * stepSeconds);
        double fraction = speed / 100.0;
        flow = Math.max(0, RATED_FLOW_LPS * fraction * (1 + FLOW_NOISE_FRACTION * random.nextGaussian()));
        current = Math.max(0, RATED_CURRENT_A * fraction + CURRENT_NOISE_A * random.nextGaussian());
        dischargePressure = Math.max(0, staticPressure + HEAD_AT_FULL_SPEED_BAR * fraction * fraction
                + PRESSURE_NOISE_BAR * random.nextGaussian());
    }

    /** 1 or 2. */
    public int number() {
        return number;
    }

    public boolean running() {
        return running;
    }

    /** Drive speed, %. */
    public double speed() {
        return speed;
    }

    /** Motor current, A. */
    public double current() {
        return current;
    }

    /** Discharge pressure, bar. */
    public double dischargePressure() {
        return dischargePressure;
    }

    /** Flow pumped out of the well, L/s. */
    public double flow() {
        return flow;
    }

    /** The value of one of this pump's variables by its suffix ({@code running}, {@code speed}, ...), or null. */
    Object value(String suffix) {
        return switch (suffix) {
            case "running" -> running;
            case "speed" -> speed;
            case "current" -> current;
            case "discharge_pressure" -> dischargePressure;
            case "flow" -> flow;
            default -> null;
        };
    }
}
