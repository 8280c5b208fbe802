package io.tidegate.api;

/** The data type of a point as the device holds it. */
public enum DataType {
    BOOL, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING;

    /** True for every type that carries a number (and so can have a unit, scaling and limits). */
    public boolean isNumeric() {
        return this != BOOL && this != STRING;
    }

    /** True for the integer types. */
    public boolean isInteger() {
        return isNumeric() && this != FLOAT32 && this != FLOAT64;
    }
}
