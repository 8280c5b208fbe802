package io.tidegate.engine.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Polls one device: each group of points sharing an interval is read at that interval, all on the
 * device's own thread, so a slow or dead device never delays another one and requests to one
 * device never overlap. Every read yields one sample per point; a failed read yields bad samples
 * with the reason, never silence. A driver whose session can subscribe (OPC UA) is not polled: it
 * pushes changes, which are scaled and stored on the same device thread.
 */
final class DevicePoller {
    private static final Logger LOG = System.getLogger(DevicePoller.class.getName());

    private final Device device;
    private final Function<String, Optional<Driver>> drivers;
    private final SampleSink sink;
    private final AtomicLong samplesRead;
    private final LatestSamples latest;
    private final ScheduledThreadPoolExecutor thread;
    private final Map<String, Point> pointsById = new HashMap<>();
    private volatile DeviceSession session;
    /** The driver's subscription while the device pushes its changes; null while polled. */
    private volatile AutoCloseable subscription;
    private volatile DeviceHealth health;

    DevicePoller(Device device, Function<String, Optional<Driver>> drivers, SampleSink sink, AtomicLong samplesRead) {
        this(device, drivers, sink, samplesRead, new LatestSamples());
    }

    DevicePoller(Device device, Function<String, Optional<Driver>> drivers, SampleSink sink, AtomicLong samplesRead,
                 LatestSamples latest) {
        this.device = device;
        this.drivers = drivers;
        this.sink = sink;
        this.samplesRead = samplesRead;
        device.points().forEach(p -> pointsById.put(p.id(), p));
        this.latest = latest;
        this.health = new DeviceHealth(device.id(), DeviceHealth.State.DOWN, "not read yet", System.currentTimeMillis());
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tidegate-poll-" + device.id());
            t.setDaemon(true);
            return t;
        });
        // On stop, polls already queued are cancelled rather than run one last time.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void start() {
        schedule(this::begin, 0);
    }

    /**
     * Opens the session and lets the driver push changes when it can (OPC UA subscriptions);
     * otherwise, or when its settings ask for polling, polls each group at its interval. While no
     * session opens, every point gets a bad sample per attempt and the attempt repeats.
     */
    private void begin() {
        DeviceSession opened;
        try {
            opened = openSession();
            if (opened.canSubscribe()) {
                subscription = opened.subscribe(device.points(), this::pushed);
                LOG.log(Level.INFO, "device {0}: subscribed to {1} points", device.id(), device.points().size());
                return;
            }
        } catch (DriverException e) {
            deliver(allBad(device.points(), e.reason(), e.getMessage()));
            closeSession();
            schedule(this::begin, retryMillis());
            return;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "driver " + device.driver() + " failed opening " + device.id(), e);
            deliver(allBad(device.points(), Quality.Reason.CONFIG_ERROR, "driver error: " + e));
            closeSession();
            schedule(this::begin, retryMillis());
            return;
        }
        for (Map.Entry<Duration, List<Point>> group : groupsByInterval().entrySet()) {
            schedule(group.getValue(), group.getKey().toMillis(), System.nanoTime());
        }
    }

    /** Samples a subscription pushed, from the driver's thread: handled on the device's own thread. */
    private void pushed(List<Sample> samples) {
        try {
            thread.execute(() -> deliver(scale(samples)));
        } catch (RejectedExecutionException stopping) {
            // stopping: the subscription is being closed
        }
    }

    /** Between attempts to open a session: the shortest poll interval, but at least a second. */
    private long retryMillis() {
        long shortest = device.points().stream().mapToLong(p -> p.pollInterval().toMillis()).min().orElse(1000);
        return Math.max(1000, shortest);
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            thread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() was called
        }
    }

    /**
     * Runs one poll of a group, then schedules the next one period after this one was due. A read
     * that overran (a dead device timing out) makes the next poll start at once, but never a burst
     * of catch-up polls that would hammer a device the moment it recovers.
     */
    private void schedule(List<Point> points, long periodMillis, long dueNanos) {
        long delay = Math.max(0, dueNanos - System.nanoTime());
        try {
            thread.schedule(() -> {
                poll(points);
                long next = dueNanos + TimeUnit.MILLISECONDS.toNanos(periodMillis);
                schedule(points, periodMillis, Math.max(next, System.nanoTime()));
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() was called; no more polls
        }
    }

    /** Stops polling: queued polls are cancelled, a read in progress finishes. */
    void requestStop() {
        thread.shutdown();
    }

    /**
     * Waits for the poll thread to finish, then closes the session. A read stuck past the timeout
     * is interrupted, and closing the session under it is what frees it.
     */
    void awaitStop(long timeoutMillis) {
        try {
            if (!thread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "device {0}: a read did not finish within {1} ms of stopping; interrupting it",
                        device.id(), timeoutMillis);
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closeSession();
    }

    /** The driver went away: drop the session (on the poll thread) so the next poll opens a new one. */
    void dropSession() {
        try {
            thread.execute(() -> {
                boolean wasSubscribed = subscription != null;
                closeSession();
                if (wasSubscribed) {
                    // nothing polls a subscribed device, so open and subscribe again (perhaps to the new driver)
                    schedule(this::begin, retryMillis());
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the poller is stopping and closes its session anyway
        }
    }

    /**
     * Writes a raw value on the device's own thread, between polls, so a write never overlaps a read
     * of the same device. Completes exceptionally with the driver's error.
     */
    CompletableFuture<Void> write(Point point, Value raw) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    openSession().write(point, raw);
                    done.complete(null);
                } catch (DriverException e) {
                    if (e.reason() == Quality.Reason.COMM_FAILURE) {
                        closeSession();
                    }
                    done.completeExceptionally(e);
                } catch (Throwable e) {
                    LOG.log(Level.ERROR, "driver " + device.driver() + " failed writing " + point.id(), e);
                    done.completeExceptionally(new DriverException(Quality.Reason.CONFIG_ERROR, "driver error: " + e));
                }
            });
        } catch (RejectedExecutionException stopping) {
            done.completeExceptionally(new DriverException(Quality.Reason.COMM_FAILURE,
                    "device " + device.id() + " is stopping"));
        }
        return done;
    }

    String driverName() {
        return device.driver();
    }

    DeviceHealth health() {
        return health;
    }

    private Map<Duration, List<Point>> groupsByInterval() {
        Map<Duration, List<Point>> groups = new LinkedHashMap<>();
        for (Point point : device.points()) {
            groups.computeIfAbsent(point.pollInterval(), i -> new ArrayList<>()).add(point);
        }
        return groups;
    }

    /**
     * Reads one group; never throws, or polling of the group would stop silently. Even an Error from
     * a driver (a class missing after a driver update, a native library failing) becomes bad samples.
     */
    void poll(List<Point> points) {
        List<Sample> samples;
        try {
            samples = scale(points, openSession().read(points));
        } catch (DriverException e) {
            samples = allBad(points, e.reason(), e.getMessage());
            if (e.reason() == Quality.Reason.COMM_FAILURE) {
                closeSession();
            }
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "driver " + device.driver() + " failed reading " + device.id(), e);
            samples = allBad(points, Quality.Reason.CONFIG_ERROR, "driver error: " + e);
            closeSession();
        }
        deliver(samples);
    }

    private void deliver(List<Sample> samples) {
        try {
            updateHealth(samples);
            latest.record(samples);
            samplesRead.addAndGet(samples.size());
            sink.accept(samples);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "device " + device.id() + ": samples could not be handed to the store", e);
        }
    }

    private DeviceSession openSession() throws DriverException {
        if (session == null) {
            Driver driver = drivers.apply(device.driver()).orElseThrow(() -> new DriverException(
                    Quality.Reason.CONFIG_ERROR, "driver '" + device.driver() + "' is not installed"));
            session = driver.open(device);
        }
        return session;
    }

    private void closeSession() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "device {0}: closing the subscription failed: {1}", device.id(), e.toString());
            }
            subscription = null;
        }
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "device {0}: closing the session failed: {1}", device.id(), e.toString());
            }
            session = null;
        }
    }

    /** Applies each point's linear scaling to good numeric raw values. */
    private static List<Sample> scale(List<Point> points, List<Sample> raw) throws DriverException {
        if (raw.size() != points.size()) {
            throw new DriverException(Quality.Reason.CONFIG_ERROR,
                    "driver returned " + raw.size() + " samples for " + points.size() + " points");
        }
        List<Sample> scaled = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            scaled.add(scale(points.get(i), raw.get(i)));
        }
        return scaled;
    }

    /** Scales pushed samples, which name their points and may be any subset of the device's. */
    private List<Sample> scale(List<Sample> raw) {
        List<Sample> scaled = new ArrayList<>(raw.size());
        for (Sample sample : raw) {
            Point point = pointsById.get(sample.pointId());
            if (point == null) {
                LOG.log(Level.WARNING, "device {0}: driver pushed a sample of unknown point {1}; dropped", device.id(),
                        sample.pointId());
                continue;
            }
            scaled.add(scale(point, sample));
        }
        return scaled;
    }

    private static Sample scale(Point point, Sample sample) {
        if (sample.value() != null && point.type().isNumeric() && !point.scaling().isIdentity()) {
            double engineering = point.scaling().toEngineering(sample.value().asDouble());
            return sample.withValue(Value.of(DataType.FLOAT64, engineering));
        }
        return sample;
    }

    private static List<Sample> allBad(List<Point> points, Quality.Reason reason, String detail) {
        long now = System.currentTimeMillis();
        Quality quality = Quality.bad(reason, detail);
        List<Sample> samples = new ArrayList<>(points.size());
        for (Point point : points) {
            samples.add(Sample.bad(point.id(), quality, now));
        }
        return samples;
    }

    private void updateHealth(List<Sample> samples) {
        long bad = samples.stream().filter(s -> !s.quality().isGood()).count();
        DeviceHealth.State state = bad == 0 ? DeviceHealth.State.UP
                : bad == samples.size() ? DeviceHealth.State.DOWN : DeviceHealth.State.DEGRADED;
        String error = samples.stream().filter(s -> !s.quality().isGood()).findFirst()
                .map(s -> s.quality().reason() + ": " + s.quality().detail()).orElse(health.lastError());
        if (state != health.state()) {
            LOG.log(state == DeviceHealth.State.UP ? Level.INFO : Level.WARNING, "device {0} is {1}{2}", device.id(),
                    state, state == DeviceHealth.State.UP ? "" : " (" + error + ")");
            health = new DeviceHealth(device.id(), state, error, System.currentTimeMillis());
        } else if (!error.equals(health.lastError())) {
            health = new DeviceHealth(device.id(), state, error, health.since());
        }
    }
}
