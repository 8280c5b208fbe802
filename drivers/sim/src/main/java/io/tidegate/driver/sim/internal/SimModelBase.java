package io.tidegate.driver.sim.internal;

import java.util.List;

/**
 * What every simulated device shares: its name and variables, the count of physics steps taken,
 * and the watchdog counter of answered reads. A model only says how one step changes its state.
 */
abstract class SimModelBase implements SimModel {
    private final String name;
    private final String label;
    private final List<SimVariable> variables;
    private final WatchdogCounter heartbeat = new WatchdogCounter();
    private long steps;

    SimModelBase(String name, String label, List<SimVariable> variables) {
        this.name = name;
        this.label = label;
        this.variables = variables;
    }

    @Override
    public final void step() {
        steps++;
        advance();
    }

    /** Moves the physics on by one step of {@value SimModel#STEP_SECONDS} s; {@link #steps()} already counts it. */
    protected abstract void advance();

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final List<SimVariable> variables() {
        return variables;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final void countAnsweredRead() {
        heartbeat.increment();
    }

    @Override
    public final long heartbeat() {
        return heartbeat.value();
    }
}
