package io.tidegate.driver.sim.internal;

import java.util.Random;

/**
 * Noise that wanders and drifts back to zero (a discretised Ornstein-Uhlenbeck process), so a
 * simulated signal looks like a real one rather than like white noise jumping every sample.
 * The update keeps the long-run standard deviation at exactly {@code sd} whatever the step size.
 */
final class MeanRevertingNoise {
    private final double keep;
    private final double kick;
    private double value;

    /**
     * @param sd              long-run standard deviation
     * @param timeConstantSec how long a deviation takes to fade to 1/e
     * @param stepSec         time between updates
     */
    MeanRevertingNoise(double sd, double timeConstantSec, double stepSec) {
        this.keep = Math.exp(-stepSec / timeConstantSec);
        this.kick = sd * Math.sqrt(1 - keep * keep);
    }

    /** Advances one step, drawing one Gaussian from {@code random}, and returns the new value. */
    double next(Random random) {
        value = value * keep + kick * random.nextGaussian();
        return value;
    }

    double value() {
        return value;
    }
}
