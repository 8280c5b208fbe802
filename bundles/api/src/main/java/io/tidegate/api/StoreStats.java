package io.tidegate.api;

/**
 * Store counters.
 *
 * @param appended     samples accepted since the store opened
 * @param acknowledged samples acknowledged (and deleted) since the store opened
 * @param pending      samples on disk waiting to be forwarded, including those in flight
 * @param inFlight     samples handed out and not yet acknowledged
 */
public record StoreStats(long appended, long acknowledged, long pending, long inFlight) {
}
