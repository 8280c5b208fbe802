package io.tidegate.driver.sim.internal;

import java.util.function.LongSupplier;

/**
 * Turns real time elapsed since a session opened into the number of simulation steps due.
 * It reads a monotonic nanosecond source, not the wall clock, so that an NTP correction never
 * makes the simulation jump or stall; tests hand in a fake source and never sleep.
 */
final class SimulationClock {
    private final LongSupplier nanoTime;
    private final double speedup;
    private final long startNanos;

    SimulationClock(LongSupplier nanoTime, double speedup) {
        this.nanoTime = nanoTime;
        this.speedup = speedup;
        this.startNanos = nanoTime.getAsLong();
    }

    /** Steps the model should have taken by now: floor(elapsed × speedup / step). */
    long stepsDue() {
        long elapsed = Math.max(0, nanoTime.getAsLong() - startNanos);
        // The tiny epsilon keeps an exact multiple (say 1 s × 1.0 / 0.1 s) from landing on 9.999...
        return (long) Math.floor(elapsed * speedup / SimModel.STEP_NANOS + 1e-9);
    }
}
