package io.tidegate.api;

import java.util.Locale;

/**
 * The data type of a point as the device holds it: a scalar, or a whole array of one scalar type
 * (an OPC UA array node read as one value). In a site profile an array type is written with
 * brackets after its element type, e.g. {@code FLOAT64[]}; {@link #toString()} gives that spelling.
 */
public enum DataType {
    BOOL, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING,
    // Array types come after every scalar type: the store's sample codec relies on the scalars'
    // ordinals, which must never move.
    BOOL_ARRAY, INT16_ARRAY, UINT16_ARRAY, INT32_ARRAY, UINT32_ARRAY, INT64_ARRAY, FLOAT32_ARRAY, FLOAT64_ARRAY,
    STRING_ARRAY;

    private static final String ARRAY_SUFFIX = "[]";

    /**
     * True for every scalar type that carries a number (and so can have a unit, scaling and limits).
     * Arrays are not numeric: scaling, write limits and deadbands apply to single numbers only.
     */
    public boolean isNumeric() {
        return !isArray() && this != BOOL && this != STRING;
    }

    /** True for the scalar integer types. */
    public boolean isInteger() {
        return isNumeric() && this != FLOAT32 && this != FLOAT64;
    }

    /** True for the array types. */
    public boolean isArray() {
        return ordinal() > STRING.ordinal();
    }

    /** The type of one element of an array type; a scalar type is its own element type. */
    public DataType elementType() {
        return isArray() ? values()[ordinal() - BOOL_ARRAY.ordinal()] : this;
    }

    /** The array type whose elements have this scalar type; an array type is its own array type. */
    public DataType arrayType() {
        return isArray() ? this : values()[ordinal() + BOOL_ARRAY.ordinal()];
    }

    /**
     * The type a profile (or a CSV register map) names, case-insensitive: {@code FLOAT64},
     * {@code float64[]}; the enum name {@code FLOAT64_ARRAY} is accepted too.
     *
     * @throws IllegalArgumentException when it names no type
     */
    public static DataType parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith(ARRAY_SUFFIX)) {
            DataType element = valueOf(t.substring(0, t.length() - ARRAY_SUFFIX.length()).trim());
            if (element.isArray()) {
                throw new IllegalArgumentException("arrays of arrays are not supported: " + text);
            }
            return element.arrayType();
        }
        return valueOf(t);
    }

    /** The profile spelling: the enum name for a scalar, the element type and {@code []} for an array. */
    @Override
    public String toString() {
        return isArray() ? elementType().name() + ARRAY_SUFFIX : name();
    }
}
