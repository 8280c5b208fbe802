package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.SiteModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge node's metrics: which device each point belongs to and the alias it is published
 * under. Aliases are assigned in profile order and are unique across the whole edge node, as
 * Sparkplug requires; DATA messages then carry the alias instead of the name.
 */
final class MetricCatalog {
    private final List<Device> devices;
    private final Map<String, Point> points = new HashMap<>();
    private final Map<String, Long> aliases = new HashMap<>();

    MetricCatalog(SiteModel site) {
        this.devices = site.devices();
        long alias = 1;
        for (Device device : devices) {
            for (Point point : device.points()) {
                points.put(point.id(), point);
                aliases.put(point.id(), alias++);
            }
        }
    }

    List<Device> devices() {
        return devices;
    }

    Point point(String pointId) {
        return points.get(pointId);
    }

    long alias(String pointId) {
        return aliases.get(pointId);
    }
}
