package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentAppendTest {
    private static final int PRODUCERS = 4;
    private static final int POINTS_PER_PRODUCER = 5;
    private static final int SAMPLES_PER_POINT = 1_000;

    @TempDir
    Path dir;

    @Test
    void everySampleIsHandedOutExactlyOnceInOrderPerPointWhileOthersAppend() throws Exception {
        Path file = dir.resolve("store.db");
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS + 1);
        Map<String, List<Long>> received = new HashMap<>();
        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(threads.submit(() -> {
                    try {
                        start.await();
                        // Each producer owns its points and appends their values 0, 1, 2, ...
                        // in batches of varying size, interleaving the points.
                        int batchSize = 7 + producer * 13;
                        List<Sample> batch = new ArrayList<>();
                        for (int i = 0; i < SAMPLES_PER_POINT; i++) {
                            for (int k = 0; k < POINTS_PER_PRODUCER; k++) {
                                batch.add(Sample.good(pointName(producer, k), Value.of(DataType.INT64, i), i));
                                if (batch.size() == batchSize) {
                                    store.append(List.copyOf(batch));
                                    batch.clear();
                                }
                            }
                        }
                        store.append(batch);
                        return null;
                    } finally {
                        producersDone.countDown();
                    }
                }));
            }
            Future<?> consumer = threads.submit(() -> {
                start.await();
                while (true) {
                    // Read whether producers are done before asking, so an empty answer after
                    // that really means everything was handed out.
                    boolean lastRound = producersDone.getCount() == 0;
                    List<StoredSample> out = store.next(61);
                    for (StoredSample stored : out) {
                        received.computeIfAbsent(stored.sample().pointId(), k -> new ArrayList<>())
                                .add(stored.sample().value().asLong());
                    }
                    store.acknowledge(out.stream().map(StoredSample::id).toList());
                    if (out.isEmpty()) {
                        if (lastRound) {
                            return null;
                        }
                        Thread.onSpinWait();
                    }
                }
            });

            start.countDown();
            for (Future<?> producer : producers) {
                producer.get(5, TimeUnit.MINUTES); // a guard against a hang, not a speed limit
            }
            consumer.get(5, TimeUnit.MINUTES);

            long total = (long) PRODUCERS * POINTS_PER_PRODUCER * SAMPLES_PER_POINT;
            assertEquals(new StoreStats(total, total, 0, 0), store.stats());
        } finally {
            threads.shutdownNow();
        }

        List<Long> expected = IntStream.range(0, SAMPLES_PER_POINT).mapToObj(i -> (long) i).toList();
        assertEquals(PRODUCERS * POINTS_PER_PRODUCER, received.size());
        for (int p = 0; p < PRODUCERS; p++) {
            for (int k = 0; k < POINTS_PER_PRODUCER; k++) {
                assertEquals(expected, received.get(pointName(p, k)), pointName(p, k));
            }
        }
        assertEquals(0, SeparateConnection.queryLong(file, "SELECT count(*) FROM sample"));
    }

    private static String pointName(int producer, int k) {
        return "producer" + producer + "/point" + k;
    }
}
