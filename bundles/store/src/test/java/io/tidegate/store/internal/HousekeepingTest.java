package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Housekeeping keeps the database file and its -wal file bounded through a long run of
 * append / next / acknowledge, and gives the space of a large backlog back once it is delivered.
 * Sizes only, no timing: housekeeping is triggered by transaction counts here.
 */
class HousekeepingTest {
    private static final long T = 1_763_700_000_000L;
    private static final int ROUND = 5_000;
    private static final int ROUNDS = 200;
    /** A round in the middle where the uplink is down: 60 rounds' worth of samples pile up. */
    private static final int OUTAGE_ROUND = 20;
    private static final int OUTAGE_APPENDS = 60;
    /** Rounds measured at the start, to set the bound. */
    private static final int FIRST_ROUNDS = 10;

    private static final SqliteSampleStore.Housekeeping ON = new SqliteSampleStore.Housekeeping(10, 0, 32, 1L << 20);

    @TempDir
    Path dir;

    private int nextValue;

    private List<Sample> batch() {
        return IntStream.range(0, ROUND)
                .mapToObj(i -> Sample.good("station" + (i % 50) + "/analog_" + (i % 7),
                        Value.of(DataType.FLOAT32, (nextValue + i) % 977 * 0.25), T + nextValue++))
                .toList();
    }

    private static void drain(SqliteSampleStore store) throws StoreException {
        List<StoredSample> out;
        while (!(out = store.next(ROUND)).isEmpty()) {
            store.acknowledge(out.stream().map(StoredSample::id).toList());
        }
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** Sizes of the main file and the -wal file after each round. */
    private record Sizes(List<Long> main, List<Long> wal) {
        long total(int round) {
            return main.get(round) + wal.get(round);
        }
    }

    private Sizes run(String name, SqliteSampleStore.Housekeeping housekeeping) throws Exception {
        Path file = dir.resolve(name);
        Path wal = Path.of(file + "-wal");
        Sizes sizes = new Sizes(new ArrayList<>(), new ArrayList<>());
        try (SqliteSampleStore store = new SqliteSampleStore(file,
                new SqliteSampleStore.Settings(20, 10_000, SynchronousMode.NORMAL, housekeeping))) {
            for (int round = 0; round < ROUNDS; round++) {
                if (round == OUTAGE_ROUND) {
                    for (int i = 0; i < OUTAGE_APPENDS; i++) {
                        store.append(batch());
                    }
                }
                store.append(batch());
                drain(store);
                assertEquals(0, store.stats().pending());
                sizes.main().add(size(file));
                sizes.wal().add(size(wal));
            }
        }
        return sizes;
    }

    @Test
    void fileAndWalStayBoundedAndABacklogsSpaceIsGivenBack() throws Exception {
        Sizes on = run("on.db", ON);
        Sizes off = run("off.db", SqliteSampleStore.Housekeeping.OFF);

        long bound = 0;
        long walBound = 0;
        for (int round = 0; round < FIRST_ROUNDS; round++) {
            bound = Math.max(bound, on.total(round));
            walBound = Math.max(walBound, on.wal().get(round));
        }
        System.out.printf("housekeeping on: first rounds max %d (wal %d), max from round %d on %d (wal %d), last %d + %d%n",
                bound, walBound, OUTAGE_ROUND + 10, max(on, OUTAGE_ROUND + 10), maxWal(on), on.main().get(ROUNDS - 1),
                on.wal().get(ROUNDS - 1));
        System.out.printf("housekeeping off: first rounds max %d, later max %d, last %d + %d%n",
                maxFirst(off), max(off, FIRST_ROUNDS), off.main().get(ROUNDS - 1), off.wal().get(ROUNDS - 1));
        // Housekeeping runs every 10 transactions (5 rounds): give it two runs after the outage.
        int settled = OUTAGE_ROUND + 10;
        for (int round = settled; round < ROUNDS; round++) {
            assertTrue(on.total(round) <= 2 * bound, "round " + round + ": " + on.total(round) + " > 2 x " + bound);
            assertTrue(on.wal().get(round) <= 2 * walBound,
                    "round " + round + ": -wal " + on.wal().get(round) + " > 2 x " + walBound);
        }
        // Without housekeeping the backlog's pages stay in the file for good: the test measures something.
        long lastOff = off.main().get(ROUNDS - 1);
        long lastOn = on.main().get(ROUNDS - 1);
        assertTrue(lastOff > 2 * bound && lastOff > 10 * lastOn,
                "main file without housekeeping " + lastOff + " bytes, with " + lastOn + " (bound " + bound + ")");
    }

    private static long max(Sizes s, int from) {
        long max = 0;
        for (int round = from; round < s.main().size(); round++) {
            max = Math.max(max, s.total(round));
        }
        return max;
    }

    private static long maxWal(Sizes s) {
        return s.wal().stream().skip(FIRST_ROUNDS).mapToLong(Long::longValue).max().orElse(0);
    }

    private static long maxFirst(Sizes s) {
        long max = 0;
        for (int round = 0; round < FIRST_ROUNDS; round++) {
            max = Math.max(max, s.total(round));
        }
        return max;
    }
}
