package io.tidegate.engine.internal;

import io.tidegate.api.CommandHandler;
import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import io.tidegate.api.Value;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks a write command passes before any driver sees it: the point exists on the device
 * addressed, is declared writable, the value has the point's type, lies within the point's write
 * limits, and still fits the device's raw type once unscaled.
 */
final class CommandRules {
    private final Function<String, Optional<Point>> points;

    CommandRules(Function<String, Optional<Point>> points) {
        this.points = points;
    }

    /** A command that passed: the point and the raw (unscaled) value to write. */
    record Accepted(Point point, Value engineering, Value raw) {
    }

    /** The accepted write, or the reason it is refused. */
    record Decision(Accepted accepted, String refusal) {
        static Decision refuse(String reason) {
            return new Decision(null, reason);
        }
    }

    Decision check(CommandHandler.Write command) {
        Point point = points.apply(command.pointId()).orElse(null);
        if (point == null || !point.deviceId().equals(command.deviceId())) {
            return Decision.refuse("unknown metric: device '" + command.deviceId() + "' has no point '"
                    + command.pointId() + "'");
        }
        if (!point.writable()) {
            return Decision.refuse("read-only point: " + point.id() + " is not declared access: read-write");
        }
        if (command.value() == null) {
            return Decision.refuse("no value: the command carries none for " + point.id());
        }
        DataType type = point.engineeringType();
        if (type.isNumeric() && command.value() instanceof String) {
            // Value.of would not take it either, but say it plainly: text is never parsed into a setpoint.
            return Decision.refuse("wrong type: " + point.id() + " takes a " + type + ", the command sent text");
        }
        Value engineering;
        try {
            engineering = Value.of(type, command.value());
        } catch (IllegalArgumentException e) {
            return Decision.refuse("wrong type: " + point.id() + " takes a " + type + ": " + e.getMessage());
        }
        if (type.isNumeric()) {
            double v = engineering.asDouble();
            if (!Double.isFinite(v)) {
                return Decision.refuse("out of range: " + v + " is not a finite number");
            }
            if ((point.writeMin() != null && v < point.writeMin()) || (point.writeMax() != null && v > point.writeMax())) {
                return Decision.refuse("out of range: " + engineering + " is outside " + point.id() + "'s write limits "
                        + limit(point.writeMin()) + ".." + limit(point.writeMax()));
            }
        }
        try {
            return new Decision(new Accepted(point, engineering, unscale(point, engineering)), null);
        } catch (IllegalArgumentException e) {
            return Decision.refuse("out of range: " + engineering + " does not fit the device's " + point.type()
                    + " once unscaled: " + e.getMessage());
        }
    }

    /** The raw device value: engineering value back through the point's scaling, rounded for integer types. */
    static Value unscale(Point point, Value engineering) {
        if (!point.type().isNumeric()) {
            return engineering;
        }
        double raw = point.scaling().toRaw(engineering.asDouble());
        return point.type().isInteger() ? Value.of(point.type(), (double) Math.round(raw)) : Value.of(point.type(), raw);
    }

    private static String limit(Double d) {
        return d == null ? "" : String.valueOf(d);
    }
}
