package io.tidegate.store.contract;

import io.tidegate.api.SampleStore;

import java.nio.file.Path;

/** The shared in-memory store keeps the capacity contract with a limit counted in samples. */
class InMemoryCapacityContractTest extends CapacityContract {
    @Override
    protected SampleStore openLimited(Path dir, Policy policy) {
        return new InMemorySampleStore(LIMIT_SAMPLES, policy == Policy.REJECT_NEW);
    }
}
