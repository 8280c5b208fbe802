package io.tidegate.api;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * The durable store-and-forward queue between the engine and the uplinks.
 *
 * <p>The contract: a sample is <em>accepted</em> when {@link #append} returns; from then on it is
 * handed out until an uplink {@linkplain #acknowledge acknowledges} it, across restarts and power
 * cuts. Samples are handed out in append order within each {@link Lane}, the priority lane first.
 * Nothing is deleted before it is acknowledged, except by a configured capacity policy, which
 * counts and reports every sample it drops.
 */
public interface SampleStore {

    /**
     * Appends samples to a lane in one transaction and returns once they are committed to disk.
     *
     * @throws StoreException when the samples could not be made durable (disk full, database
     *         broken); then none of them was accepted
     */
    void append(List<Sample> samples, Lane lane) throws StoreException;

    /** Appends telemetry: {@code append(samples, Lane.TELEMETRY)}. */
    default void append(List<Sample> samples) throws StoreException {
        append(samples, Lane.TELEMETRY);
    }

    /**
     * Hands out up to {@code max} of the oldest samples that are neither acknowledged nor already
     * handed out, and marks them in flight: all of the priority lane's before any telemetry.
     */
    List<StoredSample> next(int max) throws StoreException;

    /**
     * {@link #next(int)}, but when nothing is ready waits up to {@code waitMillis} for samples to
     * arrive, so an uplink forwards a reading as soon as it is stored instead of at its next poll.
     * This default polls once more after the wait; stores that can tell when rows arrive wake earlier.
     *
     * @throws InterruptedException when the waiting thread is interrupted (an uplink stopping)
     */
    default List<StoredSample> next(int max, long waitMillis) throws StoreException, InterruptedException {
        List<StoredSample> out = next(max);
        if (out.isEmpty() && waitMillis > 0 && max > 0) {
            Thread.sleep(waitMillis);
            out = next(max);
        }
        return out;
    }

    /**
     * An uplink's new session begins (after releasing what the last one had in flight): from now
     * on, hand out everything not in flight oldest first again, as after a restart. Without this, a
     * store that hands live samples out ahead of a backlog could send an old sample of a point after
     * a newer one that the uplink flags historical because it was taken before the session. Stores
     * that always hand out oldest first need do nothing.
     */
    default void newSession() {
    }

    /** Deletes samples the upstream broker has acknowledged. */
    void acknowledge(Collection<Long> ids) throws StoreException;

    /** Puts in-flight samples back at the head of the queue, e.g. when the connection dropped. */
    void release(Collection<Long> ids);

    /** Counters for status lines and health. */
    StoreStats stats();

    /**
     * The gateway time (epoch ms) of the oldest sample not yet acknowledged, in flight included, over
     * both lanes; empty when nothing waits, or when this store cannot tell cheaply. For the
     * installer console and metrics ("how far behind is the uplink").
     */
    default OptionalLong oldestPendingTime() throws StoreException {
        return OptionalLong.empty();
    }
}
