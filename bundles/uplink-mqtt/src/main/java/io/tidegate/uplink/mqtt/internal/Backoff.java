package io.tidegate.uplink.mqtt.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect backoff with full jitter, so a fleet of gateways that lost the same broker
 * does not come back in lockstep.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private int failures;

    Backoff(long minMillis, long maxMillis) {
        this.minMillis = minMillis;
        this.maxMillis = Math.max(minMillis, maxMillis);
    }

    /** The delay before the next attempt, growing with each failure. */
    long nextDelayMillis() {
        long ceiling = Math.min(maxMillis, minMillis << Math.min(failures, 20));
        failures++;
        return minMillis / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - minMillis / 2));
    }

    void reset() {
        failures = 0;
    }
}
