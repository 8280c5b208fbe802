package io.tidegate.store.internal;

import static io.tidegate.store.contract.TestSamples.samples;
import static io.tidegate.store.contract.TestSamples.samplesOf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot grow (PRAGMA max_page_count, standing in for a full disk; the real small
 * filesystem is in hardware-tests): appends fail with a clear error and store nothing, what was
 * accepted stays, and appends succeed again by themselves once there is room.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    @Test
    void appendsFailClearlyWhenFullLoseNothingAcceptedAndRecoverWhenSpaceReturns() throws Exception {
        try (SqliteSampleStore store = new SqliteSampleStore(dir.resolve("store.db"),
                SqliteSampleStore.Settings.DEFAULT.withCapacity(SqliteSampleStore.Capacity.UNLIMITED))) {
            store.append(samples("a", 0, 10));
            long pages = Long.parseLong(store.pragma("page_count"));
            store.limitPageCount(pages + 8);

            StoreException full = null;
            int accepted = 10;
            for (int i = 0; full == null && i < 1000; i++) {
                try {
                    store.append(samples("a", accepted, accepted + 500));
                    accepted += 500;
                } catch (StoreException e) {
                    full = e;
                }
            }
            assertNotNull(full, "a database that cannot grow refuses appends");
            assertTrue(full.getMessage().contains("is full") && full.getMessage().contains("none of them was stored")
                    && full.getMessage().contains(dir.resolve("store.db").toString()), full.getMessage());
            assertEquals(new StoreStats(accepted, 0, accepted, 0), store.stats(), "exactly the accepted samples are held");

            store.limitPageCount(1L << 30); // space returns
            store.append(samples("a", accepted, accepted + 500));

            assertEquals(samples("a", 0, accepted + 500), samplesOf(store.next(Integer.MAX_VALUE)),
                    "everything accepted, before and after, in order");
        }
    }
}
