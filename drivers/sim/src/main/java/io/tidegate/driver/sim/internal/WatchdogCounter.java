package io.tidegate.driver.sim.internal;

/**
 * A PLC-style heartbeat: counts answered reads and wraps at 2^32 like the UINT32 register it is
 * read from. A gap in the values seen upstream proves a reading was lost on the way.
 */
final class WatchdogCounter {
    private static final long UINT32_MASK = 0xFFFF_FFFFL;
    private long value;

    void increment() {
        value = (value + 1) & UINT32_MASK;
    }

    long value() {
        return value;
    }
}
