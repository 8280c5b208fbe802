package io.tidegate.api;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A typed value. Numbers are held as {@code long} (integer types) or {@code double} (float types),
 * booleans as {@code boolean} and strings as {@code String}; {@link #of} checks that the Java value
 * fits the declared type, so a UINT16 can never carry 70000.
 *
 * <p>An array value ({@link DataType#isArray()}) holds an unmodifiable list of its elements' Java
 * values, each checked against the element type like a scalar; it is immutable like every Value.
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
        if (type.isArray()) {
            return ofArray(type, elementsOf(type, value));
        }
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
                if (value.getClass().isArray() || value instanceof java.util.Collection<?>) {
                    throw mismatch(type, value); // an array's toString() is no text a device should get
                }
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

    /**
     * Makes an array value from its elements' Java values (each one as {@link #of} takes it).
     *
     * @param type an array type, or the element type of the array
     * @throws IllegalArgumentException when an element does not fit the element type, saying which
     */
    public static Value ofArray(DataType type, List<?> elements) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(elements, "elements");
        DataType arrayType = type.arrayType();
        DataType elementType = arrayType.elementType();
        List<Object> raw = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Object element = elements.get(i);
            if (element == null) {
                throw new IllegalArgumentException("element " + i + " of the " + arrayType + " is null");
            }
            try {
                raw.add(of(elementType, element).value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("element " + i + " of the " + arrayType + ": " + e.getMessage(), e);
            }
        }
        return new Value(arrayType, Collections.unmodifiableList(raw));
    }

    /** The elements of a List, any other Collection, or a Java array (of objects or primitives). */
    private static List<?> elementsOf(DataType type, Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " (" + value + ") is not a "
                + type + "; an array type takes a list or an array");
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

    /**
     * The Java value: Boolean, Long, Double or String; for an array, an unmodifiable List of those.
     */
    public Object raw() {
        return value;
    }

    /** True when this is a whole array (its type is an array type). */
    public boolean isArray() {
        return type.isArray();
    }

    /**
     * The elements of an array, each as a Value of the element type.
     *
     * @throws IllegalStateException when this is not an array
     */
    public List<Value> elements() {
        List<?> raw = list();
        List<Value> out = new ArrayList<>(raw.size());
        for (Object element : raw) {
            out.add(new Value(type.elementType(), element));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The number of elements of an array.
     *
     * @throws IllegalStateException when this is not an array
     */
    public int size() {
        return list().size();
    }

    private List<?> list() {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalStateException("a " + type + " is not an array");
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

    /** The value as text: a scalar as it is, an array as {@code [1.5, 2.0]} with its strings quoted. */
    @Override
    public String toString() {
        if (!(value instanceof List<?> list)) {
            return String.valueOf(value);
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            Object element = list.get(i);
            if (element instanceof String text) {
                out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                out.append(element);
            }
        }
        return out.append(']').toString();
    }
}
