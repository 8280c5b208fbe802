package io.tidegate.driver.sim.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A session with one simulated device. Each call first brings the physics up to "now" (real time
 * since open × speedup), then answers from the model, so what a poll sees depends only on the seed
 * and on when it polled.
 */
public final class SimSession implements DeviceSession {
    /**
     * Most steps one call will catch up: about 28 simulated hours, a fraction of a second of work.
     * A huge speedup after a long pause must not freeze the poll thread; the simulation then lags
     * behind real time × speedup and catches up over later polls.
     */
    static final long MAX_CATCH_UP_STEPS = 1_000_000L;

    private final Device device;
    private final SimModel model;
    private final SimulationClock simulationClock;
    private final Clock wallClock;
    private final FaultSwitch faultSwitch;
    private boolean closed;

    SimSession(Device device, SimSettings settings, LongSupplier nanoTime, Clock wallClock) {
        this.device = device;
        this.model = SimModels.create(settings);
        this.simulationClock = new SimulationClock(nanoTime, settings.speedup());
        this.wallClock = wallClock;
        this.faultSwitch = new FaultSwitch(settings.faultFile());
    }

    @Override
    public synchronized List<Sample> read(List<Point> points) throws DriverException {
        ensureAnswering();
        catchUp();
        model.countAnsweredRead(); // before reading, so the heartbeat read in this batch is this call's
        long now = wallClock.millis();
        List<Sample> samples = new ArrayList<>(points.size());
        for (Point point : points) {
            Object raw = model.value(point.address());
            if (raw == null) {
                samples.add(TypedSamples.bad(point, Reason.CONFIG_ERROR, "unknown address '" + point.address()
                        + "' on the " + model.label() + "; valid addresses: " + model.addressList(), now));
            } else {
                samples.add(TypedSamples.of(point, raw, now));
            }
        }
        return samples;
    }

    @Override
    public synchronized void write(Point point, Value raw) throws DriverException {
        ensureAnswering();
        catchUp(); // the setpoint takes effect from now on, not from the last poll
        model.write(point.address(), raw);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** The model behind this session, so a test can look at the physics directly. */
    public synchronized SimModel model() {
        return model;
    }

    private void ensureAnswering() throws DriverException {
        if (closed) {
            throw new DriverException(Reason.COMM_FAILURE, "session to simulated device '" + device.id()
                    + "' is closed");
        }
        if (faultSwitch.isSet()) {
            throw new DriverException(Reason.COMM_FAILURE, "device '" + device.id() + "' (" + model.label()
                    + ") not answering (fault switch " + faultSwitch.path() + " is set)");
        }
    }

    private void catchUp() {
        long due = Math.min(simulationClock.stepsDue(), model.steps() + MAX_CATCH_UP_STEPS);
        while (model.steps() < due) {
            model.step();
        }
    }
}
