package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A building with many sub-meters: {@code count} devices of one INT32 point each, {@code m<i>/energy}. */
final class ManyDevicesSite extends FixedSite {

    ManyDevicesSite(int count) {
        super("gw-many", subMeters(count));
    }

    private static List<Device> subMeters(int count) {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "m" + i;
            devices.add(new Device(id, "sim", Map.of(),
                    List.of(Point.simple(pointOf(i), id, "energy", DataType.INT32, Duration.ofSeconds(1)))));
        }
        return devices;
    }

    static String pointOf(int device) {
        return "m" + device + "/energy";
    }
}
