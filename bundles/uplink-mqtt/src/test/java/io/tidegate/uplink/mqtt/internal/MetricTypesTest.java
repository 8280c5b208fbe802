package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidegate.api.DataType;
import io.tidegate.api.Value;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.junit.jupiter.api.Test;

class MetricTypesTest {

    @Test
    void everyDataTypeHasItsOwnSparkplugType() {
        Set<MetricDataType> seen = new HashSet<>();
        for (DataType type : DataType.values()) {
            assertNotNull(MetricTypes.of(type), type.name());
            seen.add(MetricTypes.of(type));
        }
        assertEquals(DataType.values().length, seen.size());
    }

    @Test
    void valuesHaveTheJavaTypeTahuAccepts() throws Exception {
        Object[][] cases = {
                {DataType.BOOL, true, Boolean.class},
                {DataType.INT16, -32768, Short.class},
                {DataType.UINT16, 65535, Integer.class},
                {DataType.INT32, Integer.MIN_VALUE, Integer.class},
                {DataType.UINT32, 4294967295L, Long.class},
                {DataType.INT64, Long.MAX_VALUE, Long.class},
                {DataType.FLOAT32, 1.5f, Float.class},
                {DataType.FLOAT64, 1.5, Double.class},
                {DataType.STRING, "x", String.class},
        };
        for (Object[] c : cases) {
            DataType type = (DataType) c[0];
            Object javaValue = MetricTypes.javaValue(type, Value.of(type, c[1]));
            assertInstanceOf((Class<?>) c[2], javaValue, type.name());
            // Tahu checks the Java type against the metric type when the metric is created
            new MetricBuilder("m", MetricTypes.of(type), javaValue).createMetric();
        }
        assertEquals((short) -32768, MetricTypes.javaValue(DataType.INT16, Value.of(DataType.INT16, -32768)));
        assertEquals(4294967295L, MetricTypes.javaValue(DataType.UINT32, Value.of(DataType.UINT32, 4294967295L)));
    }

    @Test
    void aScaledIntegerIsPublishedAsADouble() {
        // the engine hands the uplink the scaled value of an INT16 point, typed by its engineering type
        assertEquals(-3276.8, MetricTypes.javaValue(DataType.FLOAT64, Value.ofDouble(-3276.8)));
    }

    @Test
    void tahuRefusesAWrongJavaType() {
        // guards the test above: it would pass vacuously if Tahu accepted anything
        assertThrows(Exception.class,
                () -> new MetricBuilder("m", MetricDataType.Int16, 5).createMetric());
    }
}
