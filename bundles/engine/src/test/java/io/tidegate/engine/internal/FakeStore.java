package io.tidegate.engine.internal;

import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** An in-memory store for unit tests that can be told to refuse appends, like a full disk. */
final class FakeStore implements SampleStore {
    final List<Sample> appended = new ArrayList<>();
    String failure;

    @Override
    public void append(List<Sample> samples) throws StoreException {
        if (failure != null) {
            throw new StoreException(failure);
        }
        appended.addAll(samples);
    }

    @Override
    public List<StoredSample> next(int max) {
        return List.of();
    }

    @Override
    public void acknowledge(Collection<Long> ids) {
    }

    @Override
    public void release(Collection<Long> ids) {
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(appended.size(), 0, appended.size(), 0);
    }

    List<Sample> samplesOf(String pointId) {
        List<Sample> result = new ArrayList<>();
        appended.stream().filter(s -> s.pointId().equals(pointId)).forEach(result::add);
        return result;
    }
}
