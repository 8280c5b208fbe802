package io.tidegate.store.contract;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;
import java.util.List;
import java.util.stream.IntStream;

/** Numbered samples and views of what a store hands out, shared by the contract and the store's own tests. */
public final class TestSamples {
    /** The time of sample 0 (November 2025). */
    public static final long T = 1_763_700_000_000L;

    private TestSamples() {
    }

    /** Sample i of a point: INT32 value i, read i seconds after T. */
    public static Sample sample(String point, int i) {
        return Sample.good(point, Value.of(DataType.INT32, i), T + i * 1000L);
    }

    public static List<Sample> samples(String point, int from, int toExclusive) {
        return IntStream.range(from, toExclusive).mapToObj(i -> sample(point, i)).toList();
    }

    public static List<Sample> samplesOf(List<StoredSample> stored) {
        return stored.stream().map(StoredSample::sample).toList();
    }

    public static List<Long> idsOf(List<StoredSample> stored) {
        return stored.stream().map(StoredSample::id).toList();
    }
}
