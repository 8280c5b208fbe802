package io.tidegate.api;

import java.util.List;
import java.util.Optional;

/**
 * The running site: gateway identity and the devices and points the engine reads. Published by
 * the engine once a site profile has been validated and applied; uplinks use it to describe
 * metrics (type, unit, tags) upstream.
 */
public interface SiteModel {
    /** The gateway's id (the Sparkplug edge node id). */
    String gatewayId();

    List<Device> devices();

    Optional<Point> point(String pointId);

    /** Current health of one device, or empty if the id is unknown. */
    Optional<DeviceHealth> health(String deviceId);

    /** Samples read since the engine started, good and bad. */
    long samplesRead();

    /**
     * The newest sample of a point: the last poll of a device point (good or bad, with its
     * quality), or the last value of a gateway point raised since the engine started. Empty when the
     * point is unknown or has not been read yet. For live views (the installer console); the store
     * holds the history.
     */
    default Optional<Sample> latest(String pointId) {
        return Optional.empty();
    }
}
