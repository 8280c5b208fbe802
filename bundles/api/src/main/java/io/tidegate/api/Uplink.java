package io.tidegate.api;

/**
 * An upstream connection that forwards what the store holds. Registered as a service so that
 * status lines, the console and health checks can see it.
 */
public interface Uplink {
    /** A short name for logs and status lines, e.g. {@code sparkplug tcp://broker:1883}. */
    String name();

    UplinkStats stats();
}
