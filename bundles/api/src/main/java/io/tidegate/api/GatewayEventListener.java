package io.tidegate.api;

import java.util.List;

/**
 * Told about the gateway's own events and alarms ({@link GatewayPoints}) as the store accepts them:
 * a whiteboard service, e.g. the console's events page. The store calls it after the commit, on its
 * own thread; a listener must return quickly and never throw into the data path (a throw is logged
 * and ignored).
 */
public interface GatewayEventListener {
    /** Gateway-point samples just committed to the store, oldest first. */
    void gatewayEvents(List<Sample> events);
}
