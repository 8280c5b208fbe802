package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Value;
import org.eclipse.tahu.message.model.MetricDataType;

/** Maps Tidegate data types and values onto Sparkplug B metric types and the Java types Tahu expects. */
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
        };
    }

    /** The value as the Java type Tahu requires for the metric type of {@code type}. */
    static Object javaValue(DataType type, Value value) {
        return switch (type) {
            case BOOL -> value.asBoolean();
            case INT16 -> (short) value.asLong();
            case UINT16, INT32 -> (int) value.asLong();
            case UINT32, INT64 -> value.asLong();
            case FLOAT32 -> (float) value.asDouble();
            case FLOAT64 -> value.asDouble();
            case STRING -> value.toString();
        };
    }
}
