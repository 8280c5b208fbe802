package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.Point;
import io.tidegate.api.SiteModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A building with many sub-meters: {@code count} devices of one INT32 point each, {@code m<i>/energy}. */
final class ManyDevicesSite implements SiteModel {
    private final List<Device> devices = new ArrayList<>();

    ManyDevicesSite(int count) {
        for (int i = 0; i < count; i++) {
            String id = "m" + i;
            devices.add(new Device(id, "sim", Map.of(),
                    List.of(Point.simple(pointOf(i), id, "energy", DataType.INT32, Duration.ofSeconds(1)))));
        }
    }

    static String pointOf(int device) {
        return "m" + device + "/energy";
    }

    @Override
    public String gatewayId() {
        return "gw-many";
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public Optional<Point> point(String pointId) {
        return devices.stream().flatMap(d -> d.points().stream()).filter(p -> p.id().equals(pointId)).findFirst();
    }

    @Override
    public Optional<DeviceHealth> health(String deviceId) {
        return Optional.empty();
    }

    @Override
    public long samplesRead() {
        return 0;
    }
}
