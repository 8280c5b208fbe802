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

    @Test
    void theDropTotalCarriesOnAcrossRestarts() throws Exception {
        SqliteSampleStore.Capacity capacity = new SqliteSampleStore.Capacity(LIMIT, 0, CapacityPolicy.DROP_OLDEST);
        long firstRun;
        try (SqliteSampleStore store = open(capacity, SqliteSampleStore.Housekeeping.DEFAULT)) {
            for (int i = 0; i < 200_000; i += 1000) {
                store.append(batch(i, 1000));
            }
            firstRun = store.stats().dropped();
            assertTrue(firstRun > 0);
        }
        try (SqliteSampleStore store = open(capacity, SqliteSampleStore.Housekeeping.DEFAULT)) {
            for (int i = 0; i < 200_000; i += 1000) {
                store.append(batch(i, 1000));
            }
            long secondRun = store.stats().dropped();
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
