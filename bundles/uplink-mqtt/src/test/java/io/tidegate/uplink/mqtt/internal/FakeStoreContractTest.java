package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.SampleStore;
import io.tidegate.store.contract.SampleStoreContract;

import java.nio.file.Path;

/** The uplink tests' in-memory store keeps the store contract (it does not survive a restart). */
class FakeStoreContractTest extends SampleStoreContract {
    @Override
    protected SampleStore open(Path dir) {
        return new FakeStore();
    }
}
