package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * While the store refuses appends, the newest samples wait in memory and are written, in order,
 * when it recovers; the store alarm goes up and comes down, and what the ring dropped is reported.
 */
class SampleSinkTest {
    private static final String POINT = "meter/energy";
    private final FakeStore store = new FakeStore();

    private static List<Sample> batch(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> Sample.good(POINT, Value.of(DataType.INT64, i), 1_763_700_000_000L + i * 1000L)).toList();
    }

    private List<Integer> readings() {
        return store.samplesOf(POINT).stream().map(s -> (int) s.value().asLong()).toList();
    }

    private List<Boolean> alarms() {
        return store.samplesOf(GatewayPoints.STORE_ALARM.id()).stream().map(s -> (Boolean) s.value().raw()).toList();
    }

    private List<String> events() {
        return store.samplesOf(GatewayPoints.STORE_EVENT.id()).stream().map(s -> (String) s.value().raw()).toList();
    }

    @Test
    void samplesHeldDuringAStoreOutageAreWrittenInOrderWhenItRecovers() {
        SampleSink sink = new SampleSink(store, 1000);
        sink.accept(batch(0, 3));
        store.failure = "disk full: /var/lib/tidegate/queue.db";
        sink.accept(batch(3, 3));
        sink.accept(batch(6, 3));
        assertEquals(6, sink.held());

        store.failure = null;
        sink.accept(batch(9, 3));

        assertEquals(0, sink.held());
        assertEquals(IntStream.range(0, 12).boxed().toList(), readings());
        assertEquals(12, sink.stored());
        assertEquals(0, sink.dropped());
        assertEquals(List.of(), events(), "nothing dropped, nothing to report");
    }

    @Test
    void aFullDiskRaisesTheStoreAlarmOnceTheStoreTakesItAndClearsItOnRecovery() {
        SampleSink sink = new SampleSink(store, 1000);
        store.failure = "disk full";
        sink.accept(batch(0, 3));
        sink.accept(batch(3, 3));
        assertTrue(sink.alarmRaised());
        assertEquals(List.of(), alarms(), "a full disk takes nothing, not even the alarm: it waits in memory");

        store.failure = null;
        sink.accept(batch(6, 1));

        assertFalse(sink.alarmRaised());
        assertEquals(List.of(true, false), alarms(), "raised during the outage, cleared after");
        assertEquals(IntStream.range(0, 7).boxed().toList(), readings());
    }

    @Test
    void whenTheStoreRejectsOnlyTelemetryTheAlarmGoesUpAtOnce() {
        SampleSink sink = new SampleSink(store, 1000);
        store.telemetryFailure = "the sample store is full (capacity policy reject-new)";
        sink.accept(batch(0, 3));

        assertEquals(List.of(true), alarms(), "the alarm is in the store while readings are refused");
        assertEquals(List.of(), readings());

        store.telemetryFailure = null;
        sink.accept(batch(3, 1));
        assertEquals(List.of(true, false), alarms());
        assertEquals(List.of(0, 1, 2, 3), readings());
    }

    @Test
    void aLongOutageKeepsTheNewestAndCountsAndReportsWhatItDrops() {
        SampleSink sink = new SampleSink(store, 5);
        store.failure = "disk full";
        sink.accept(batch(0, 4));
        sink.accept(batch(4, 4));

        assertEquals(5, sink.held());
        assertEquals(3, sink.dropped(), "every drop is counted");
        store.failure = null;
        sink.accept(List.of());

        assertEquals(List.of(3, 4, 5, 6, 7), readings());
        assertEquals(1, events().size(), events().toString());
        String report = events().get(0);
        assertTrue(report.startsWith("3 samples of meter/energy dropped from 2025-11-21T04:40:00Z to 2025-11-21T04:40:02Z: "
                + "the store refused readings"), report);
    }

    @Test
    void aFullRingIsWrittenWholeWhenTheStoreRecoversNothingDropped() {
        SampleSink sink = new SampleSink(store, 5);
        store.failure = "disk full";
        sink.accept(batch(0, 5)); // the ring is full, nothing dropped yet
        store.failure = null;

        sink.accept(batch(5, 2));

        assertEquals(0, sink.dropped(), "the store took everything: nothing to drop");
        assertEquals(IntStream.range(0, 7).boxed().toList(), readings());
    }
}
