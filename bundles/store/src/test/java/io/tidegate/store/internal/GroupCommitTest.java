package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: appends of many threads share transactions, and each returns only once its own
 * transaction is committed. Tests make groups deterministic by holding the store's transaction
 * lock while appends queue up, so the writer takes them all into its next transaction.
 */
class GroupCommitTest {
    private static final long T = 1_763_700_000_000L;
    /** Long enough that a test's group is never cut by the clock; the writer never idles on it. */
    private static final SqliteSampleStore.Settings ONE_GROUP =
            new SqliteSampleStore.Settings(60_000, 10_000, SynchronousMode.FULL);

    @TempDir
    Path dir;
    Path file;
    SqliteSampleStore store;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        if (store != null) {
            store.close();
        }
    }

    private SqliteSampleStore open(SqliteSampleStore.Settings settings) throws StoreException {
        file = dir.resolve("store.db");
        store = new SqliteSampleStore(file, settings);
        return store;
    }

    private static List<Sample> samples(String point, int from, int toExclusive) {
        return IntStream.range(from, toExclusive)
                .mapToObj(i -> Sample.good(point, Value.of(DataType.INT32, i), T + i)).toList();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    private Future<?> appendAsync(List<Sample> batch) {
        return threads.submit(() -> {
            store.append(batch);
            return null;
        });
    }

    private static long rowsOf(Path file, String point) throws Exception {
        return SeparateConnection.queryLong(file, "SELECT count(*) FROM sample s JOIN point p ON p.id = s.point"
                + " WHERE p.name = '" + point + "'");
    }

    @Test
    void appendsQueuedWhileATransactionRunsShareTheNextOne() throws Exception {
        open(ONE_GROUP);
        store.append(samples("warmup", 0, 1));
        long before = store.commits();
        List<Future<?>> appends = new ArrayList<>();
        store.transactionLock().lock();
        try {
            for (int t = 0; t < 6; t++) {
                appends.add(appendAsync(samples("thread" + t, 0, 10)));
            }
            waitUntil(() -> store.queuedAppends() == 6, "six appends are queued");
        } finally {
            store.transactionLock().unlock();
        }
        for (Future<?> append : appends) {
            append.get(30, TimeUnit.SECONDS);
        }

        assertEquals(1, store.commits() - before, "six appends, one commit");
        assertEquals(new StoreStats(61, 0, 61, 0), store.stats());
    }

    @Test
    void underConcurrencyThereAreFewerCommitsThanAppends() throws Exception {
        open(SqliteSampleStore.Settings.DEFAULT);
        int threadsCount = 8;
        int appendsPerThread = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> appenders = new ArrayList<>();
        for (int t = 0; t < threadsCount; t++) {
            String point = "thread" + t;
            appenders.add(threads.submit(() -> {
                start.await();
                for (int a = 0; a < appendsPerThread; a++) {
                    store.append(samples(point, a * 10, a * 10 + 10));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> appender : appenders) {
            appender.get(2, TimeUnit.MINUTES);
        }

        long appends = (long) threadsCount * appendsPerThread;
        assertTrue(store.commits() < appends, store.commits() + " commits for " + appends + " appends");
        assertEquals(appends * 10, store.stats().appended());
        assertEquals(appends * 10, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
    }

    @Test
    void appendReturnsOnlyOnceItsTransactionIsCommitted() throws Exception {
        open(ONE_GROUP);
        Future<?> append;
        store.transactionLock().lock();
        try {
            append = appendAsync(samples("p", 0, 5));
            waitUntil(() -> store.queuedAppends() == 1, "the append is queued");
            Thread.sleep(50);
            assertFalse(append.isDone(), "append must not return before its commit");
            assertEquals(0, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
        } finally {
            store.transactionLock().unlock();
        }
        append.get(30, TimeUnit.SECONDS);
        assertEquals(5, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
    }

    @Test
    void afterEachAppendReturnsAnotherConnectionSeesItsRows() throws Exception {
        open(SqliteSampleStore.Settings.DEFAULT);
        List<Future<?>> appenders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String point = "thread" + t;
            appenders.add(threads.submit(() -> {
                for (int a = 0; a < 20; a++) {
                    store.append(samples(point, a * 7, a * 7 + 7));
                    assertEquals((a + 1) * 7L, rowsOf(file, point), point + " after append " + a);
                }
                return null;
            }));
        }
        for (Future<?> appender : appenders) {
            appender.get(2, TimeUnit.MINUTES);
        }
    }

    @Test
    void aFailedTransactionFailsAllItsAppendsAndStoresNoneOfThem() throws Exception {
        open(ONE_GROUP);
        store.append(samples("existing", 0, 1));
        long commitsBefore = store.commits();
        SeparateConnection.execute(file, "CREATE TRIGGER refuse_long BEFORE INSERT ON sample"
                + " WHEN length(NEW.body) > 1000 BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        List<Future<?>> appends = new ArrayList<>();
        store.transactionLock().lock();
        try {
            appends.add(appendAsync(samples("good-a", 0, 3)));
            waitUntil(() -> store.queuedAppends() == 1, "first append queued");
            appends.add(appendAsync(samples("good-b", 0, 4)));
            waitUntil(() -> store.queuedAppends() == 2, "second append queued");
            appends.add(appendAsync(List.of(Sample.good("poison", Value.of(DataType.STRING, "x".repeat(2000)), T))));
            waitUntil(() -> store.queuedAppends() == 3, "third append queued");
            // Queued behind the poison: the failed transaction stops taking appends at the
            // failure, so this one goes into the next transaction and is stored.
            appends.add(appendAsync(samples("after", 0, 2)));
            waitUntil(() -> store.queuedAppends() == 4, "fourth append queued");
        } finally {
            store.transactionLock().unlock();
        }
        int[] sizes = {3, 4, 1};
        for (int i = 0; i < 3; i++) {
            int index = i;
            ExecutionException e = assertThrows(ExecutionException.class, () -> appends.get(index).get(30, TimeUnit.SECONDS));
            StoreException failure = assertInstanceOf(StoreException.class, e.getCause());
            String message = failure.getMessage();
            assertTrue(message.contains("could not append " + sizes[i] + " samples"), message);
            assertTrue(message.contains(file.toAbsolutePath().toString()), message);
            assertTrue(message.contains("injected failure"), message);
            assertTrue(message.contains("none of them was stored"), message);
        }
        appends.get(3).get(30, TimeUnit.SECONDS);

        assertEquals(commitsBefore + 1, store.commits(), "only the transaction of the last append committed");
        assertEquals(new StoreStats(3, 0, 3, 0), store.stats());
        assertEquals(0, rowsOf(file, "good-a") + rowsOf(file, "good-b") + rowsOf(file, "poison"));
        assertEquals(3, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
        assertEquals(List.of("existing", "after"), List.of(
                SeparateConnection.queryString(file, "SELECT name FROM point ORDER BY id LIMIT 1"),
                SeparateConnection.queryString(file, "SELECT name FROM point ORDER BY id LIMIT 1 OFFSET 1")));
        assertEquals(2, SeparateConnection.queryLong(file, "SELECT count(*) FROM point"), "no point of the failed group");

        // The store goes on working, in id order.
        SeparateConnection.execute(file, "DROP TRIGGER refuse_long");
        store.append(samples("good-b", 0, 2));
        List<StoredSample> out = store.next(10);
        assertEquals(List.of("existing", "after", "after", "good-b", "good-b"),
                out.stream().map(s -> s.sample().pointId()).toList());
        for (int i = 1; i < out.size(); i++) {
            assertTrue(out.get(i).id() > out.get(i - 1).id());
        }
    }

    @Test
    void eachAppendStaysWholeAndInOrderAndAppendsOfOneThreadKeepTheirOrder() throws Exception {
        open(new SqliteSampleStore.Settings(20, 64, SynchronousMode.FULL));
        int threadsCount = 4;
        int appendsPerThread = 60;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> appenders = new ArrayList<>();
        for (int t = 0; t < threadsCount; t++) {
            String point = "thread" + t;
            int batchSize = 3 + t * 11; // 3, 14, 25, 36: several per transaction of at most 64
            appenders.add(threads.submit(() -> {
                start.await();
                int value = 0;
                for (int a = 0; a < appendsPerThread; a++) {
                    List<Sample> batch = new ArrayList<>();
                    for (int i = 0; i < batchSize; i++) {
                        // The timestamp names the append, the value counts through the thread.
                        batch.add(Sample.good(point, Value.of(DataType.INT32, value++), T + a));
                    }
                    store.append(batch);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> appender : appenders) {
            appender.get(2, TimeUnit.MINUTES);
        }

        List<StoredSample> all = store.next(Integer.MAX_VALUE);
        Map<String, List<StoredSample>> byPoint = new HashMap<>();
        for (StoredSample stored : all) {
            byPoint.computeIfAbsent(stored.sample().pointId(), k -> new ArrayList<>()).add(stored);
        }
        assertEquals(threadsCount, byPoint.size());
        for (int t = 0; t < threadsCount; t++) {
            int batchSize = 3 + t * 11;
            List<StoredSample> mine = byPoint.get("thread" + t);
            assertEquals(appendsPerThread * batchSize, mine.size());
            for (int i = 0; i < mine.size(); i++) {
                assertEquals(i, mine.get(i).sample().value().asLong(), "thread" + t + " sample " + i);
                if (i % batchSize != 0) {
                    // Inside one append: the same append, and the next id, nothing in between.
                    assertEquals(mine.get(i - 1).sample().gatewayTime(), mine.get(i).sample().gatewayTime());
                    assertEquals(mine.get(i - 1).id() + 1, mine.get(i).id(), "thread" + t + " sample " + i);
                }
            }
        }
        assertTrue(store.commits() < (long) threadsCount * appendsPerThread + 1);
    }

    @Test
    void anAppendLargerThanTheCommitSizeGoesWholeInATransactionOfItsOwn() throws Exception {
        open(new SqliteSampleStore.Settings(60_000, 10, SynchronousMode.FULL));
        long before = store.commits();
        List<Future<?>> appends = new ArrayList<>();
        store.transactionLock().lock();
        try {
            appends.add(appendAsync(samples("a", 0, 3)));
            waitUntil(() -> store.queuedAppends() == 1, "first queued");
            appends.add(appendAsync(samples("big", 0, 25)));
            waitUntil(() -> store.queuedAppends() == 2, "second queued");
            appends.add(appendAsync(samples("c", 0, 4)));
            waitUntil(() -> store.queuedAppends() == 3, "third queued");
            appends.add(appendAsync(samples("d", 0, 6)));
            waitUntil(() -> store.queuedAppends() == 4, "fourth queued");
        } finally {
            store.transactionLock().unlock();
        }
        for (Future<?> append : appends) {
            append.get(30, TimeUnit.SECONDS);
        }

        assertEquals(3, store.commits() - before, "[a], [big], [c, d]");
        List<StoredSample> all = store.next(100);
        assertEquals(38, all.size());
        List<String> order = all.stream().map(s -> s.sample().pointId()).distinct().toList();
        assertEquals(List.of("a", "big", "c", "d"), order, "committed in queue order");
    }

    @Test
    void closeCommitsQueuedAppendsBeforeClosingAndRefusesNewOnes() throws Exception {
        open(ONE_GROUP);
        List<Future<?>> appends = new ArrayList<>();
        Future<?> closed;
        store.transactionLock().lock();
        try {
            for (int t = 0; t < 3; t++) {
                appends.add(appendAsync(samples("thread" + t, 0, 5)));
            }
            waitUntil(() -> store.queuedAppends() == 3, "three appends are queued");
            closed = threads.submit(() -> {
                store.close();
                return null;
            });
            waitUntil(store::closing, "close has begun");
            assertEquals("the sample store " + store.path() + " is closed",
                    assertThrows(StoreException.class, () -> store.append(samples("late", 0, 1))).getMessage());
            assertFalse(closed.isDone(), "close waits for the queued appends");
        } finally {
            store.transactionLock().unlock();
        }
        closed.get(30, TimeUnit.SECONDS);
        for (Future<?> append : appends) {
            append.get(30, TimeUnit.SECONDS); // accepted: no exception
        }

        assertEquals(15, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
        assertEquals(0, rowsOf(file, "late"));
    }

    @Test
    void synchronousFullByDefaultAndNormalWhenConfigured() throws Exception {
        open(SqliteSampleStore.Settings.DEFAULT);
        assertEquals("2", store.pragma("synchronous"), "2 = FULL");
        store.close();

        store = new SqliteSampleStore(dir.resolve("normal.db"), new SqliteSampleStore.Settings(20, 10_000, SynchronousMode.NORMAL));
        assertEquals("1", store.pragma("synchronous"), "1 = NORMAL");
        assertEquals("wal", store.pragma("journal_mode"));
    }

    @Test
    void readsAndAcknowledgementsWorkWhileAppendsAreInFlight() throws Exception {
        open(ONE_GROUP);
        store.append(samples("p", 0, 3));
        Future<?> append;
        store.transactionLock().lock();
        try {
            append = appendAsync(samples("p", 3, 6));
            waitUntil(() -> store.queuedAppends() == 1, "append queued");
        } finally {
            store.transactionLock().unlock();
        }
        // Whether or not the queued append has committed yet, a reader sees only whole appends.
        List<StoredSample> first = store.next(10);
        assertTrue(first.size() == 3 || first.size() == 6, "whole appends only: " + first.size());
        store.acknowledge(first.stream().map(StoredSample::id).toList());
        append.get(30, TimeUnit.SECONDS);
        List<StoredSample> rest = store.next(10);
        assertEquals(6, first.size() + rest.size());
        assertEquals(rest.size(), store.stats().pending(), "pending after acknowledging the first read");
    }
}
