package io.tidegate.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One readable (and perhaps writable) value on a field device: what Kura calls a channel, OPC UA a
 * node and SCADA a tag.
 *
 * @param id           stable id, unique in the site, e.g. {@code pump1/discharge_pressure}
 * @param deviceId     the device it lives on
 * @param address      driver-specific address (a register, a node id, a simulator variable)
 * @param type         data type as the device holds it
 * @param unit         engineering unit, or empty (never on BOOL or STRING)
 * @param scaling      raw-to-engineering scaling
 * @param access       read, or read-write
 * @param writeMin     lowest engineering value a command may write (inclusive), or null
 * @param writeMax     highest engineering value a command may write (inclusive), or null
 * @param pollInterval how often to read it
 * @param tags         free metadata (site, category, sub-item) carried upstream
 * @param description  human description, or empty
 */
public record Point(String id, String deviceId, String address, DataType type, String unit, Scaling scaling,
                    Access access, Double writeMin, Double writeMax, Duration pollInterval,
                    Map<String, String> tags, String description) {

    public Point {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pollInterval, "pollInterval");
        unit = unit == null ? "" : unit;
        scaling = scaling == null ? Scaling.IDENTITY : scaling;
        access = access == null ? Access.READ : access;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        description = description == null ? "" : description;
    }

    /** A read-only point with no unit, scaling or tags: handy for drivers and tests. */
    public static Point simple(String id, String deviceId, String address, DataType type, Duration interval) {
        return new Point(id, deviceId, address, type, "", Scaling.IDENTITY, Access.READ, null, null, interval,
                Map.of(), "");
    }

    public boolean writable() {
        return access == Access.READ_WRITE;
    }

    /**
     * The type the value has after scaling: a scaled integer becomes FLOAT64, because
     * {@code raw * 0.1} is not an integer any more.
     */
    public DataType engineeringType() {
        return type.isNumeric() && !scaling.isIdentity() ? DataType.FLOAT64 : type;
    }
}
