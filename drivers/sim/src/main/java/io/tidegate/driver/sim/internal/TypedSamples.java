package io.tidegate.driver.sim.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;

/**
 * Turns a model's raw Java value into a sample of the point's declared type, the way a real
 * device hands a register to whoever asked for it: a float point gets a float, an integer point a
 * rounded integer, and a value the type cannot hold becomes a bad sample, never an exception.
 */
final class TypedSamples {
    private TypedSamples() {
    }

    /**
     * @param raw a Boolean, Double or Long from {@link SimModel#value}
     */
    static Sample of(Point point, Object raw, long time) {
        DataType type = point.type();
        Object converted = raw;
        if (type == DataType.BOOL) {
            if (!(raw instanceof Boolean)) {
                return bad(point, Reason.CONFIG_ERROR, point.address() + " holds a number, not a BOOL; declare "
                        + point.id() + " with a numeric type", time);
            }
        } else if (raw instanceof Boolean b && type.isNumeric()) {
            converted = b ? 1L : 0L; // a status bit read as a register, as PLCs allow
        } else if (raw instanceof Double d && type.isInteger()) {
            if (!Double.isFinite(d) || Math.abs(d) > 9.0e18) {
                return bad(point, Reason.OUT_OF_RANGE, point.address() + " = " + d + " does not fit " + type, time);
            }
            converted = Math.round(d);
        }
        try {
            return Sample.good(point.id(), Value.of(type, converted), time);
        } catch (IllegalArgumentException e) {
            return bad(point, Reason.OUT_OF_RANGE, point.address() + " = " + raw + " does not fit " + type + ": "
                    + e.getMessage(), time);
        }
    }

    static Sample bad(Point point, Reason reason, String detail, long time) {
        return Sample.bad(point.id(), Quality.bad(reason, detail), time);
    }
}
