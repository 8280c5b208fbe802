package io.tidegate.engine.internal;

import io.tidegate.api.DropTally;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.Value;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands samples to the store. When the store refuses them (disk full, the reject-new capacity
 * policy, a broken database) the newest readings wait in a bounded memory ring and go in, in
 * order, with the next append that succeeds; so a short store outage loses nothing, and a long one
 * loses only the oldest readings of the ring, counted per point.
 *
 * <p>While the store refuses telemetry, the gateway's store alarm ({@link GatewayPoints#STORE_ALARM})
 * is raised: a {@code true} sample goes into the priority lane as soon as the store takes one (the
 * reject-new policy still takes alarms; a full disk takes nothing, so it waits, never dropped),
 * followed by the reports of what the ring dropped, and {@code false} once telemetry goes in again.
 */
final class SampleSink {
    private static final Logger LOG = System.getLogger(SampleSink.class.getName());
    private static final long ERROR_LOG_INTERVAL_MILLIS = 60_000;

    private final SampleStore store;
    private final int capacity;
    private final LatestSamples latest;
    private final Deque<Sample> held = new ArrayDeque<>();
    /** Alarm changes not yet in the store, oldest first, never dropped (one raise and one clear per outage). */
    private final List<Sample> alarms = new ArrayList<>();
    /** What the ring dropped since the last report that went in. */
    private final DropTally ringDrops = new DropTally();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private boolean alarmRaised;
    private long lastErrorLogged;

    SampleSink(SampleStore store, int capacity) {
        this(store, capacity, new LatestSamples());
    }

    SampleSink(SampleStore store, int capacity, LatestSamples latest) {
        this.store = store;
        this.capacity = capacity;
        this.latest = latest;
    }

    synchronized void accept(List<Sample> samples) {
        int heldBefore = held.size();
        held.addAll(samples);
        try {
            List<Sample> batch = new ArrayList<>(held);
            store.append(batch);
            stored.addAndGet(batch.size());
            held.clear();
            if (alarmRaised) {
                LOG.log(Level.INFO, "the store accepts readings again; the {0} held in memory are written",
                        heldBefore);
                alarmRaised = false;
                alarms.add(alarm(false));
            }
        } catch (StoreException e) {
            // Only now, with the store refusing, is the ring cut to its size: oldest out, counted.
            while (held.size() > capacity) {
                ringDrops.add(held.removeFirst());
                dropped.incrementAndGet();
            }
            long now = System.currentTimeMillis();
            // Once when the store starts refusing, then once a minute: every poll would flood the log.
            if (!alarmRaised || now - lastErrorLogged >= ERROR_LOG_INTERVAL_MILLIS) {
                LOG.log(Level.ERROR, "STORE ALARM: the store refuses readings; holding the newest in memory ({0} held"
                        + " of at most {1}, {2} dropped so far): {3}", held.size(), capacity, dropped.get(),
                        e.getMessage());
                lastErrorLogged = now;
            }
            if (!alarmRaised) {
                alarmRaised = true;
                alarms.add(alarm(true));
            }
        }
        reportToPriorityLane();
    }

    /** Appends pending alarm changes and drop reports to the priority lane, if the store takes them now. */
    private void reportToPriorityLane() {
        if (alarms.isEmpty() && ringDrops.isEmpty()) {
            return;
        }
        List<Sample> events = new ArrayList<>(alarms);
        events.addAll(ringDrops.events("the store refused readings and the gateway's memory ring of " + capacity
                + " samples was full (engine memoryBufferSamples)", System.currentTimeMillis()));
        try {
            store.append(events, Lane.PRIORITY);
            alarms.clear();
            ringDrops.clear();
        } catch (StoreException e) {
            // Kept, and tried with the next poll (a full disk refuses these too; the STORE ALARM
            // log line above already says so); the ring drops go on being counted meanwhile.
            LOG.log(Level.DEBUG, "store alarm and drop reports wait in memory: {0}", e.getMessage());
        }
    }

    /** An alarm change; live views see it at once, the store when it takes it. */
    private Sample alarm(boolean raised) {
        Sample alarm = Sample.good(GatewayPoints.STORE_ALARM.id(), Value.ofBoolean(raised), System.currentTimeMillis());
        latest.record(List.of(alarm));
        return alarm;
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

    /** True while the store refuses readings. */
    synchronized boolean alarmRaised() {
        return alarmRaised;
    }
}
