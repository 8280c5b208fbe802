package io.tidegate.store.contract;

import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A complete in-memory {@link SampleStore} for unit tests: it passes {@link SampleStoreContract}
 * (everything but restart and capacity, since nothing survives the JVM and memory has no size
 * limit here). Ids are issued in append order; the oldest sample of the priority lane neither in
 * flight nor acknowledged is handed out first, then the oldest of telemetry, so released samples
 * go back ahead of newer ones of their lane. Thread-safe: every method holds this object's monitor, so a subclass
 * that adds test hooks can synchronize on {@code this} too.
 */
public class InMemorySampleStore implements SampleStore {
    private final TreeMap<Long, Sample> rows = new TreeMap<>();
    /** Ids waiting to be handed out (never handed out, or released), lowest first, per lane. */
    private final TreeSet<Long> waitingPriority = new TreeSet<>();
    private final TreeSet<Long> waitingTelemetry = new TreeSet<>();
    private final Map<Long, Lane> lanes = new HashMap<>();
    private final Set<Long> inFlight = new HashSet<>();
    private long nextId = 1;
    private long appended;
    private long acknowledged;

    @Override
    public synchronized void append(List<Sample> samples, Lane lane) throws StoreException {
        samples.forEach(s -> Objects.requireNonNull(s, "sample"));
        Objects.requireNonNull(lane, "lane");
        for (Sample sample : samples) {
            long id = nextId++;
            rows.put(id, sample);
            lanes.put(id, lane);
            waiting(lane).add(id);
        }
        appended += samples.size();
    }

    @Override
    public synchronized List<StoredSample> next(int max) throws StoreException {
        List<StoredSample> out = new ArrayList<>();
        while (out.size() < max && !(waitingPriority.isEmpty() && waitingTelemetry.isEmpty())) {
            long id = waitingPriority.isEmpty() ? waitingTelemetry.pollFirst() : waitingPriority.pollFirst();
            inFlight.add(id);
            out.add(new StoredSample(id, rows.get(id)));
        }
        return out;
    }

    @Override
    public synchronized void acknowledge(Collection<Long> ids) throws StoreException {
        for (Long id : ids) {
            if (rows.remove(id) != null) {
                inFlight.remove(id);
                waiting(lanes.remove(id)).remove(id);
                acknowledged++;
            }
        }
    }

    @Override
    public synchronized void release(Collection<Long> ids) {
        for (Long id : ids) {
            if (inFlight.remove(id)) {
                waiting(lanes.get(id)).add(id);
            }
        }
    }

    @Override
    public synchronized StoreStats stats() {
        return new StoreStats(appended, acknowledged, rows.size(), inFlight.size());
    }

    private TreeSet<Long> waiting(Lane lane) {
        return lane == Lane.PRIORITY ? waitingPriority : waitingTelemetry;
    }

    /** Test hook: the samples not yet acknowledged (in flight or not), in append order. */
    public synchronized List<Sample> pending() {
        return new ArrayList<>(rows.values());
    }
}
