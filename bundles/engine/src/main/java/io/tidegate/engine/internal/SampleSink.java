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
    private static final long ERROR_LOG_INTERVAL_MILLIS = 60_000;
    private boolean failing;
    private long lastErrorLogged;

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
            if (failing) {
                LOG.log(Level.INFO, "store accepts appends again; {0} held samples written", held.size());
                failing = false;
            }
            held.clear();
        } catch (StoreException e) {
            long now = System.currentTimeMillis();
            // Once when the store starts refusing, then once a minute: every poll would flood the log.
            if (!failing || now - lastErrorLogged >= ERROR_LOG_INTERVAL_MILLIS) {
                LOG.log(Level.ERROR, "store refuses appends; holding the newest samples in memory ({0} held, {1} "
                        + "dropped so far): {2}", held.size() + samples.size(), dropped.get(), e.getMessage());
                lastErrorLogged = now;
            }
            failing = true;
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
