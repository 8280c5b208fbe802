package io.tidegate.store.internal;

import io.tidegate.api.SampleStore;
import io.tidegate.store.contract.CapacityContract;

import java.nio.file.Path;

/** The SQLite store keeps the capacity contract; 1 MiB holds roughly 20,000 of the test samples. */
class SqliteCapacityContractTest extends CapacityContract {
    @Override
    protected SampleStore openLimited(Path dir, Policy policy) throws Exception {
        CapacityPolicy storePolicy = policy == Policy.REJECT_NEW ? CapacityPolicy.REJECT_NEW : CapacityPolicy.DROP_OLDEST;
        return new SqliteSampleStore(dir.resolve("store.db"), SqliteSampleStore.Settings.DEFAULT
                .withCapacity(new SqliteSampleStore.Capacity(1 << 20, 0, storePolicy)));
    }
}
