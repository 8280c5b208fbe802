package io.tidegate.driver.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.time.Duration;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.Test;

/** StatusCode, timestamps and values map onto samples; writes are coerced, never truncated. */
class ValuesTest {
    private final Point speed = Point.simple("line/speed", "plc", "ns=2;s=Speed", DataType.FLOAT64,
            Duration.ofSeconds(1));

    @Test
    void sourceTimestampWinsThenServerTimestampThenGatewayTime() {
        DateTime source = new DateTime(java.time.Instant.ofEpochMilli(1_000));
        DateTime server = new DateTime(java.time.Instant.ofEpochMilli(2_000));
        assertEquals(1_000, Values.toSample(speed, new DataValue(new Variant(1.0), StatusCode.GOOD, source, server),
                5_000).sourceTime());
        assertEquals(2_000, Values.toSample(speed, new DataValue(new Variant(1.0), StatusCode.GOOD, null, server),
                5_000).sourceTime());
        Sample neither = Values.toSample(speed, new DataValue(new Variant(1.0), StatusCode.GOOD, null, null), 5_000);
        assertEquals(5_000, neither.sourceTime());
        assertEquals(5_000, neither.gatewayTime());
    }

    @Test
    void uncertainKeepsTheValueAndSaysWhyBadDropsIt() {
        Sample uncertain = Values.toSample(speed, new DataValue(new Variant(1.5),
                new StatusCode(StatusCodes.Uncertain_LastUsableValue), null, null), 1);
        assertEquals(Quality.Status.UNCERTAIN, uncertain.quality().status());
        assertEquals(1.5, uncertain.value().asDouble());
        assertTrue(uncertain.quality().detail().contains("Uncertain_LastUsableValue"));

        Sample comm = Values.toSample(speed, new DataValue(new Variant(1.5),
                new StatusCode(StatusCodes.Bad_NoCommunication), null, null), 1);
        assertEquals(Quality.Reason.COMM_FAILURE, comm.quality().reason());
        assertEquals(null, comm.value());
    }

    @Test
    void unsignedAndWideValuesAreRangeChecked() {
        assertEquals(Value.of(DataType.UINT32, 4_000_000_000L), Values.toValue(DataType.UINT32, UInteger.valueOf(4_000_000_000L)));
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> Values.toValue(DataType.INT64, ULong.valueOf("18446744073709551615")));
        assertTrue(tooBig.getMessage().contains("outside the INT64 range"));
        assertThrows(IllegalArgumentException.class, () -> Values.toValue(DataType.INT16, UShort.valueOf(40000)));
    }

    @Test
    void writesAreCoercedToTheNodesBuiltInType() {
        assertEquals(new Variant((short) 42), Values.toVariant(Value.of(DataType.FLOAT64, 42.0), BuiltinDataType.Int16));
        assertEquals(new Variant(UInteger.valueOf(7)), Values.toVariant(Value.of(DataType.INT32, 7), BuiltinDataType.UInt32));
        assertEquals(new Variant(1.25f), Values.toVariant(Value.of(DataType.FLOAT64, 1.25), BuiltinDataType.Float));
        assertEquals(new Variant(true), Values.toVariant(Value.of(DataType.INT16, 1), BuiltinDataType.Boolean));
        assertEquals(new Variant("7"), Values.toVariant(Value.of(DataType.INT16, 7), BuiltinDataType.String));
        assertThrows(IllegalArgumentException.class,
                () -> Values.toVariant(Value.of(DataType.INT32, -1), BuiltinDataType.UInt32));
        assertThrows(IllegalArgumentException.class,
                () -> Values.toVariant(Value.of(DataType.INT16, 2), BuiltinDataType.Boolean));
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> Values.toVariant(Value.of(DataType.STRING, "fast"), BuiltinDataType.Double));
        assertTrue(text.getMessage().contains("is text"), text.getMessage());
    }

    @Test
    void wholeArraysAreConvertedElementByElementWithTheElementNamedWhenOneDoesNotFit() {
        assertEquals(Value.of(DataType.UINT16_ARRAY, java.util.List.of(1, 65535)),
                Values.toValue(DataType.UINT16_ARRAY, new UShort[] {UShort.valueOf(1), UShort.valueOf(65535)}));
        assertEquals(Value.of(DataType.INT64_ARRAY, java.util.List.of()), Values.toValue(DataType.INT64_ARRAY, new Long[0]));
        IllegalArgumentException element = assertThrows(IllegalArgumentException.class,
                () -> Values.toValue(DataType.INT16_ARRAY, new Integer[] {1, 2, 40000}));
        assertTrue(element.getMessage().startsWith("element 2 of the node's Integer array does not fit a INT16[]"),
                element.getMessage());
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> Values.toValue(DataType.FLOAT64_ARRAY, 1.5));
        assertTrue(scalar.getMessage().contains("declare the point FLOAT64"), scalar.getMessage());
    }

    @Test
    void aBadArraySampleCarriesTheReasonAndNoValue() {
        Point temps = Point.simple("line/temps", "plc", "ns=2;s=Temps", DataType.FLOAT32_ARRAY, Duration.ofSeconds(1));
        Sample sample = Values.toSample(temps, new DataValue(new Variant(new String[] {"1.5"})), 1L);

        assertEquals(Quality.Status.BAD, sample.quality().status());
        assertEquals(Quality.Reason.CONFIG_ERROR, sample.quality().reason());
        assertTrue(sample.quality().detail().startsWith("point line/temps (FLOAT32[]): element 0 of the node's String"
                + " array"), sample.quality().detail());
    }

    @Test
    void arrayWritesBecomeAnArrayOfTheNodesBuiltInType() {
        Variant v = Values.toVariant(Value.of(DataType.FLOAT64_ARRAY, java.util.List.of(1.0, 2.0)), BuiltinDataType.UInt16);
        assertTrue(v.getValue() instanceof UShort[], String.valueOf(v.getValue()));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new UShort[] {UShort.valueOf(1), UShort.valueOf(2)},
                (UShort[]) v.getValue());
        Variant texts = Values.toVariant(Value.of(DataType.STRING_ARRAY, java.util.List.of("a", "b")), BuiltinDataType.String);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"a", "b"}, (String[]) texts.getValue());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Values.toVariant(Value.of(DataType.INT32_ARRAY, java.util.List.of(1, -1)), BuiltinDataType.UInt32));
        assertTrue(negative.getMessage().startsWith("element 1: -1 is outside the UInt32 range"), negative.getMessage());
    }
}
