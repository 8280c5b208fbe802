package io.tidegate.driver.sim.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/** A monotonic clock and a wall clock that move only when the test says so. */
final class FakeTime {
    /** 2026-01-01T00:00:00Z. */
    static final long EPOCH_MS = 1_767_225_600_000L;

    // Not zero: the session must measure from when it opened, not from the clock's origin.
    private long nanos = 987_654_321L;
    private final long originNanos = nanos;

    LongSupplier nanoTime() {
        return () -> nanos;
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public long millis() {
                return EPOCH_MS + (nanos - originNanos) / 1_000_000L;
            }
        };
    }

    void advanceSeconds(double seconds) {
        nanos += Math.round(seconds * 1e9);
    }

    long wallMillis() {
        return clock().millis();
    }
}
