package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * An in-memory {@link SampleStore} with the store's contract (hand out in order, delete only on
 * acknowledge, release puts back at the head) that also records every breach of it. It keeps the
 * store contract itself ({@link FakeStoreContractTest}); a breach is recorded, then handled as the
 * contract says (e.g. an unknown id acknowledged is ignored, also in the stats).
 */
final class FakeStore implements SampleStore {
    private final TreeMap<Long, Sample> rows = new TreeMap<>();
    private final Set<Long> inFlight = new HashSet<>();
    /** Ids appended to the priority lane and not yet deleted: handed out before any telemetry. */
    private final TreeSet<Long> priority = new TreeSet<>();
    private final List<Long> acknowledgedIds = new ArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private long nextId = 1;
    private long appended;
    /** Samples actually deleted by acknowledge; unknown and repeated ids do not count (the contract ignores them). */
    private long deleted;
    /** How many samples the broker has acknowledged so far, when the test knows it; null when it does not. */
    private volatile IntSupplier ackedByBroker;

    void checkAcknowledgementsAgainst(IntSupplier samplesAckedByBroker) {
        this.ackedByBroker = samplesAckedByBroker;
    }

    @Override
    public synchronized void append(List<Sample> samples, Lane lane) {
        for (Sample s : samples) {
            if (lane == Lane.PRIORITY) {
                priority.add(nextId);
            }
            rows.put(nextId++, s);
            appended++;
        }
    }

    @Override
    public synchronized List<StoredSample> next(int max) {
        List<StoredSample> out = new ArrayList<>();
        for (long id : priority) {
            if (out.size() < max && inFlight.add(id)) {
                out.add(new StoredSample(id, rows.get(id)));
            }
        }
        for (Map.Entry<Long, Sample> row : rows.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            if (inFlight.add(row.getKey())) {
                out.add(new StoredSample(row.getKey(), row.getValue()));
            }
        }
        return out;
    }

    @Override
    public synchronized void acknowledge(Collection<Long> ids) {
        IntSupplier broker = ackedByBroker;
        if (broker != null && acknowledgedIds.size() + ids.size() > broker.getAsInt()) {
            violations.add("acknowledged " + (acknowledgedIds.size() + ids.size()) + " samples but the broker had acked only "
                    + broker.getAsInt());
        }
        for (Long id : ids) {
            if (!inFlight.remove(id)) {
                violations.add("acknowledged sample " + id + " that was not in flight");
            }
            if (rows.remove(id) == null) {
                violations.add("acknowledged sample " + id + " twice or never appended");
            } else {
                priority.remove(id);
                deleted++;
            }
            acknowledgedIds.add(id);
        }
    }

    @Override
    public synchronized void release(Collection<Long> ids) {
        for (Long id : ids) {
            if (!inFlight.remove(id)) {
                violations.add("released sample " + id + " that was not in flight");
            }
        }
    }

    @Override
    public synchronized StoreStats stats() {
        return new StoreStats(appended, deleted, rows.size(), inFlight.size());
    }

    synchronized List<Sample> pending() {
        return new ArrayList<>(rows.values());
    }

    synchronized List<Long> acknowledgedIds() {
        return new ArrayList<>(acknowledgedIds);
    }
}
