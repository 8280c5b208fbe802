package io.tidegate.store.internal;

import static io.tidegate.store.contract.TestSamples.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSampleStoreTest {

    @TempDir
    Path dir;
    Path file;
    SqliteSampleStore store;

    @BeforeEach
    void open() throws StoreException {
        file = dir.resolve("var/lib/tidegate/store.db");
        store = new SqliteSampleStore(file);
    }

    @AfterEach
    void close() throws StoreException {
        store.close();
    }

    private void reopen() throws StoreException {
        store.close();
        store = new SqliteSampleStore(file);
    }





    private static List<Integer> valuesOf(List<StoredSample> stored) {
        return stored.stream().map(s -> (int) s.sample().value().asLong()).toList();
    }

    @Test
    void theOldestUnsentSampleIsKnownUntilItIsAcknowledged() throws StoreException {
        assertTrue(store.oldestPendingTime().isEmpty(), "nothing waits");
        store.append(List.of(Sample.good("a", Value.ofDouble(1), T), Sample.good("a", Value.ofDouble(2), T + 1000)));
        store.append(List.of(Sample.good(io.tidegate.api.GatewayPoints.STORE_ALARM.id(), Value.ofBoolean(true), T + 2000)),
                io.tidegate.api.Lane.PRIORITY);
        assertEquals(T, store.oldestPendingTime().getAsLong(), "the oldest of both lanes");

        List<StoredSample> first = store.next(2);
        assertEquals(T, store.oldestPendingTime().getAsLong(), "in flight still waits for its acknowledgement");
        store.acknowledge(idsOf(first)); // the priority row and the first telemetry row
        assertEquals(T + 1000, store.oldestPendingTime().getAsLong());

        store.acknowledge(idsOf(store.next(10)));
        assertTrue(store.oldestPendingTime().isEmpty(), "all delivered");
        store.append(List.of(Sample.good("a", Value.ofDouble(3), T + 5000)));
        reopen();
        assertEquals(T + 5000, store.oldestPendingTime().getAsLong(), "known again after a restart");
    }

    @Test
    void appendedSamplesComeBackInOrderWithEveryField() throws StoreException {
        List<Sample> appended = List.of(
                Sample.good("pump1/discharge_pressure", Value.of(DataType.FLOAT32, 4.25), T),
                new Sample("pump1/running", Value.ofBoolean(true), Quality.GOOD, T - 250, T),
                Sample.bad("meter7/energy", Quality.bad(Quality.Reason.COMM_FAILURE, "no answer from unit 7 in 1000 ms"), T + 1),
                new Sample("pump1/state", Value.of(DataType.STRING, "运行中"),
                        new Quality(Quality.Status.UNCERTAIN, Quality.Reason.STALE, "last refresh 40 s ago"), T + 2, T + 40_002),
                Sample.good("meter7/energy", Value.of(DataType.UINT32, 4_000_000_000L), T + 3),
                Sample.good("plc/counter", Value.of(DataType.INT64, -9_000_000_000L), T + 4),
                Sample.good("plc/speed", Value.ofDouble(1499.75), T + 5));

        store.append(appended);
        List<StoredSample> handedOut = store.next(100);

        assertEquals(appended, samplesOf(handedOut));
        List<Long> ids = idsOf(handedOut);
        assertEquals(ids.stream().sorted().distinct().toList(), ids, "ids ascend in append order");
        assertEquals(new StoreStats(7, 0, 7, 7), store.stats());
    }

    @Test
    void aWaitingNextIsWokenByTheCommitNotByItsTimeout() throws Exception {
        var out = new java.util.concurrent.atomic.AtomicReference<List<StoredSample>>();
        var returnedAt = new java.util.concurrent.atomic.AtomicLong();
        Thread uplink = new Thread(() -> {
            try {
                out.set(store.next(10, 60_000));
                returnedAt.set(System.nanoTime());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        uplink.start();
        while (uplink.getState() != Thread.State.TIMED_WAITING) { // the uplink is waiting in next()
            Thread.sleep(10);
        }
        long appendedAt = System.nanoTime();
        store.append(samples("p", 0, 2));
        uplink.join(30_000);

        assertTrue(out.get() != null, "next() returned within 30 s of the commit, well before its 60 s wait");
        assertEquals(samples("p", 0, 2), samplesOf(out.get()), "the samples committed while it waited");
        assertTrue(returnedAt.get() - appendedAt < java.util.concurrent.TimeUnit.SECONDS.toNanos(30),
                "woken by the commit, not at the end of its 60 s wait");
    }

    @Test
    void nextHandsOutAtMostMaxAndNeverTheSameSampleTwice() throws StoreException {
        store.append(samples("p", 0, 10));

        List<StoredSample> first = store.next(4);
        List<StoredSample> second = store.next(4);
        List<StoredSample> third = store.next(4);
        List<StoredSample> fourth = store.next(4);

        assertEquals(List.of(0, 1, 2, 3), valuesOf(first));
        assertEquals(List.of(4, 5, 6, 7), valuesOf(second));
        assertEquals(List.of(8, 9), valuesOf(third));
        assertEquals(List.of(), fourth);
        assertEquals(new StoreStats(10, 0, 10, 10), store.stats());
        assertEquals(List.of(), store.next(0));
    }

    @Test
    void releasedSamplesComeBackFirstInOrderAheadOfNewerOnes() throws StoreException {
        store.append(samples("p", 0, 6));
        List<StoredSample> batch1 = store.next(3);
        List<StoredSample> batch2 = store.next(2);
        store.append(samples("p", 6, 8));

        // The connection dropped: the uplink gives back what it had sent, out of order.
        store.release(List.of(batch2.get(1).id(), batch1.get(2).id(), batch1.get(0).id()));
        assertEquals(new StoreStats(8, 0, 8, 2), store.stats());

        assertEquals(List.of(0, 2), valuesOf(store.next(2)));
        assertEquals(List.of(4, 5, 6), valuesOf(store.next(3)));
        assertEquals(List.of(7), valuesOf(store.next(10)));
        assertEquals(List.of(), store.next(10));
    }

    @Test
    void releaseInOneCallMixesWithNewRowsInIdOrder() throws StoreException {
        store.append(samples("p", 0, 4));
        List<StoredSample> out = store.next(2);
        store.release(idsOf(out));

        assertEquals(List.of(0, 1, 2, 3), valuesOf(store.next(10)));
    }

    @Test
    void releaseIgnoresIdsThatAreNotInFlight() throws StoreException {
        store.append(samples("p", 0, 3));
        List<StoredSample> out = store.next(1);
        store.acknowledge(idsOf(out));

        store.release(List.of(out.get(0).id(), 12345L));

        assertEquals(List.of(1, 2), valuesOf(store.next(10)));
        assertEquals(new StoreStats(3, 1, 2, 2), store.stats());
    }

    @Test
    void acknowledgedReleasedSampleIsNotHandedOutAgain() throws StoreException {
        store.append(samples("p", 0, 3));
        List<StoredSample> out = store.next(3);
        store.release(idsOf(out));
        // A late ack for something already released: the broker did get it.
        store.acknowledge(List.of(out.get(1).id()));

        assertEquals(List.of(0, 2), valuesOf(store.next(10)));
    }

    @Test
    void acknowledgeDeletesForGoodAndUnacknowledgedComeBackAfterReopenInOrder() throws StoreException {
        store.append(samples("p", 0, 10));
        List<StoredSample> out = store.next(6);
        store.acknowledge(idsOf(out.subList(0, 3)));
        // 3, 4, 5 are still in flight when the gateway shuts down.
        assertEquals(new StoreStats(10, 3, 7, 3), store.stats());

        reopen();

        assertEquals(new StoreStats(0, 0, 7, 0), store.stats());
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9), valuesOf(store.next(100)));
    }

    @Test
    void acknowledgeIgnoresUnknownAndRepeatedIds() throws StoreException {
        store.append(samples("p", 0, 3));
        List<StoredSample> out = store.next(3);

        store.acknowledge(List.of(out.get(0).id(), out.get(0).id(), 999L, -1L));
        store.acknowledge(List.of(out.get(0).id()));
        store.acknowledge(List.of());

        assertEquals(new StoreStats(3, 1, 2, 2), store.stats());
    }

    @Test
    void ackAfterRestartOfSamplesHandedOutBeforeStillDeletesThem() throws StoreException {
        store.append(samples("p", 0, 3));
        List<StoredSample> beforeRestart = store.next(3);
        reopen();

        // The broker's ack arrives for samples the previous session handed out.
        store.acknowledge(idsOf(beforeRestart.subList(0, 2)));

        assertEquals(List.of(2), valuesOf(store.next(10)));
    }

    @Test
    void dataAndPointNamesSurviveReopen() throws StoreException {
        List<Sample> appended = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            appended.add(sample("point-" + (i % 7), i));
        }
        store.append(appended.subList(0, 10));
        store.append(appended.subList(10, 30));

        reopen();

        assertEquals(new StoreStats(0, 0, 30, 0), store.stats());
        assertEquals(appended, samplesOf(store.next(100)));
        store.append(List.of(sample("point-3", 99), sample("new-point", 100)));
        assertEquals(List.of(sample("point-3", 99), sample("new-point", 100)), samplesOf(store.next(100)));
    }

    @Test
    void idsAreNeverReusedEvenAfterTheQueueEmptiesAndTheStoreReopens() throws StoreException {
        store.append(samples("p", 0, 3));
        List<StoredSample> first = store.next(10);
        store.acknowledge(idsOf(first));
        reopen();

        store.append(samples("p", 3, 4));
        List<StoredSample> second = store.next(10);

        assertEquals(List.of(3), valuesOf(second));
        assertTrue(second.get(0).id() > first.get(2).id(), second + " after " + first);
        // An ack that a previous session's uplink still holds must not hit the new sample.
        store.acknowledge(idsOf(first));
        assertEquals(1, store.stats().pending());
    }

    @Test
    void emptyAppendIsANoOp() throws StoreException {
        store.append(List.of());

        assertEquals(new StoreStats(0, 0, 0, 0), store.stats());
        assertEquals(List.of(), store.next(10));
    }

    @Test
    void failureInTheMiddleOfABatchStoresNoneOfItAndNamesTheFile() throws Exception {
        store.append(List.of(sample("existing", 0)));
        // Make SQLite refuse the third row of the next batch, after two rows of it and a new
        // point have been written inside the transaction.
        SeparateConnection.execute(file, "CREATE TRIGGER refuse_long BEFORE INSERT ON sample"
                + " WHEN length(NEW.body) > 1000 BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        List<Sample> batch = List.of(
                sample("new-point", 1),
                sample("existing", 2),
                Sample.good("new-point", Value.of(DataType.STRING, "x".repeat(2000)), T),
                sample("another-new-point", 3));

        StoreException e = assertThrows(StoreException.class, () -> store.append(batch));

        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("could not append 4 samples"), e.getMessage());
        assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
        assertEquals(new StoreStats(1, 0, 1, 0), store.stats());
        assertEquals(1, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
        assertEquals(1, SeparateConnection.queryLong(file, "SELECT count(*) FROM point"));

        // The store goes on working, and the point names of the failed batch intern afresh.
        SeparateConnection.execute(file, "DROP TRIGGER refuse_long");
        store.append(List.of(sample("another-new-point", 4), sample("new-point", 5)));
        reopen();
        assertEquals(List.of(sample("existing", 0), sample("another-new-point", 4), sample("new-point", 5)),
                samplesOf(store.next(10)));
    }

    @Test
    void everyCallAfterCloseSaysTheStoreIsClosed() throws StoreException {
        store.append(samples("p", 0, 2));
        List<StoredSample> out = store.next(1);
        store.close();
        store.close();

        assertEquals("the sample store " + store.path() + " is closed", assertThrows(StoreException.class, () -> store.append(samples("p", 2, 3))).getMessage());
        assertEquals("the sample store " + store.path() + " is closed", assertThrows(StoreException.class, () -> store.append(List.of())).getMessage());
        assertEquals("the sample store " + store.path() + " is closed", assertThrows(StoreException.class, () -> store.next(1)).getMessage());
        assertEquals("the sample store " + store.path() + " is closed", assertThrows(StoreException.class, () -> store.acknowledge(idsOf(out))).getMessage());
        store.release(idsOf(out));
        assertEquals(new StoreStats(2, 0, 2, 1), store.stats(), "the last counters");
    }

    @Test
    void cleanCloseCheckpointsAndRemovesTheWalFile() throws StoreException {
        store.append(samples("p", 0, 100));
        Path wal = Path.of(file + "-wal");
        assertTrue(Files.exists(wal), "WAL in use while open");

        store.close();

        assertFalse(Files.exists(wal), "no -wal file after a clean close");
        assertFalse(Files.exists(Path.of(file + "-shm")), "no -shm file after a clean close");
    }

    @Test
    void walJournalAndFullSynchronousAndSchemaVersion() throws Exception {
        assertEquals("wal", store.pragma("journal_mode"));
        assertEquals("2", store.pragma("synchronous"), "2 = FULL");
        assertEquals("2", store.pragma("auto_vacuum"), "2 = INCREMENTAL");
        store.close();

        assertEquals("wal", SeparateConnection.queryString(file, "PRAGMA journal_mode"), "persistent in the file");
        assertEquals(String.valueOf(StoreSchema.CURRENT_VERSION), SeparateConnection.queryString(file, "PRAGMA user_version"));
    }

    @Test
    void openingAFileFromANewerVersionFailsAndNamesTheFile() throws Exception {
        store.close();
        SeparateConnection.execute(file, "PRAGMA user_version = 99");

        StoreException e = assertThrows(StoreException.class, () -> new SqliteSampleStore(file));

        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void openingSomethingThatIsNotADatabaseQuarantinesItAndStartsEmpty() throws Exception {
        Path notADatabase = dir.resolve("notes.txt");
        String text = "this is not a SQLite file, just some text that is long enough to have a header";
        Files.writeString(notADatabase, text);

        try (SqliteSampleStore opened = new SqliteSampleStore(notADatabase)) {
            Path aside = opened.quarantined().orElseThrow();
            assertEquals(text, Files.readString(aside));
            assertEquals(new StoreStats(1, 0, 1, 0), opened.stats(), "empty but for the event reporting it");
        }
    }

    @Test
    void corruptBodyIsReportedWithRowAndFile() throws Exception {
        store.append(samples("p", 0, 1));
        SeparateConnection.execute(file, "UPDATE sample SET body = x'0F'");

        StoreException e = assertThrows(StoreException.class, () -> store.next(10));

        assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertEquals(0, store.stats().inFlight(), "nothing was handed out");
    }

    @Test
    void floatTelemetryTakesFewBytesPerSample() throws Exception {
        int points = 50;
        int total = 10_000;
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String point = "station" + (i % points / 10) + "/analog_" + (i % points);
            batch.add(Sample.good(point, Value.of(DataType.FLOAT32, 20 + (i % 977) * 0.013), T + i * 100L));
            if (batch.size() == 500) {
                store.append(batch);
                batch.clear();
            }
        }
        store.close();

        double averageBody = Double.parseDouble(SeparateConnection.queryString(file, "SELECT avg(length(body)) FROM sample"));
        assertEquals(total, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
        assertEquals(points, SeparateConnection.queryLong(file, "SELECT count(*) FROM point"));
        assertTrue(averageBody < 40, "average body " + averageBody + " bytes");
        assertEquals(11.0, averageBody, "FLOAT32 good sample, source = gateway time: 1 + 4 + 6 bytes");
    }
}
