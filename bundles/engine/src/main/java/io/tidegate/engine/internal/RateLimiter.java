package io.tidegate.engine.internal;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} commands at once, refilled at {@code perMinute}. A flood of commands
 * from a misbehaving host is refused beyond that, so it cannot hammer a device or a pump.
 */
final class RateLimiter {
    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    RateLimiter(int burst, int perMinute, LongSupplier nanoClock) {
        this.capacity = Math.max(1, burst);
        this.tokensPerNano = Math.max(1, perMinute) / 60e9;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** Takes one token; false when none is left. */
    synchronized boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    String describe() {
        return "at most " + (int) capacity + " commands at once and " + Math.round(tokensPerNano * 60e9)
                + " per minute";
    }
}
