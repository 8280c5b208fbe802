package io.tidegate.api;

/**
 * Store counters.
 *
 * @param appended     samples accepted since the store opened, the store's own reports included (a
 *                     report that takes over an unsent one counts once)
 * @param acknowledged samples acknowledged (and deleted) since the store opened
 * @param pending      samples on disk waiting to be forwarded, including those in flight
 * @param inFlight     samples handed out and not yet acknowledged
 * @param dropped      accepted samples a capacity policy (size or age limit) deleted unsent since
 *                     the store opened; each drop is also reported as a {@link GatewayPoints#STORE_EVENT}
 */
public record StoreStats(long appended, long acknowledged, long pending, long inFlight, long dropped) {

    /** Counters of a store that has dropped nothing. */
    public StoreStats(long appended, long acknowledged, long pending, long inFlight) {
        this(appended, acknowledged, pending, inFlight, 0);
    }
}
