package io.tidegate.driver.sim.internal;

import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Value;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A simulated field device: its physics advances in fixed steps of {@value #STEP_SECONDS} s of
 * simulated time, and its state is a pure function of (seed, steps taken). The only other state is
 * the heartbeat, which counts answered reads like a PLC watchdog counter.
 */
public interface SimModel {
    /** Simulated time one {@link #step()} covers, in seconds. */
    double STEP_SECONDS = 0.1;

    /** The same step in nanoseconds, for converting elapsed real time into steps. */
    long STEP_NANOS = 100_000_000L;

    /** The model name a device's {@code model} setting uses, e.g. {@code pump-station}. */
    String name();

    /** How messages call this device, e.g. "simulated pump station". */
    String label();

    /** Everything this model can be asked for, in a stable order. */
    List<SimVariable> variables();

    /** Advances the physics by one step. */
    void step();

    /** Steps taken since the model was created. */
    long steps();

    /** Simulated seconds since the model was created. */
    default double simulatedSeconds() {
        return steps() * STEP_SECONDS;
    }

    /** Counts one answered read call on the heartbeat (wraps like a UINT32). */
    void countAnsweredRead();

    /** The current heartbeat counter. */
    long heartbeat();

    /**
     * The current value of a variable as the device holds it: a Boolean, a Double or a Long; null
     * when the address is not one of {@link #variables()}.
     */
    Object value(String address);

    /**
     * Writes a setpoint.
     *
     * @throws DriverException CONFIG_ERROR when the address is unknown or read-only, DEVICE_EXCEPTION
     *         when the device refuses the value
     */
    void write(String address, Value value) throws DriverException;

    /** The addresses, comma-separated, for error messages. */
    default String addressList() {
        return variables().stream().map(SimVariable::address).collect(Collectors.joining(", "));
    }

    /** True when the address names one of this model's variables. */
    default boolean knows(String address) {
        return variables().stream().anyMatch(v -> v.address().equals(address));
    }

    /**
     * Why a write to {@code address} is refused when the model does not take it: a typo gets the
     * list of valid addresses, a real read-only address says so.
     */
    default DriverException writeRefused(String address) {
        return knows(address)
                ? new DriverException(Reason.CONFIG_ERROR, address + " is read-only on the " + label())
                : new DriverException(Reason.CONFIG_ERROR,
                        address + " is not an address of the " + label() + "; valid addresses: " + addressList());
    }
}
