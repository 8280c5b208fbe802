package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Value;
import java.util.List;
import org.eclipse.tahu.message.model.MetricDataType;

/**
 * Maps Tidegate data types and values onto Sparkplug B metric types and the Java types Tahu expects.
 * Whole arrays become the Sparkplug 3.0 array types, which Tahu packs little-endian into the
 * metric's bytes_value (BooleanArray: a 4-byte element count, then the bits; StringArray:
 * null-terminated UTF-8 strings).
 */
final class MetricTypes {
    private MetricTypes() {
    }

    static MetricDataType of(DataType type) {
        return switch (type) {
            case BOOL -> MetricDataType.Boolean;
            case INT16 -> MetricDataType.Int16;
            case UINT16 -> MetricDataType.UInt16;
            case INT32 -> MetricDataType.Int32;
            case UINT32 -> MetricDataType.UInt32;
            case INT64 -> MetricDataType.Int64;
            case FLOAT32 -> MetricDataType.Float;
            case FLOAT64 -> MetricDataType.Double;
            case STRING -> MetricDataType.String;
            case BOOL_ARRAY -> MetricDataType.BooleanArray;
            case INT16_ARRAY -> MetricDataType.Int16Array;
            case UINT16_ARRAY -> MetricDataType.UInt16Array;
            case INT32_ARRAY -> MetricDataType.Int32Array;
            case UINT32_ARRAY -> MetricDataType.UInt32Array;
            case INT64_ARRAY -> MetricDataType.Int64Array;
            case FLOAT32_ARRAY -> MetricDataType.FloatArray;
            case FLOAT64_ARRAY -> MetricDataType.DoubleArray;
            case STRING_ARRAY -> MetricDataType.StringArray;
        };
    }

    /**
     * The value as the Java type Tahu requires for the metric type of {@code type}: a boxed scalar,
     * or for an array the boxed Java array of its metric type (Short[] for Int16Array, Integer[]
     * for UInt16Array, Long[] for UInt32Array, and so on).
     *
     * @throws IllegalArgumentException when the value does not fit the type (never truncated)
     */
    static Object javaValue(DataType type, Value value) {
        Value fitted = value.type() == type ? value : Value.of(type, value.raw());
        if (type.isArray()) {
            return javaArray(type.elementType(), fitted.elements());
        }
        return switch (type) {
            case BOOL -> fitted.asBoolean();
            case INT16 -> (short) fitted.asLong();
            case UINT16, INT32 -> (int) fitted.asLong();
            case UINT32, INT64 -> fitted.asLong();
            case FLOAT32 -> (float) fitted.asDouble();
            case FLOAT64 -> fitted.asDouble();
            case STRING -> fitted.toString();
            default -> throw new IllegalArgumentException("no Sparkplug value for " + type);
        };
    }

    /**
     * The quality sent, with no value, for a value that does not fit its metric: bad, saying why. It is
     * never truncated, and never allowed to block the queue behind it.
     */
    static Quality unfit(DataType type, Value value, RuntimeException why) {
        return Quality.bad(Quality.Reason.CONFIG_ERROR, "cannot send " + value + " (" + value.type() + ") as " + type
                + ": " + why.getMessage());
    }

    private static Object[] javaArray(DataType element, List<Value> elements) {
        int n = elements.size();
        Object[] out = switch (element) {
            case BOOL -> new Boolean[n];
            case INT16 -> new Short[n];
            case UINT16, INT32 -> new Integer[n];
            case UINT32, INT64 -> new Long[n];
            case FLOAT32 -> new Float[n];
            case FLOAT64 -> new Double[n];
            case STRING -> new String[n];
            default -> throw new IllegalArgumentException("no Sparkplug array of " + element);
        };
        for (int i = 0; i < n; i++) {
            out[i] = javaValue(element, elements.get(i));
        }
        return out;
    }
}
