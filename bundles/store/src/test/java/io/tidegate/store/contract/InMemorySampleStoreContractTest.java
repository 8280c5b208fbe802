package io.tidegate.store.contract;

import io.tidegate.api.SampleStore;

import java.nio.file.Path;

/** The shared in-memory store keeps the contract (it does not survive a restart). */
class InMemorySampleStoreContractTest extends SampleStoreContract {
    @Override
    protected SampleStore open(Path dir) {
        return new InMemorySampleStore();
    }
}
