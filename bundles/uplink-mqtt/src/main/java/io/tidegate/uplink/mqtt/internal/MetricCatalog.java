package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Point;
import io.tidegate.api.SiteModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge node's metrics: which device each point belongs to and the alias it is published
 * under. Aliases are assigned in profile order and are unique across the whole edge node, as
 * Sparkplug requires; DATA messages then carry the alias instead of the name.
 *
 * <p>The gateway's own points ({@link GatewayPoints}) are node metrics: declared in NBIRTH and
 * published in NDATA under {@link GatewayPoints#metricName}. They take the aliases after the
 * devices' points, so adding them changed no alias a host already knew.
 */
final class MetricCatalog {
    private final List<Device> devices;
    private final Map<String, Point> points = new HashMap<>();
    private final Map<String, Long> aliases = new HashMap<>();
    /** Metric name (as a host writes it in a DCMD/NCMD) to point id, per device; node metrics under NODE. */
    private final Map<String, Map<String, String>> names = new HashMap<>();
    private final Map<Long, String> byAlias = new HashMap<>();

    private final SiteModel site;

    MetricCatalog(SiteModel site) {
        this.site = site;
        this.devices = site.devices();
        long alias = 1;
        for (Device device : devices) {
            for (Point point : device.points()) {
                add(point, device.id(), point.id(), alias++);
            }
        }
        for (Point point : GatewayPoints.ALL) {
            add(point, GatewayPoints.NODE, GatewayPoints.metricName(point), alias++);
        }
    }

    private void add(Point point, String deviceId, String metricName, long alias) {
        points.put(point.id(), point);
        aliases.put(point.id(), alias);
        byAlias.put(alias, point.id());
        names.computeIfAbsent(deviceId, d -> new HashMap<>()).put(metricName, point.id());
    }

    List<Device> devices() {
        return devices;
    }

    Device device(String deviceId) {
        return devices.stream().filter(d -> d.id().equals(deviceId)).findFirst().orElseThrow();
    }

    /** True when the engine reports the device down (its last read failed); unknown health counts as up. */
    boolean isDown(String deviceId) {
        return site.health(deviceId).map(h -> h.state() == DeviceHealth.State.DOWN).orElse(false);
    }

    /** The gateway's own points, published as node metrics. */
    List<Point> nodePoints() {
        return GatewayPoints.ALL;
    }

    Point point(String pointId) {
        return points.get(pointId);
    }

    long alias(String pointId) {
        return aliases.get(pointId);
    }

    /** True when the point is published as a node metric (NBIRTH/NDATA), not a device metric. */
    static boolean isNodeMetric(Point point) {
        return point.deviceId().equals(GatewayPoints.NODE);
    }

    /** The name a point is published under: its id for device points, GatewayPoints.metricName for node points. */
    static String metricName(Point point) {
        return isNodeMetric(point) ? GatewayPoints.metricName(point) : point.id();
    }

    /**
     * The point a command metric names on a device (or on the node, with device {@link GatewayPoints#NODE}),
     * by name or else by alias; null when it names none.
     */
    String resolve(String deviceId, String name, Long alias) {
        if (name != null) {
            return names.getOrDefault(deviceId, Map.of()).get(name);
        }
        if (alias != null) {
            String pointId = byAlias.get(alias);
            Point point = pointId == null ? null : points.get(pointId);
            return point != null && point.deviceId().equals(deviceId) ? pointId : null;
        }
        return null;
    }
}
