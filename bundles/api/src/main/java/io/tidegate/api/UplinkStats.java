package io.tidegate.api;

/**
 * Uplink counters.
 *
 * @param connected whether the session with the broker is up now
 * @param forwarded samples acknowledged by the broker since the uplink started
 * @param lastError the last connection or publish error, or empty
 */
public record UplinkStats(boolean connected, long forwarded, String lastError) {
}
