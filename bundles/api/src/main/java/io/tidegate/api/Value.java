package io.tidegate.api;

import java.util.Objects;

/**
 * A typed value. Numbers are held as {@code long} (integer types) or {@code double} (float types),
 * booleans as {@code boolean} and strings as {@code String}; {@link #of} checks that the Java value
 * fits the declared type, so a UINT16 can never carry 70000.
 */
public final class Value {
    private final DataType type;
    private final Object value;

    private Value(DataType type, Object value) {
        this.type = type;
        this.value = value;
    }

    /**
     * Makes a value of the given type from a Java value (Boolean, any Number, or String).
     *
     * @throws IllegalArgumentException when the value does not fit the type, saying why
     */
    public static Value of(DataType type, Object value) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        switch (type) {
            case BOOL:
                if (value instanceof Boolean b) {
                    return new Value(type, b);
                }
                if (value instanceof Number n && (n.doubleValue() == 0.0 || n.doubleValue() == 1.0)) {
                    return new Value(type, n.doubleValue() == 1.0);
                }
                throw mismatch(type, value);
            case STRING:
                return new Value(type, value.toString());
            case FLOAT32:
            case FLOAT64:
                if (value instanceof Number n) {
                    double d = n.doubleValue();
                    return new Value(type, type == DataType.FLOAT32 ? (double) (float) d : d);
                }
                throw mismatch(type, value);
            default:
                if (!(value instanceof Number n)) {
                    throw mismatch(type, value);
                }
                double d = n.doubleValue();
                if (d != Math.rint(d)) {
                    throw new IllegalArgumentException(type + " cannot hold the fraction " + value);
                }
                long l = n.longValue();
                if (l < min(type) || l > max(type)) {
                    throw new IllegalArgumentException(value + " is outside the " + type + " range " + min(type)
                            + ".." + max(type));
                }
                return new Value(type, l);
        }
    }

    public static Value ofBoolean(boolean b) {
        return new Value(DataType.BOOL, b);
    }

    public static Value ofDouble(double d) {
        return new Value(DataType.FLOAT64, d);
    }

    private static IllegalArgumentException mismatch(DataType type, Object value) {
        return new IllegalArgumentException("a " + value.getClass().getSimpleName() + " (" + value
                + ") is not a " + type);
    }

    /** Lowest value of an integer type. */
    public static long min(DataType type) {
        return switch (type) {
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    /** Highest value of an integer type. */
    public static long max(DataType type) {
        return switch (type) {
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 0xFFFF;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 0xFFFF_FFFFL;
            default -> Long.MAX_VALUE;
        };
    }

    public DataType type() {
        return type;
    }

    /** The Java value: Boolean, Long, Double or String. */
    public Object raw() {
        return value;
    }

    public boolean asBoolean() {
        return value instanceof Boolean b ? b : asDouble() != 0.0;
    }

    public long asLong() {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalStateException("a " + type + " has no numeric value");
    }

    public double asDouble() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        throw new IllegalStateException("a " + type + " has no numeric value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && v.type == type && v.value.equals(value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
