package io.tidegate.store.contract;

import io.tidegate.api.DataType;
import io.tidegate.api.DropTally;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

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
 * and, given a limit in samples, {@link CapacityContract} (everything but restart, since nothing
 * survives the JVM). Ids are issued in append order; the oldest sample of the priority lane neither in
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
    private final int maxSamples;
    private final boolean rejectNew;
    private long nextId = 1;
    private long appended;
    private long acknowledged;
    private long dropped;

    /** A store without a limit. */
    public InMemorySampleStore() {
        this(0, false);
    }

    /**
     * A store that holds at most {@code maxSamples} (0: no limit): beyond it, it drops the oldest
     * telemetry not in flight down to 90% of the limit, or with {@code rejectNew} refuses telemetry.
     */
    public InMemorySampleStore(int maxSamples, boolean rejectNew) {
        this.maxSamples = maxSamples;
        this.rejectNew = rejectNew;
    }

    @Override
    public synchronized void append(List<Sample> samples, Lane lane) throws StoreException {
        samples.forEach(s -> Objects.requireNonNull(s, "sample"));
        Objects.requireNonNull(lane, "lane");
        if (lane == Lane.TELEMETRY && rejectNew && maxSamples > 0 && rows.size() >= maxSamples) {
            throw new StoreException("the in-memory store is full: " + rows.size() + " samples of its " + maxSamples
                    + "-sample limit (capacity policy reject-new); these " + samples.size() + " samples were not stored");
        }
        for (Sample sample : samples) {
            long id = nextId++;
            rows.put(id, sample);
            lanes.put(id, lane);
            waiting(lane).add(id);
        }
        appended += samples.size();
        if (!rejectNew && maxSamples > 0 && rows.size() > maxSamples) {
            dropOldest();
        }
    }

    /** Drops the oldest waiting telemetry, then priority samples, to 90% of the limit, and reports it. */
    private void dropOldest() {
        int target = maxSamples - maxSamples / 10;
        DropTally tally = new DropTally();
        for (TreeSet<Long> waiting : List.of(waitingTelemetry, waitingPriority)) {
            while (rows.size() > target && !waiting.isEmpty()) {
                long id = waiting.pollFirst();
                lanes.remove(id);
                tally.add(rows.remove(id));
            }
        }
        dropped += tally.total();
        long now = System.currentTimeMillis();
        List<Sample> events = tally.events("the in-memory store reached its " + maxSamples + "-sample limit", now);
        events.add(Sample.good(GatewayPoints.STORE_DROPPED.id(), Value.of(DataType.INT64, dropped), now));
        for (Sample event : events) {
            long id = nextId++;
            rows.put(id, event);
            lanes.put(id, Lane.PRIORITY);
            waitingPriority.add(id);
        }
        appended += events.size();
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
        return new StoreStats(appended, acknowledged, rows.size(), inFlight.size(), dropped);
    }

    private TreeSet<Long> waiting(Lane lane) {
        return lane == Lane.PRIORITY ? waitingPriority : waitingTelemetry;
    }

    /** Test hook: the samples not yet acknowledged (in flight or not), in append order. */
    public synchronized List<Sample> pending() {
        return new ArrayList<>(rows.values());
    }
}
