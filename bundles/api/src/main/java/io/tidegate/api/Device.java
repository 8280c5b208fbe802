package io.tidegate.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One addressable field device: a Modbus unit, an OPC UA server, a meter address, a simulator.
 *
 * @param id       stable id, unique in the site; also the Sparkplug device id
 * @param driver   name of the driver that talks to it (matches {@link Driver#NAME_PROPERTY})
 * @param settings driver-specific connection settings (host, port, unit id, seed, ...)
 * @param points   its points, in profile order
 */
public record Device(String id, String driver, Map<String, String> settings, List<Point> points) {
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(driver, "driver");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        points = points == null ? List.of() : List.copyOf(points);
    }
}
