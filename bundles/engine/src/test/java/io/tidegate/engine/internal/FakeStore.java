package io.tidegate.engine.internal;

import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.StoreException;
import io.tidegate.store.contract.InMemorySampleStore;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory store for unit tests that can be told to refuse appends, like a full disk. The
 * queue itself is the shared {@link InMemorySampleStore}, which keeps the store contract
 * ({@link FakeStoreContractTest}); this adds the test hooks.
 */
final class FakeStore extends InMemorySampleStore {
    /** Every sample accepted, in append order, whether or not it has been acknowledged since. */
    final List<Sample> appended = new ArrayList<>();
    /** When set, appends fail with this message and accept nothing. */
    volatile String failure;
    /** When set, telemetry appends fail with this message (like the reject-new policy); priority ones go in. */
    volatile String telemetryFailure;

    @Override
    public synchronized void append(List<Sample> samples, Lane lane) throws StoreException {
        String refusal = failure != null ? failure : lane == Lane.TELEMETRY ? telemetryFailure : null;
        if (refusal != null) {
            throw new StoreException(refusal);
        }
        super.append(samples, lane);
        appended.addAll(samples);
    }

    synchronized List<Sample> samplesOf(String pointId) {
        List<Sample> result = new ArrayList<>();
        appended.stream().filter(s -> s.pointId().equals(pointId)).forEach(result::add);
        return result;
    }
}
