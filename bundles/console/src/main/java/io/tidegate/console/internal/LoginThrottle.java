package io.tidegate.console.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing per source address: the first {@value #FREE_FAILURES} wrong
 * passwords cost nothing (typos), then each further one locks the source out for twice as long as
 * the one before, from 1 s up to {@value #MAX_LOCK_SECONDS} s. A success clears the source. Locked
 * out attempts are refused without checking the password, so guessing cannot go faster by asking
 * more often, and no request thread sleeps.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 3;
    static final long MAX_LOCK_SECONDS = 300;
    /** Sources remembered; the oldest are forgotten first so a flood of addresses cannot fill memory. */
    private static final int MAX_SOURCES = 10_000;

    private record Record(int failures, long lockedUntil) {
    }

    private final LongSupplier clock;
    private final Map<String, Record> sources = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    LoginThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** Milliseconds the source must still wait before its next attempt is checked; 0 when it may try now. */
    synchronized long waitMillis(String source) {
        Record r = sources.get(source);
        return r == null ? 0 : Math.max(0, r.lockedUntil - clock.getAsLong());
    }

    synchronized void failed(String source) {
        Record r = sources.get(source);
        int failures = (r == null ? 0 : r.failures) + 1;
        long lockMillis = 0;
        if (failures > FREE_FAILURES) {
            int doublings = Math.min(failures - FREE_FAILURES - 1, 20);
            lockMillis = Math.min(1000L << doublings, MAX_LOCK_SECONDS * 1000);
        }
        sources.put(source, new Record(failures, clock.getAsLong() + lockMillis));
    }

    synchronized void succeeded(String source) {
        sources.remove(source);
    }
}
