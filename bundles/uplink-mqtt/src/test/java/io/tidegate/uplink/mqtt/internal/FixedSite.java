package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.Point;
import io.tidegate.api.SiteModel;
import java.util.List;
import java.util.Optional;

/** A site model that never changes, as the engine publishes it after loading a profile. */
class FixedSite implements SiteModel {
    private final String gatewayId;
    private final List<Device> devices;

    FixedSite(String gatewayId, List<Device> devices) {
        this.gatewayId = gatewayId;
        this.devices = List.copyOf(devices);
    }

    List<Point> allPoints() {
        return devices.stream().flatMap(d -> d.points().stream()).toList();
    }

    Device device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    @Override
    public String gatewayId() {
        return gatewayId;
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public Optional<Point> point(String pointId) {
        return allPoints().stream().filter(p -> p.id().equals(pointId)).findFirst();
    }

    /** Health a test sets per device; a device not in here has no health known (treated as up). */
    final java.util.Map<String, DeviceHealth.State> states = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<DeviceHealth> health(String deviceId) {
        return Optional.ofNullable(states.get(deviceId)).map(s -> new DeviceHealth(deviceId, s, "", 0));
    }

    @Override
    public long samplesRead() {
        return 0;
    }
}
