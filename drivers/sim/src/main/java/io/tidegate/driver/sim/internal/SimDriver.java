package io.tidegate.driver.sim.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;

/**
 * The simulator driver: a sewage pump station and a three-phase energy meter that behave like the
 * real thing, seeded and predictable, for demos and CI. A device picks its model with the
 * {@code model} setting; see {@link SimSettings} for the rest.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=sim")
public final class SimDriver implements Driver {
    private final LongSupplier nanoTime;
    private final Clock wallClock;

    /** The OSGi component: real time. */
    public SimDriver() {
        this(System::nanoTime, Clock.systemUTC());
    }

    /**
     * A driver on given clocks, so tests advance time exactly and never sleep.
     *
     * @param nanoTime  monotonic nanoseconds, drives the simulation
     * @param wallClock stamps the samples
     */
    public SimDriver(LongSupplier nanoTime, Clock wallClock) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    @Override
    public DeviceSession open(Device device) throws DriverException {
        return new SimSession(device, SimSettings.of(device), nanoTime, wallClock);
    }
}
