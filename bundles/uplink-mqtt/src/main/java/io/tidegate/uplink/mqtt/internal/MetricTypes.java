package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
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

    /**
     * The value as the Java type Tahu requires for the metric type of {@code type}.
     *
     * @throws IllegalArgumentException when the value does not fit the type (never truncated)
     */
    static Object javaValue(DataType type, Value value) {
        Value fitted = value.type() == type ? value : Value.of(type, value.raw());
        return switch (type) {
            case BOOL -> fitted.asBoolean();
            case INT16 -> (short) fitted.asLong();
            case UINT16, INT32 -> (int) fitted.asLong();
            case UINT32, INT64 -> fitted.asLong();
            case FLOAT32 -> (float) fitted.asDouble();
            case FLOAT64 -> fitted.asDouble();
            case STRING -> fitted.toString();
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
}
