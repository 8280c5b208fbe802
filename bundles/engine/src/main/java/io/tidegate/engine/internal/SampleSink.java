package io.tidegate.engine.internal;

import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands samples to the store. When the store refuses them (disk full, database broken) the newest
 * samples are held in a bounded memory ring and retried with the next append, so a short store
 * outage loses nothing and a long one loses only the oldest, counted.
 */
final class SampleSink {
    private static final Logger LOG = System.getLogger(SampleSink.class.getName());

    private final SampleStore store;
    private final int capacity;
    private final Deque<Sample> held = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private String lastError = "";

    SampleSink(SampleStore store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    synchronized void accept(List<Sample> samples) {
        List<Sample> batch = samples;
        if (!held.isEmpty()) {
            batch = new ArrayList<>(held);
            batch.addAll(samples);
        }
        try {
            store.append(batch);
            stored.addAndGet(batch.size());
            if (!held.isEmpty()) {
                LOG.log(Level.INFO, "store accepts appends again; {0} held samples written", held.size());
                held.clear();
                lastError = "";
            }
        } catch (StoreException e) {
            if (!e.getMessage().equals(lastError)) {
                LOG.log(Level.ERROR, "store refused {0} samples, holding them in memory: {1}", batch.size(),
                        e.getMessage());
                lastError = e.getMessage();
            }
            held.addAll(samples);
            while (held.size() > capacity) {
                held.removeFirst();
                dropped.incrementAndGet();
            }
        }
    }

    long stored() {
        return stored.get();
    }

    synchronized int held() {
        return held.size();
    }

    long dropped() {
        return dropped.get();
    }
}
