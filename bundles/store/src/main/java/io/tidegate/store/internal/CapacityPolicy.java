package io.tidegate.store.internal;

/** What the store does when it reaches its size limit (see {@link SqliteSampleStore.Capacity}). */
public enum CapacityPolicy {
    /**
     * Deletes the oldest telemetry not in flight to make room (the default): the newest data, which
     * the operator needs most, keeps coming in; every drop is counted and reported upstream.
     */
    DROP_OLDEST,
    /**
     * Refuses new telemetry until the uplink has delivered enough of the backlog: the oldest data is
     * kept, and the engine holds the newest readings in its memory ring (bounded) meanwhile.
     */
    REJECT_NEW
}
