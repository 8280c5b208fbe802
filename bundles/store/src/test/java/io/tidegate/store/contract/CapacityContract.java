package io.tidegate.store.contract;

import static io.tidegate.store.contract.TestSamples.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoredSample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a store with a capacity limit must do when the uplink is down long enough to fill it:
 * drop only by its configured policy, drop the oldest telemetry first and never an alarm or event
 * while telemetry is left, never a sample in flight, count every drop per point and report it
 * upstream as {@link GatewayPoints#STORE_EVENT} samples in the priority lane; or, under
 * reject-new, refuse new telemetry with a clear error, keep taking alarms, and take telemetry
 * again once the backlog has been delivered. Bindings open a store whose limit is reached after
 * roughly {@link #LIMIT_SAMPLES} of the {@link TestSamples} samples.
 */
public abstract class CapacityContract {

    /** About how many samples fill a binding's limited store. */
    protected static final int LIMIT_SAMPLES = 20_000;
    /** Samples appended while the uplink is down: far more than fit. */
    private static final int FLOOD = 5 * LIMIT_SAMPLES;
    private static final Pattern DROP_EVENT = Pattern.compile("^(\\d+) samples? of (\\S+) dropped (from|at) ");

    public enum Policy { DROP_OLDEST, REJECT_NEW }

    @TempDir
    protected Path dir;

    private final List<SampleStore> opened = new ArrayList<>();

    /** Opens a store in {@code dir} whose limit is reached after roughly {@link #LIMIT_SAMPLES} samples. */
    protected abstract SampleStore openLimited(Path dir, Policy policy) throws Exception;

    private SampleStore open(Policy policy) throws Exception {
        SampleStore store = openLimited(dir, policy);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() throws Exception {
        for (SampleStore store : opened) {
            if (store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** Appends samples 0..n-1 of points a and b, interleaved, 500 per append, like a poll loop. */
    private static void flood(SampleStore store, int n) throws StoreException {
        for (int from = 0; from < n; from += 250) {
            List<Sample> batch = new ArrayList<>(500);
            for (int i = from; i < Math.min(n, from + 250); i++) {
                batch.add(sample("a", i));
                batch.add(sample("b", i));
            }
            store.append(batch);
        }
    }

    /** Everything the store holds, split by point id; events counted per point they report on. */
    private record Contents(Map<String, List<Sample>> byPoint, Map<String, Long> droppedPerEvents, long lastDropTotal) {
        List<Sample> of(String point) {
            return byPoint.getOrDefault(point, List.of());
        }
    }

    private static Contents contents(List<StoredSample> stored) {
        Map<String, List<Sample>> byPoint = new HashMap<>();
        Map<String, Long> dropped = new HashMap<>();
        long lastTotal = -1;
        for (StoredSample s : stored) {
            Sample sample = s.sample();
            byPoint.computeIfAbsent(sample.pointId(), k -> new ArrayList<>()).add(sample);
            if (sample.pointId().equals(GatewayPoints.STORE_EVENT.id())) {
                String text = (String) sample.value().raw();
                Matcher m = DROP_EVENT.matcher(text);
                assertTrue(m.find(), () -> "not a drop event: " + text);
                dropped.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
            } else if (sample.pointId().equals(GatewayPoints.STORE_DROPPED.id())) {
                lastTotal = sample.value().asLong();
            }
        }
        return new Contents(byPoint, dropped, lastTotal);
    }

    /** Samples of one point are the newest ones, in order, up to the last one appended. */
    private static void assertNewestTail(List<Sample> kept, String point, int appended) {
        assertTrue(!kept.isEmpty(), point + ": the newest samples are kept");
        int first = appended - kept.size();
        assertEquals(samples(point, first, appended), kept, point + ": a contiguous run of the newest, in order");
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsAndReportsEveryDropPerPoint() throws Exception {
        SampleStore store = open(Policy.DROP_OLDEST);

        flood(store, FLOOD);

        // Everything handed out first: rows in flight are never dropped, so the count cannot move after.
        Contents held = contents(store.next(Integer.MAX_VALUE));
        long dropped = store.stats().dropped();
        assertTrue(dropped > 0, "the store dropped to stay within its limit");
        for (String point : List.of("a", "b")) {
            List<Sample> kept = held.of(point);
            assertNewestTail(kept, point, FLOOD);
            assertEquals(FLOOD - kept.size(), held.droppedPerEvents().getOrDefault(point, 0L),
                    point + ": every dropped sample is reported in a drop event");
        }
        assertTrue(held.of("a").size() + held.of("b").size() < FLOOD, "bounded: far fewer held than appended");
        assertEquals(dropped, held.lastDropTotal(), "the drop counter upstream says how many in total");
        assertEquals(2 * FLOOD - held.of("a").size() - held.of("b").size(), dropped, "stats count every drop");
    }

    @Test
    void dropEventsGoAheadOfTelemetry() throws Exception {
        SampleStore store = open(Policy.DROP_OLDEST);

        flood(store, FLOOD);

        List<StoredSample> first = store.next(1);
        String point = first.get(0).sample().pointId();
        assertTrue(GatewayPoints.isGatewayPoint(point), "a drop report comes first, got " + point);
    }

    @Test
    void alarmsAreNeverDroppedWhileTelemetryIsLeft() throws Exception {
        SampleStore store = open(Policy.DROP_OLDEST);
        store.append(samples("alarm", 0, 50), Lane.PRIORITY);

        flood(store, FLOOD);

        Contents held = contents(store.next(Integer.MAX_VALUE));
        assertEquals(samples("alarm", 0, 50), held.of("alarm"), "every alarm kept, in order");
        assertEquals(0L, held.droppedPerEvents().getOrDefault("alarm", 0L));
        assertTrue(store.stats().dropped() > 0, "telemetry was dropped instead");
    }

    @Test
    void samplesInFlightAreNotDropped() throws Exception {
        SampleStore store = open(Policy.DROP_OLDEST);
        store.append(samples("early", 0, 1000));
        List<StoredSample> inFlight = store.next(1000);

        flood(store, FLOOD);
        store.acknowledge(idsOf(inFlight));

        assertEquals(1000, store.stats().acknowledged(), "all 1000 were still there to acknowledge");
        assertTrue(store.stats().dropped() > 0);
    }

    @Test
    void rejectNewRefusesTelemetryWithAClearErrorTakesAlarmsAndRecoversOnceDelivered() throws Exception {
        SampleStore store = open(Policy.REJECT_NEW);
        StoreException refused = null;
        int accepted = 0;
        for (int i = 0; i < FLOOD && refused == null; i++) {
            try {
                store.append(samples("a", 100 * i, 100 * i + 100));
                accepted += 100;
            } catch (StoreException e) {
                refused = e;
            }
        }
        assertNotNull(refused, "a full store refuses telemetry");
        assertTrue(refused.getMessage().contains("full") && refused.getMessage().contains("reject-new"),
                refused.getMessage());

        store.append(samples("alarm", 0, 3), Lane.PRIORITY);

        List<StoredSample> backlog = store.next(Integer.MAX_VALUE);
        Contents held = contents(backlog);
        assertEquals(samples("alarm", 0, 3), held.of("alarm"), "alarms still go in");
        assertEquals(samples("a", 0, accepted), held.of("a"), "every accepted sample kept, in order");
        assertEquals(0, store.stats().dropped(), "reject-new drops nothing it accepted");

        store.acknowledge(idsOf(backlog));
        try {
            store.append(samples("a", accepted, accepted + 100));
        } catch (StoreException e) {
            fail("once the backlog is delivered the store takes telemetry again, but: " + e.getMessage());
        }
        assertEquals(samples("a", accepted, accepted + 100), samplesOf(store.next(Integer.MAX_VALUE)));
    }
}
