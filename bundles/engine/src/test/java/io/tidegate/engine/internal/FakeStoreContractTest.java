package io.tidegate.engine.internal;

import io.tidegate.api.SampleStore;
import io.tidegate.store.contract.SampleStoreContract;

import java.nio.file.Path;

/** The engine's in-memory store keeps the store contract (it does not survive a restart). */
class FakeStoreContractTest extends SampleStoreContract {
    @Override
    protected SampleStore open(Path dir) {
        return new FakeStore();
    }
}
