package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store's own side of the capacity limits: file size on disk, retention by age, the ledger on disk. */
class SqliteCapacityTest {
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path dir;

    private SqliteSampleStore open(SqliteSampleStore.Capacity capacity, SqliteSampleStore.Housekeeping housekeeping)
            throws Exception {
        return new SqliteSampleStore(dir.resolve("store.db"),
                new SqliteSampleStore.Settings(20, 10_000, SynchronousMode.FULL, housekeeping, capacity));
    }

    private static List<Sample> batch(int from, int n) {
        List<Sample> batch = new ArrayList<>(n);
        for (int i = from; i < from + n; i++) {
            batch.add(Sample.good("pump" + (i % 20) + "/flow", Value.of(DataType.FLOAT32, i * 0.5), 1_763_700_000_000L + i));
        }
        return batch;
    }

    @Test
    void theFileOnDiskStaysNearItsLimitThroughALongOutage() throws Exception {
        Path file = dir.resolve("store.db");
        long largest = 0;
        try (SqliteSampleStore store = open(new SqliteSampleStore.Capacity(LIMIT, 0, CapacityPolicy.DROP_OLDEST),
                SqliteSampleStore.Housekeeping.DEFAULT)) {
            for (int i = 0; i < 600_000; i += 1000) {
                store.append(batch(i, 1000));
                largest = Math.max(largest, Files.size(file));
            }
            assertTrue(store.stats().dropped() > 400_000, "most of 600,000 samples could not fit in 1 MiB");
        }
        // Freed pages are reused by later appends: the file never grows far past the limit.
        assertTrue(largest <= LIMIT + LIMIT / 4, "largest database file " + largest + " bytes for a " + LIMIT + "-byte limit");
    }

    @Test
    void throughALongOutageEachPointKeepsOneDropReportThatAddsUpEveryDrop() throws Exception {
        // Reports run to 200 bytes each: one per point at each drop would fill a 1 MiB store with
        // reports within minutes, and the oldest reports would then be dropped, their counts lost.
        SqliteSampleStore.Capacity capacity = new SqliteSampleStore.Capacity(LIMIT, 0, CapacityPolicy.DROP_OLDEST);
        SqliteSampleStore outage = open(capacity, SqliteSampleStore.Housekeeping.DEFAULT);
        try (outage) {
            for (int i = 0; i < 400_000; i += 1000) {
                outage.append(batch(i, 1000));
            }
        }
        // Counted after close: the writer applies the limit after an append has returned.
        long dropped = outage.stats().dropped();
        try (SqliteSampleStore store = open(capacity, SqliteSampleStore.Housekeeping.DEFAULT)) {
            List<Sample> held = store.next(Integer.MAX_VALUE).stream().map(StoredSample::sample).toList();

            java.util.Map<String, Long> reported = reportedPerPoint(held);
            long reports = held.stream().filter(s -> s.pointId().equals(GatewayPoints.STORE_EVENT.id())).count();
            List<Long> totals = held.stream().filter(s -> s.pointId().equals(GatewayPoints.STORE_DROPPED.id()))
                    .map(s -> s.value().asLong()).toList();
            assertTrue(dropped > 300_000, "most of 400,000 samples could not fit in 1 MiB: " + dropped);
            assertEquals(20, reports, "one report per point, however many drops: " + reported);
            assertEquals(dropped, reported.values().stream().mapToLong(Long::longValue).sum(),
                    "the reports add up to every drop");
            assertEquals(List.of(dropped), totals, "one total, the newest");
            long telemetry = held.stream().filter(sample -> sample.pointId().endsWith("/flow")).count();
            assertEquals(400_000 - dropped, telemetry, "everything not dropped is still there");
            assertTrue(telemetry > 20_000, "the store still holds telemetry, not reports: " + telemetry);
        }
    }

    @Test
    void aReportHandedOutIsNeverMergedIntoAndTheNextDropGetsItsOwn() throws Exception {
        try (SqliteSampleStore store = open(new SqliteSampleStore.Capacity(LIMIT, 0, CapacityPolicy.DROP_OLDEST),
                SqliteSampleStore.Housekeeping.DEFAULT)) {
            int i = 0;
            while (store.stats().dropped() == 0) {
                store.append(batch(i, 1000));
                i += 1000;
            }
            // The uplink takes the reports (the host may have them now) but not the telemetry yet.
            List<Sample> first = store.next(21).stream().map(StoredSample::sample).toList();
            assertTrue(first.stream().allMatch(s -> GatewayPoints.isGatewayPoint(s.pointId())), "the reports go first");
            long firstTotal = total(first);
            while (store.stats().dropped() == firstTotal) {
                store.append(batch(i, 1000));
                i += 1000;
            }
            List<Sample> later = store.next(21).stream().map(StoredSample::sample).toList();
            assertEquals(total(later) - firstTotal, reported(later),
                    "the new reports count only the new drops: the ones handed out stay as they were");
            assertEquals(firstTotal, reported(first));
        }
    }

    /** The drop total among these samples (one expected). */
    private static long total(List<Sample> samples) {
        List<Long> totals = samples.stream().filter(s -> s.pointId().equals(GatewayPoints.STORE_DROPPED.id()))
                .map(s -> s.value().asLong()).toList();
        assertEquals(1, totals.size(), "one drop total: " + totals);
        return totals.get(0);
    }

    /** The samples the drop reports among these samples count, per point ("N samples of P dropped ..."). */
    private static java.util.Map<String, Long> reportedPerPoint(List<Sample> samples) {
        java.util.Map<String, Long> perPoint = new java.util.HashMap<>();
        for (Sample sample : samples) {
            if (sample.pointId().equals(GatewayPoints.STORE_EVENT.id())) {
                String[] words = ((String) sample.value().raw()).split(" ");
                perPoint.merge(words[3], Long.parseLong(words[0]), Long::sum);
            }
        }
        return perPoint;
    }

    /** The samples the drop reports among these samples count, all points together. */
    private static long reported(List<Sample> samples) {
        return reportedPerPoint(samples).values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void retentionByAgeDropsOldTelemetryButKeepsAlarmsAndReportsIt() throws Exception {
        long now = System.currentTimeMillis();
        long twoHoursAgo = now - 2 * 3_600_000L;
        List<Sample> old = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            old.add(new Sample("tank/level", Value.of(DataType.FLOAT64, i), io.tidegate.api.Quality.GOOD,
                    twoHoursAgo + i, twoHoursAgo + i));
        }
        Sample oldAlarm = new Sample("tank/high_alarm", Value.ofBoolean(true), io.tidegate.api.Quality.GOOD,
                twoHoursAgo, twoHoursAgo);
        Sample fresh = Sample.good("tank/level", Value.of(DataType.FLOAT64, 1.5), now);
        // Housekeeping after every write transaction, so the next append triggers it.
        try (SqliteSampleStore store = open(new SqliteSampleStore.Capacity(0, 3_600_000L, CapacityPolicy.DROP_OLDEST),
                new SqliteSampleStore.Housekeeping(1, 0, 1024, -1))) {
            store.append(old);
            store.append(List.of(oldAlarm), Lane.PRIORITY);
            store.append(List.of(fresh));

            List<Sample> held = store.next(Integer.MAX_VALUE).stream().map(StoredSample::sample).toList();

            assertEquals(100, store.stats().dropped());
            assertTrue(held.contains(oldAlarm), "alarms are not dropped by age");
            assertTrue(held.contains(fresh), "young telemetry is kept");
            assertTrue(held.stream().noneMatch(old::contains), "telemetry older than an hour is gone");
            String event = held.stream().filter(s -> s.pointId().equals(GatewayPoints.STORE_EVENT.id()))
                    .map(s -> (String) s.value().raw()).findFirst().orElseThrow();
            assertTrue(event.startsWith("100 samples of tank/level dropped from ") && event.contains("maximum age of PT1H"),
                    event);
        }
    }

    /** Appends 200,000 samples, closes the store and says how many it dropped. */
    private static long appendAndClose(SqliteSampleStore store) throws Exception {
        try (store) {
            for (int i = 0; i < 200_000; i += 1000) {
                store.append(batch(i, 1000));
            }
        }
        return store.stats().dropped();
    }

    @Test
    void theDropTotalCarriesOnAcrossRestarts() throws Exception {
        SqliteSampleStore.Capacity capacity = new SqliteSampleStore.Capacity(LIMIT, 0, CapacityPolicy.DROP_OLDEST);
        // Each run's count is read after close: the writer applies the limit after an append has returned.
        long firstRun = appendAndClose(open(capacity, SqliteSampleStore.Housekeeping.DEFAULT));
        assertTrue(firstRun > 0);
        long secondRun = appendAndClose(open(capacity, SqliteSampleStore.Housekeeping.DEFAULT));
        try (SqliteSampleStore store = open(capacity, SqliteSampleStore.Housekeeping.DEFAULT)) {
            long lastTotal = -1;
            for (StoredSample s : store.next(Integer.MAX_VALUE)) {
                if (s.sample().pointId().equals(GatewayPoints.STORE_DROPPED.id())) {
                    lastTotal = s.sample().value().asLong();
                }
            }
            assertEquals(firstRun + secondRun, lastTotal, "the upstream counter is the file's life total");
        }
    }

    @Test
    void whenEverythingLeftIsInFlightTheLimitGivesUpInsteadOfDroppingItsOwnReports() throws Exception {
        try (SqliteSampleStore store = open(new SqliteSampleStore.Capacity(LIMIT, 0, CapacityPolicy.DROP_OLDEST),
                SqliteSampleStore.Housekeeping.DEFAULT)) {
            for (int i = 0; i < 60_000; i += 1000) {
                store.append(batch(i, 1000));
            }
            store.next(Integer.MAX_VALUE); // all of it in flight: nothing may be dropped
            long droppedBefore = store.stats().dropped();

            assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 20; i++) {
                    store.append(batch(100_000 + i * 1000, 1000)); // only these are droppable
                }
            }, "the writer keeps taking appends");
            long dropped = store.stats().dropped() - droppedBefore;
            // The 20,000 new samples, then at most the reports earlier runs wrote (alarms and events
            // go once no telemetry is left); never reports of reports without end.
            assertTrue(dropped < 21_000, "no runaway of reports dropping reports: " + dropped);
        }
    }
}
