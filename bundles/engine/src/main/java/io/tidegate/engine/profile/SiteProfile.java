package io.tidegate.engine.profile;

import io.tidegate.api.Device;
import io.tidegate.api.Point;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated site profile.
 *
 * @param source  the profile file it was read from
 * @param gateway the gateway's identity
 * @param devices the devices in profile order, each with its points (inline points first, then CSV points)
 * @param uplink  where the data goes
 * @param store   how the store-and-forward queue is sized ({@link StoreConfig#DEFAULT} when the profile is silent)
 * @param console where the installer console listens ({@link ConsoleConfig#DEFAULT} when the profile is silent)
 */
public record SiteProfile(Path source, GatewayConfig gateway, List<Device> devices, UplinkConfig uplink,
                          StoreConfig store, ConsoleConfig console) {

    public SiteProfile {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(console, "console");
        devices = List.copyOf(devices);
    }

    /** A profile with the default console settings. */
    public SiteProfile(Path source, GatewayConfig gateway, List<Device> devices, UplinkConfig uplink,
                       StoreConfig store) {
        this(source, gateway, devices, uplink, store, ConsoleConfig.DEFAULT);
    }

    /** A profile with the default store settings. */
    public SiteProfile(Path source, GatewayConfig gateway, List<Device> devices, UplinkConfig uplink) {
        this(source, gateway, devices, uplink, StoreConfig.DEFAULT, ConsoleConfig.DEFAULT);
    }

    /** The point with this id, on whichever device it lives. */
    public Optional<Point> point(String id) {
        for (Device d : devices) {
            for (Point p : d.points()) {
                if (p.id().equals(id)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The device with this id. */
    public Optional<Device> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Every point of every device, in profile order. */
    public List<Point> points() {
        return devices.stream().flatMap(d -> d.points().stream()).toList();
    }
}
