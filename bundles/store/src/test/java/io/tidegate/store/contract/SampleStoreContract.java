package io.tidegate.store.contract;

import static io.tidegate.store.contract.TestSamples.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Lane;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link SampleStore} must show, tested through the interface only, so the
 * SQLite store and every in-memory store used in unit tests pass the same tests. A binding
 * extends this class (or {@link DurableSampleStoreContract}, which adds the restart tests, for a
 * store that survives a restart) and says how to open and close its store.
 *
 * <p>Shared via the store module's test-jar: depend on {@code io.tidegate.store}, type
 * {@code test-jar}, scope {@code test}.
 *
 * <p>Capacity limits and their policies are tested by {@link CapacityContract}, for stores that
 * can be given a limit.
 */
public abstract class SampleStoreContract {

    @TempDir
    protected Path dir;

    /** The store under test; the restart tests replace it. */
    protected SampleStore store;

    /** Opens (or, for a durable store, reopens) the store whose data lives in {@code dir}. */
    protected abstract SampleStore open(Path dir) throws Exception;

    /** Closes a store this binding opened; the default closes it if it is {@link AutoCloseable}. */
    protected void close(SampleStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    void openStore() throws Exception {
        store = open(dir);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            close(store);
        }
    }

    // ---- priority lane ---------------------------------------------------------------------

    @Test
    void priorityAppendedAfterTelemetryIsHandedOutFirstAndEachLaneKeepsItsOrder() throws Exception {
        store.append(samples("level", 0, 5));
        store.append(samples("alarm", 0, 3), Lane.PRIORITY);
        store.append(samples("level", 5, 8));
        store.append(samples("alarm", 3, 4), Lane.PRIORITY);

        List<Sample> expected = new ArrayList<>(samples("alarm", 0, 4));
        expected.addAll(samples("level", 0, 8));
        assertEquals(expected, samplesOf(drain()));
        assertStats(12, 0, 12, 12);
    }

    @Test
    void aSmallBatchHoldsOnlyPrioritySamplesWhileAnyWait() throws Exception {
        store.append(samples("level", 0, 10));
        store.append(samples("alarm", 0, 3), Lane.PRIORITY);

        assertEquals(samples("alarm", 0, 2), samplesOf(store.next(2)));
        assertEquals(List.of(sample("alarm", 2), sample("level", 0)), samplesOf(store.next(2)));
    }

    @Test
    void releasedPrioritySamplesGoBackAheadOfTelemetry() throws Exception {
        store.append(samples("level", 0, 3));
        store.append(samples("alarm", 0, 2), Lane.PRIORITY);
        List<StoredSample> first = drain();
        store.release(idsOf(first));
        store.append(samples("alarm", 2, 3), Lane.PRIORITY);

        List<Sample> expected = new ArrayList<>(samples("alarm", 0, 3));
        expected.addAll(samples("level", 0, 3));
        assertEquals(expected, samplesOf(drain()));
    }

    @Test
    void acknowledgedPrioritySamplesAreGoneAndTelemetryFollows() throws Exception {
        store.append(samples("alarm", 0, 2), Lane.PRIORITY);
        store.append(samples("level", 0, 2));
        List<StoredSample> alarms = store.next(2);
        store.acknowledge(idsOf(alarms));

        assertStats(4, 2, 2, 0);
        assertEquals(samples("level", 0, 2), samplesOf(drain()));
    }

    // ---- helpers -------------------------------------------------------------------------





    /** Everything the store will hand out now (marking it in flight). */
    protected List<StoredSample> drain() throws Exception {
        return store.next(Integer.MAX_VALUE);
    }

    protected void assertStats(long appended, long acknowledged, long pending, long inFlight) {
        assertEquals(new StoreStats(appended, acknowledged, pending, inFlight), store.stats(),
                "stats (appended, acknowledged, pending, inFlight)");
    }

    /**
     * One sample of every data type, at the edges of its range, plus good, uncertain and bad
     * qualities (bad with a null value) and source and gateway times that differ either way.
     */
    protected static List<Sample> everyKindOfSample() {
        List<Sample> all = new ArrayList<>();
        all.add(Sample.good("p/bool_true", Value.of(DataType.BOOL, true), T));
        all.add(Sample.good("p/bool_false", Value.ofBoolean(false), T + 1));
        for (DataType type : List.of(DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32, DataType.INT64)) {
            all.add(Sample.good("p/" + type + "_min", Value.of(type, Value.min(type)), T + 2));
            all.add(Sample.good("p/" + type + "_max", Value.of(type, Value.max(type)), T + 3));
            all.add(Sample.good("p/" + type + "_mid", Value.of(type, 12_345), T + 4));
        }
        all.add(Sample.good("p/int16_neg", Value.of(DataType.INT16, -1), T + 5));
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            for (double d : new double[] {0.0, -0.0, 1.5, -273.15, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, Float.MAX_VALUE, Float.MIN_VALUE}) {
                all.add(Sample.good("p/" + type, Value.of(type, d), T + 6));
            }
        }
        all.add(Sample.good("p/float64_max", Value.ofDouble(Double.MAX_VALUE), T + 7));
        all.add(Sample.good("p/float64_min", Value.ofDouble(Double.MIN_VALUE), T + 7));
        all.add(Sample.good("p/string", Value.of(DataType.STRING, "Pumpe läuft – 泵 🚰"), T + 8));
        all.add(Sample.good("p/string_empty", Value.of(DataType.STRING, ""), T + 8));
        all.add(Sample.good("p/string_long", Value.of(DataType.STRING, "x".repeat(300)), T + 8));
        // bad quality, no value, each reason
        for (Quality.Reason reason : Quality.Reason.values()) {
            if (reason != Quality.Reason.NONE) {
                all.add(Sample.bad("p/bad_" + reason, Quality.bad(reason, "no answer from 10.0.0.5:502 in 1000 ms"), T + 9));
            }
        }
        all.add(Sample.bad("p/bad_no_detail", Quality.bad(Quality.Reason.COMM_FAILURE, ""), T + 9));
        // bad and uncertain quality that still carry a value
        all.add(new Sample("p/bad_with_value", Value.of(DataType.UINT16, 7),
                Quality.bad(Quality.Reason.OUT_OF_RANGE, "7 is below 10"), T + 10, T + 10));
        all.add(new Sample("p/uncertain", Value.ofDouble(3.25),
                new Quality(Quality.Status.UNCERTAIN, Quality.Reason.STALE, "not refreshed for 60 s"), T + 11, T + 11));
        all.add(new Sample("p/uncertain_null", null,
                new Quality(Quality.Status.UNCERTAIN, Quality.Reason.STALE, ""), T + 11, T + 11));
        // timestamps: device clock behind, ahead, far off, zero, negative, extremes
        all.add(new Sample("p/times", Value.ofDouble(1), Quality.GOOD, T - 5_000, T));
        all.add(new Sample("p/times", Value.ofDouble(2), Quality.GOOD, T + 3_600_000, T));
        all.add(new Sample("p/times", Value.ofDouble(3), Quality.GOOD, 0, T));
        all.add(new Sample("p/times", Value.ofDouble(4), Quality.GOOD, -1, 0));
        all.add(new Sample("p/times", Value.ofDouble(5), Quality.GOOD, Long.MIN_VALUE, Long.MAX_VALUE));
        all.add(new Sample("p/times", Value.ofDouble(6), Quality.GOOD, Long.MAX_VALUE, Long.MIN_VALUE));
        return all;
    }

    // ---- ordering and fidelity -------------------------------------------------------------

    @Test
    void nextReturnsAppendedSamplesInAppendOrderWithEveryFieldEqual() throws Exception {
        List<Sample> all = everyKindOfSample();
        store.append(all);

        List<StoredSample> out = drain();

        assertEquals(all, samplesOf(out));
        Set<Long> ids = new HashSet<>(idsOf(out));
        assertEquals(out.size(), ids.size(), "every stored sample has its own id: " + idsOf(out));
    }

    @Test
    void nextHandsOutAtMostMaxOfTheOldestSamples() throws Exception {
        store.append(samples("a", 0, 5));
        store.append(samples("a", 5, 10));

        assertEquals(List.of(), store.next(0), "next(0) hands out nothing");
        assertEquals(samples("a", 0, 3), samplesOf(store.next(3)));
        assertEquals(samples("a", 3, 7), samplesOf(store.next(4)), "a read may span appends");
        assertEquals(samples("a", 7, 10), samplesOf(store.next(100)), "fewer than max when no more wait");
        assertEquals(List.of(), store.next(100));
    }

    @Test
    void nextOnAnEmptyStoreReturnsNothing() throws Exception {
        assertEquals(List.of(), store.next(10));
        assertStats(0, 0, 0, 0);
    }

    @Test
    void nextWithAWaitHandsOutSamplesAppendedWhileItWaits() throws Exception {
        assertEquals(List.of(), store.next(10, 50), "nothing arrived within the wait");
        Thread appender = new Thread(() -> {
            try {
                Thread.sleep(100);
                store.append(samples("a", 0, 3));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        appender.start();
        // Long enough for a loaded machine; a store that is woken by the append returns at once.
        List<StoredSample> out = store.next(10, 5_000);
        appender.join();

        assertEquals(samples("a", 0, 3), samplesOf(out), "the waiting uplink gets the samples appended meanwhile");
        store.append(samples("a", 3, 4));
        assertEquals(samples("a", 3, 4), samplesOf(store.next(10, 5_000)), "ready samples are handed out at once");
    }

    @Test
    void orderIsKeptPerPointAcrossInterleavedAppendsOfSeveralPoints() throws Exception {
        List<Sample> expected = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<Sample> mixed = List.of(sample("a", 2 * round), sample("b", round), sample("a", 2 * round + 1));
            store.append(mixed);
            expected.addAll(mixed);
            store.append(List.of(sample("c", round)));
            expected.add(sample("c", round));
        }

        List<Sample> out = new ArrayList<>();
        List<StoredSample> batch;
        while (!(batch = store.next(3)).isEmpty()) {
            out.addAll(samplesOf(batch));
            store.acknowledge(idsOf(batch));
        }

        assertEquals(expected, out, "handed out in append order overall");
        for (String point : List.of("a", "b", "c")) {
            List<Integer> values = out.stream().filter(s -> s.pointId().equals(point))
                    .map(s -> (int) s.value().asLong()).toList();
            assertEquals(IntStream.range(0, values.size()).boxed().toList(), values, "order of " + point);
        }
    }

    @Test
    void appendingAnEmptyListIsANoOp() throws Exception {
        store.append(List.of());
        assertStats(0, 0, 0, 0);
        assertEquals(List.of(), store.next(10));

        store.append(samples("a", 0, 2));
        store.append(List.of());
        assertStats(2, 0, 2, 0);
        assertEquals(samples("a", 0, 2), samplesOf(drain()));
    }

    // ---- in flight and release -------------------------------------------------------------

    @Test
    void nextMarksSamplesInFlightSoASecondNextDoesNotReturnThem() throws Exception {
        store.append(samples("a", 0, 3));

        List<StoredSample> first = store.next(10);
        assertEquals(samples("a", 0, 3), samplesOf(first));
        assertEquals(List.of(), store.next(10), "in-flight samples are not handed out twice");
        assertStats(3, 0, 3, 3);

        store.append(samples("a", 3, 5));
        List<StoredSample> second = store.next(10);
        assertEquals(samples("a", 3, 5), samplesOf(second), "only the newer samples");
        Set<Long> ids = new HashSet<>(idsOf(first));
        second.forEach(s -> assertTrue(ids.add(s.id()), "id " + s.id() + " handed out twice"));
    }

    @Test
    void releasePutsSamplesBackAheadOfNewerSamplesInAppendOrder() throws Exception {
        store.append(samples("a", 0, 5));
        List<StoredSample> out = store.next(3);
        assertEquals(samples("a", 0, 3), samplesOf(out));

        // released in reverse: they still come back in append order
        store.release(List.of(out.get(2).id(), out.get(1).id()));
        store.append(samples("a", 5, 7));
        assertStats(7, 0, 7, 1);

        List<StoredSample> again = store.next(2);
        assertEquals(samples("a", 1, 3), samplesOf(again), "released samples first, oldest first");
        assertEquals(List.of(out.get(1).id(), out.get(2).id()), idsOf(again), "same ids as before");
        assertEquals(samples("a", 3, 7), samplesOf(drain()), "then the ones never handed out");
        assertStats(7, 0, 7, 7);
    }

    @Test
    void releasingEverythingHandsOutTheSameSamplesAgainInOrder() throws Exception {
        store.append(samples("a", 0, 4));
        store.append(samples("b", 0, 4));
        List<StoredSample> out = drain();

        List<Long> reversed = new ArrayList<>(idsOf(out));
        Collections.reverse(reversed);
        store.release(reversed);
        assertStats(8, 0, 8, 0);

        assertEquals(out, drain(), "same ids, same samples, same order");
    }

    @Test
    void releaseIgnoresIdsThatAreNotInFlight() throws Exception {
        store.append(samples("a", 0, 4));
        List<StoredSample> out = store.next(2);
        store.acknowledge(List.of(out.get(0).id()));
        long unknown = out.get(1).id() + 1_000_000;

        // acknowledged, unknown, and a released one released twice
        store.release(List.of(out.get(0).id(), unknown, -1L));
        store.release(List.of(out.get(1).id()));
        store.release(List.of(out.get(1).id()));
        store.release(List.of());

        assertStats(4, 1, 3, 0);
        assertEquals(samples("a", 1, 4), samplesOf(drain()), "no sample twice, the acknowledged one never again");
        assertEquals(List.of(), store.next(10));
    }

    // ---- acknowledge -------------------------------------------------------------------------

    @Test
    void acknowledgeDeletesSamplesSoTheyAreNeverHandedOutAgain() throws Exception {
        store.append(samples("a", 0, 6));
        List<StoredSample> out = store.next(4);
        List<Long> acked = List.of(out.get(0).id(), out.get(2).id());

        store.acknowledge(acked);
        assertStats(6, 2, 4, 2);

        store.release(idsOf(out)); // puts back the two still in flight; the acknowledged are gone
        List<StoredSample> rest = drain();
        assertEquals(List.of(sample("a", 1), sample("a", 3), sample("a", 4), sample("a", 5)), samplesOf(rest));
        rest.forEach(s -> assertTrue(!acked.contains(s.id()), "acknowledged id " + s.id() + " handed out again"));

        store.acknowledge(idsOf(rest));
        assertStats(6, 6, 0, 0);
        store.release(idsOf(out));
        store.release(idsOf(rest));
        assertEquals(List.of(), store.next(100), "nothing comes back once acknowledged");
    }

    @Test
    void acknowledgeIgnoresUnknownAndAlreadyAcknowledgedIds() throws Exception {
        store.append(samples("a", 0, 3));
        List<StoredSample> out = store.next(1);
        store.acknowledge(idsOf(out));
        assertStats(3, 1, 2, 0);

        long unknown = out.get(0).id() + 1_000_000;
        store.acknowledge(List.of(unknown, -1L, out.get(0).id()));
        store.acknowledge(List.of());

        assertStats(3, 1, 2, 0);
        assertEquals(samples("a", 1, 3), samplesOf(drain()), "the other samples are untouched");
    }

    // ---- stats ---------------------------------------------------------------------------------

    @Test
    void statsCountAppendedAcknowledgedPendingAndInFlightConsistently() throws Exception {
        assertStats(0, 0, 0, 0);
        store.append(samples("a", 0, 5));
        assertStats(5, 0, 5, 0);
        store.append(samples("b", 0, 3));
        assertStats(8, 0, 8, 0);

        List<StoredSample> out = store.next(4);
        assertStats(8, 0, 8, 4);

        store.release(List.of(out.get(3).id()));
        assertStats(8, 0, 8, 3);

        store.acknowledge(idsOf(out.subList(0, 2)));
        assertStats(8, 2, 6, 1);

        List<StoredSample> rest = drain();
        assertEquals(5, rest.size());
        assertStats(8, 2, 6, 6);

        store.acknowledge(idsOf(rest));
        store.acknowledge(List.of(out.get(2).id()));
        assertStats(8, 8, 0, 0);

        store.append(samples("c", 0, 2));
        assertStats(10, 8, 2, 0);
    }

    // ---- concurrency -------------------------------------------------------------------------

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentAppendersAndOneConsumerDeliverEverySampleExactlyOncePerPointInOrder() throws Exception {
        int appenders = 4;
        int appendsEach = 60;
        ExecutorService pool = Executors.newFixedThreadPool(appenders);
        List<Future<Integer>> appended = new ArrayList<>();
        try {
            for (int t = 0; t < appenders; t++) {
                String[] points = {"t" + t + "/x", "t" + t + "/y"};
                long seed = t;
                appended.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int[] nextValue = new int[points.length];
                    int total = 0;
                    for (int a = 0; a < appendsEach; a++) {
                        List<Sample> batch = new ArrayList<>();
                        for (int n = 1 + random.nextInt(8); n > 0; n--) {
                            int p = random.nextInt(points.length);
                            batch.add(sample(points[p], nextValue[p]++));
                        }
                        store.append(batch);
                        total += batch.size();
                    }
                    return total;
                }));
            }

            // The consumer: acknowledges most batches, releases the tail of some (as an uplink
            // does when the connection drops mid-batch), until every appender is done and the
            // store is empty.
            Random random = new Random(42);
            Map<String, List<Integer>> delivered = new HashMap<>();
            Set<Long> ackedIds = new HashSet<>();
            int deliveredCount = 0;
            while (true) {
                boolean done = appended.stream().allMatch(Future::isDone);
                List<StoredSample> batch = store.next(1 + random.nextInt(20));
                if (batch.isEmpty()) {
                    if (done) {
                        break; // every append returned before this next, and nothing was left
                    }
                    Thread.sleep(1);
                    continue;
                }
                int keep = random.nextInt(4) == 0 ? random.nextInt(batch.size()) : batch.size();
                List<StoredSample> kept = batch.subList(0, keep);
                for (StoredSample s : kept) {
                    assertTrue(ackedIds.add(s.id()), "id " + s.id() + " handed out after it was acknowledged");
                    delivered.computeIfAbsent(s.sample().pointId(), p -> new ArrayList<>())
                            .add((int) s.sample().value().asLong());
                }
                deliveredCount += kept.size();
                store.acknowledge(idsOf(kept));
                store.release(idsOf(batch.subList(keep, batch.size())));
            }

            int total = 0;
            for (Future<Integer> f : appended) {
                total += f.get();
            }
            assertEquals(total, deliveredCount, "every sample delivered exactly once");
            for (Map.Entry<String, List<Integer>> e : delivered.entrySet()) {
                assertEquals(IntStream.range(0, e.getValue().size()).boxed().toList(), e.getValue(),
                        "every sample of " + e.getKey() + " once, in order");
            }
            assertStats(total, total, 0, 0);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
