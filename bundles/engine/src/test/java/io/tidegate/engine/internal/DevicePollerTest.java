package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Scaling;
import io.tidegate.api.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every poll yields one sample per point: good, or bad with the reason. Never silence. */
class DevicePollerTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private final Point pressure = new Point("pump1/pressure", "plc", "40001", DataType.INT16, "bar",
            new Scaling(0.01, 0), Access.READ, null, null, SECOND, Map.of(), "");
    private final Point running = Point.simple("pump1/running", "plc", "00001", DataType.BOOL, SECOND);
    private final Device device = new Device("plc", "fake", Map.of(), List.of(pressure, running));
    private final List<Point> points = List.of(pressure, running);
    private final FakeStore store = new FakeStore();
    private final FakeDriver driver = new FakeDriver();
    private final AtomicLong read = new AtomicLong();

    private DevicePoller poller(Optional<Driver> installed) {
        return new DevicePoller(device, name -> installed, new SampleSink(store, 1000), read);
    }

    @Test
    void goodReadIsScaledToEngineeringUnitsAndDeviceIsUp() {
        driver.raw = List.of(Value.of(DataType.INT16, 1234), Value.ofBoolean(true));
        DevicePoller poller = poller(Optional.of(driver));

        poller.poll(points);

        Sample p = store.samplesOf("pump1/pressure").get(0);
        assertEquals(DataType.FLOAT64, p.value().type(), "a scaled INT16 becomes FLOAT64");
        assertEquals(12.34, p.value().asDouble(), 1e-9);
        assertEquals(true, store.samplesOf("pump1/running").get(0).value().raw());
        assertEquals(DeviceHealth.State.UP, poller.health().state());
        assertEquals(2, read.get());
    }

    @Test
    void theNewestSampleOfEachPointIsKeptForLiveViewsGoodOrBad() {
        LatestSamples latest = new LatestSamples();
        DevicePoller poller = new DevicePoller(device, name -> Optional.of(driver), new SampleSink(store, 1000), read,
                latest);
        assertTrue(latest.get("pump1/pressure").isEmpty(), "nothing before the first poll");

        driver.raw = List.of(Value.of(DataType.INT16, 1234), Value.ofBoolean(true));
        poller.poll(points);
        assertEquals(12.34, latest.get("pump1/pressure").orElseThrow().value().asDouble(), 1e-9, "scaled value");

        driver.raw = List.of(Value.of(DataType.INT16, 1500), Value.ofBoolean(false));
        poller.poll(points);
        assertEquals(15.0, latest.get("pump1/pressure").orElseThrow().value().asDouble(), 1e-9, "replaced by the next poll");
        assertEquals(false, latest.get("pump1/running").orElseThrow().value().raw());

        driver.failure = new DriverException(Quality.Reason.COMM_FAILURE, "no answer");
        poller.poll(points);
        Sample bad = latest.get("pump1/pressure").orElseThrow();
        assertEquals(Quality.Reason.COMM_FAILURE, bad.quality().reason(), "a failed read shows as bad, not as the old value");
        assertNull(bad.value());
    }

    @Test
    void deviceNotAnsweringGivesBadSamplesForEveryPointWithTheReason() {
        driver.failure = new DriverException(Quality.Reason.COMM_FAILURE, "no answer from 10.0.0.5:502 in 1000 ms");
        DevicePoller poller = poller(Optional.of(driver));

        poller.poll(points);

        assertEquals(2, store.appended.size(), "one sample per point, never silence");
        for (Sample sample : store.appended) {
            assertFalse(sample.quality().isGood());
            assertNull(sample.value(), "no made-up value");
            assertEquals(Quality.Reason.COMM_FAILURE, sample.quality().reason());
            assertTrue(sample.quality().detail().contains("no answer from 10.0.0.5"), sample.quality().detail());
        }
        assertEquals(DeviceHealth.State.DOWN, poller.health().state());
        assertTrue(poller.health().lastError().contains("COMM_FAILURE"), poller.health().lastError());
    }

    @Test
    void aLostConnectionIsReopenedOnTheNextPoll() {
        DevicePoller poller = poller(Optional.of(driver));
        driver.raw = List.of(Value.of(DataType.INT16, 1), Value.ofBoolean(false));
        poller.poll(points);
        driver.failure = new DriverException(Quality.Reason.COMM_FAILURE, "connection reset");
        poller.poll(points);
        driver.failure = null;
        poller.poll(points);

        assertEquals(2, driver.opened, "the session was closed after the failure and opened again");
        assertEquals(DeviceHealth.State.UP, poller.health().state(), "good again without a restart");
    }

    @Test
    void aMissingDriverIsAConfigurationErrorOnEveryPoint() {
        DevicePoller poller = poller(Optional.empty());

        poller.poll(points);

        assertEquals(2, store.appended.size());
        assertTrue(store.appended.stream().allMatch(s -> s.quality().reason() == Quality.Reason.CONFIG_ERROR
                && s.quality().detail().contains("driver 'fake' is not installed")));
    }

    @Test
    void aDriverBugDoesNotStopPollingAndIsReportedAsBadQuality() {
        driver.bug = new IllegalStateException("index out of range in frame parser");
        DevicePoller poller = poller(Optional.of(driver));

        poller.poll(points);
        driver.bug = null;
        driver.raw = List.of(Value.of(DataType.INT16, 5), Value.ofBoolean(true));
        poller.poll(points);

        assertEquals(4, store.appended.size());
        assertTrue(store.appended.get(0).quality().detail().contains("frame parser"));
        assertTrue(store.appended.get(2).quality().isGood(), "the next poll reads normally");
    }

    @Test
    void onePointFailingLeavesTheOthersGoodAndTheDeviceDegraded() {
        driver.raw = java.util.Arrays.asList(Value.of(DataType.INT16, 7), null);
        DevicePoller poller = poller(Optional.of(driver));

        poller.poll(points);

        assertTrue(store.samplesOf("pump1/pressure").get(0).quality().isGood());
        assertEquals(Quality.Reason.DEVICE_EXCEPTION, store.samplesOf("pump1/running").get(0).quality().reason());
        assertEquals(DeviceHealth.State.DEGRADED, poller.health().state());
    }

    @Test
    void aDriverThatReturnsTheWrongNumberOfSamplesIsCaught() {
        driver.raw = List.of(Value.of(DataType.INT16, 7));
        DevicePoller poller = poller(Optional.of(driver));

        poller.poll(points);

        assertEquals(2, store.appended.size());
        assertTrue(store.appended.stream().allMatch(s -> s.quality().detail().contains("returned 1 samples for 2")));
    }

    @Test
    void stoppingClosesTheSessionOnceAfterTheLastRead() throws Exception {
        driver.raw = List.of(Value.of(DataType.INT16, 1), Value.ofBoolean(true));
        Point fast = new Point("pump1/pressure", "plc", "40001", DataType.INT16, "bar", Scaling.IDENTITY,
                Access.READ, null, null, Duration.ofMillis(10), Map.of(), "");
        Point fastBool = Point.simple("pump1/running", "plc", "00001", DataType.BOOL, Duration.ofMillis(10));
        Device polled = new Device("plc", "fake", Map.of(), List.of(fast, fastBool));
        DevicePoller poller = new DevicePoller(polled, name -> Optional.of(driver), new SampleSink(store, 1000), read);

        poller.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (driver.reads < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        poller.requestStop();
        poller.awaitStop(5000);
        int readsAtStop = driver.reads;
        Thread.sleep(50);

        assertTrue(readsAtStop >= 5, "polled repeatedly before the stop: " + readsAtStop);
        assertEquals(1, driver.closed, "the session is closed exactly once");
        assertEquals(0, driver.readsAfterClose, "no read after the session was closed");
        assertEquals(readsAtStop, driver.reads, "no poll after stop");
    }

    @Test
    void aWriteRunsOnTheDevicesPollThreadAndReportsTheDriversRefusal() throws Exception {
        DevicePoller poller = poller(Optional.of(driver));
        poller.write(running, Value.ofBoolean(true)).get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("pump1/running=true on tidegate-poll-plc"), driver.writes);

        driver.failure = new DriverException(Quality.Reason.DEVICE_EXCEPTION, "exception 03: illegal value");
        var failed = poller.write(running, Value.ofBoolean(false));
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failed.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("exception 03: illegal value", e.getCause().getMessage());

        poller.requestStop();
        poller.awaitStop(5000);
        var afterStop = poller.write(running, Value.ofBoolean(true));
        assertTrue(afterStop.isCompletedExceptionally(), "a stopped device takes no write");
    }

    @Test
    void aSessionThatCanSubscribeIsNotPolledAndItsPushedSamplesAreScaledAndStored() throws Exception {
        driver.subscribing = true;
        DevicePoller poller = new DevicePoller(fastDevice(), name -> Optional.of(driver), new SampleSink(store, 1000),
                read);

        poller.start();
        awaitUntil(() -> driver.sink != null);
        driver.sink.accept(List.of(Sample.good("pump1/pressure", Value.of(DataType.INT16, 250), 7)));
        awaitUntil(() -> store.appended.size() == 1);
        Thread.sleep(100); // ten poll intervals: a polled device would have been read by now
        poller.requestStop();
        poller.awaitStop(5000);

        assertEquals(0, driver.reads, "a subscribed device is not polled");
        assertEquals(List.of("pump1/pressure", "pump1/running"), driver.subscribedPoints, "all points subscribed");
        Sample pushed = store.appended.get(0);
        assertEquals(2.5, pushed.value().asDouble(), 1e-9, "scaled like a polled sample");
        assertEquals(7, pushed.sourceTime(), "the driver's source time is kept");
        assertEquals(DeviceHealth.State.UP, poller.health().state());
        assertEquals(1, driver.subscriptionsClosed, "stopping closes the subscription");
        assertEquals(1, driver.closed, "and then the session");
    }

    @Test
    void aSubscriptionThatCannotBeMadeGivesBadSamplesAndIsTriedAgain() throws Exception {
        driver.subscribing = true;
        driver.subscribeFailure = new DriverException(Quality.Reason.COMM_FAILURE, "server not answering");
        Point slowPressure = new Point("pump1/pressure", "plc", "40001", DataType.INT16, "bar", Scaling.IDENTITY,
                Access.READ, null, null, Duration.ofMillis(10), Map.of(), "");
        Device pushing = new Device("plc", "fake", Map.of(), List.of(slowPressure));
        DevicePoller poller = new DevicePoller(pushing, name -> Optional.of(driver), new SampleSink(store, 1000), read);

        poller.start();
        awaitUntil(() -> store.appended.size() >= 1);
        driver.subscribeFailure = null;
        awaitUntil(() -> driver.sink != null); // retried after a second
        poller.requestStop();
        poller.awaitStop(5000);

        Sample bad = store.appended.get(0);
        assertEquals(Quality.Reason.COMM_FAILURE, bad.quality().reason());
        assertTrue(bad.quality().detail().contains("server not answering"), bad.quality().detail());
        assertEquals(2, driver.opened, "the failed session was closed and a new one opened for the retry");
    }

    private Device fastDevice() {
        Point fast = new Point("pump1/pressure", "plc", "40001", DataType.INT16, "bar", new Scaling(0.01, 0),
                Access.READ, null, null, Duration.ofMillis(10), Map.of(), "");
        Point fastBool = Point.simple("pump1/running", "plc", "00001", DataType.BOOL, Duration.ofMillis(10));
        return new Device("plc", "fake", Map.of(), List.of(fast, fastBool));
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /** A driver whose next read returns given raw values (null = that point fails) or throws. */
    private static final class FakeDriver implements Driver {
        List<Value> raw = List.of();
        DriverException failure;
        RuntimeException bug;
        volatile int opened;
        volatile int reads;
        volatile int closed;
        volatile int readsAfterClose;
        final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean subscribing;
        volatile DriverException subscribeFailure;
        volatile java.util.function.Consumer<List<Sample>> sink;
        volatile List<String> subscribedPoints;
        volatile int subscriptionsClosed;

        @Override
        public DeviceSession open(Device device) {
            opened++;
            return new DeviceSession() {
                private boolean open = true;

                @Override
                public List<Sample> read(List<Point> points) throws DriverException {
                    reads++;
                    if (!open) {
                        readsAfterClose++;
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    if (bug != null) {
                        throw bug;
                    }
                    List<Sample> samples = new ArrayList<>();
                    for (int i = 0; i < raw.size(); i++) {
                        String id = points.get(i).id();
                        samples.add(raw.get(i) == null
                                ? Sample.bad(id, Quality.bad(Quality.Reason.DEVICE_EXCEPTION, "exception 02"), 1)
                                : Sample.good(id, raw.get(i), 1));
                    }
                    return samples;
                }

                @Override
                public void write(Point point, Value value) throws DriverException {
                    if (failure != null) {
                        throw failure;
                    }
                    writes.add(point.id() + "=" + value + " on " + Thread.currentThread().getName());
                }

                @Override
                public boolean canSubscribe() {
                    return subscribing;
                }

                @Override
                public AutoCloseable subscribe(List<Point> points, java.util.function.Consumer<List<Sample>> s)
                        throws DriverException {
                    if (subscribeFailure != null) {
                        throw subscribeFailure;
                    }
                    subscribedPoints = points.stream().map(Point::id).toList();
                    sink = s;
                    return () -> subscriptionsClosed++;
                }

                @Override
                public void close() {
                    open = false;
                    closed++;
                }
            };
        }
    }
}
