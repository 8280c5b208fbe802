package io.tidegate.store.internal;

import io.tidegate.api.SampleStore;
import io.tidegate.store.contract.DurableSampleStoreContract;

import java.nio.file.Path;

/** The SQLite store keeps the store contract, including restarts. */
class SqliteSampleStoreContractTest extends DurableSampleStoreContract {
    @Override
    protected SampleStore open(Path dir) throws Exception {
        return new SqliteSampleStore(dir.resolve("store.db"));
    }
}
