package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SampleCodecTest {
    private static final long T = 1_763_700_000_123L;
    private final SampleCodec codec = new SampleCodec();

    private Sample roundTrip(Sample sample) {
        return codec.decode(sample.pointId(), codec.encode(sample));
    }

    static Stream<Value> valuesOfEveryType() {
        return Stream.of(
                Value.of(DataType.BOOL, true), Value.of(DataType.BOOL, false),
                Value.of(DataType.INT16, Short.MIN_VALUE), Value.of(DataType.INT16, Short.MAX_VALUE),
                Value.of(DataType.INT16, -1), Value.of(DataType.INT16, 0),
                Value.of(DataType.UINT16, 0), Value.of(DataType.UINT16, 0xFFFF),
                Value.of(DataType.INT32, Integer.MIN_VALUE), Value.of(DataType.INT32, Integer.MAX_VALUE),
                Value.of(DataType.UINT32, 0), Value.of(DataType.UINT32, 0xFFFF_FFFFL),
                Value.of(DataType.INT64, Long.MIN_VALUE), Value.of(DataType.INT64, Long.MAX_VALUE),
                Value.of(DataType.INT64, -42),
                Value.of(DataType.FLOAT32, 3.14159f), Value.of(DataType.FLOAT32, -0.0f),
                Value.of(DataType.FLOAT32, Float.MAX_VALUE), Value.of(DataType.FLOAT32, Float.NaN),
                Value.of(DataType.FLOAT32, Float.NEGATIVE_INFINITY),
                Value.of(DataType.FLOAT64, Math.PI), Value.of(DataType.FLOAT64, Double.MIN_VALUE),
                Value.of(DataType.FLOAT64, Double.NaN), Value.of(DataType.FLOAT64, Double.POSITIVE_INFINITY),
                Value.of(DataType.STRING, ""), Value.of(DataType.STRING, "RUNNING"),
                Value.of(DataType.STRING, "泵站一号 出口压力 ✓ 🌊 Ümläut"),
                Value.of(DataType.STRING, "x".repeat(100_000)),
                Value.of(DataType.BOOL_ARRAY, List.of(true, false, true)),
                Value.of(DataType.INT16_ARRAY, List.of(Short.MIN_VALUE, -1, 0, Short.MAX_VALUE)),
                Value.of(DataType.UINT16_ARRAY, List.of(0, 0xFFFF)),
                Value.of(DataType.INT32_ARRAY, List.of(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                Value.of(DataType.UINT32_ARRAY, List.of(0, 0xFFFF_FFFFL)),
                Value.of(DataType.INT64_ARRAY, List.of(Long.MIN_VALUE, -42, Long.MAX_VALUE)),
                Value.of(DataType.FLOAT32_ARRAY, List.of(3.14159f, -0.0f, Float.NaN)),
                Value.of(DataType.FLOAT64_ARRAY, List.of(Math.PI, Double.NEGATIVE_INFINITY, Double.MIN_VALUE)),
                Value.of(DataType.FLOAT64_ARRAY, List.of()),
                Value.of(DataType.STRING_ARRAY, List.of("", "RUNNING", "泵站一号 ✓ 🌊")));
    }

    @ParameterizedTest
    @MethodSource("valuesOfEveryType")
    void everyValueComesBackWithItsTypeAndValue(Value value) {
        Sample sample = Sample.good("pump1/discharge_pressure", value, T);

        Sample decoded = roundTrip(sample);

        assertEquals(sample, decoded);
        assertEquals(value.type(), decoded.value().type());
        assertEquals(value.raw(), decoded.value().raw());
    }

    @Test
    void everyDataTypeIsCovered() {
        assertEquals(Arrays.asList(DataType.values()),
                valuesOfEveryType().map(Value::type).distinct().toList());
    }

    @ParameterizedTest
    @EnumSource(Quality.Reason.class)
    void badSampleWithoutValueKeepsReasonAndDetail(Quality.Reason reason) {
        Sample sample = Sample.bad("meter7/energy", Quality.bad(reason, "Modbus exception 2: illegal data address (40017)"), T);

        Sample decoded = roundTrip(sample);

        assertNull(decoded.value());
        assertEquals(Quality.Status.BAD, decoded.quality().status());
        assertEquals(reason, decoded.quality().reason());
        assertEquals("Modbus exception 2: illegal data address (40017)", decoded.quality().detail());
        assertEquals(sample, decoded);
    }

    @ParameterizedTest
    @EnumSource(Quality.Status.class)
    void everyStatusWithValueAndEmptyDetail(Quality.Status status) {
        Quality quality = new Quality(status, Quality.Reason.NONE, "");
        Sample sample = new Sample("p", Value.of(DataType.UINT16, 1234), quality, T, T);

        assertEquals(sample, roundTrip(sample));
    }

    @Test
    void uncertainValueWithReasonAndUnicodeDetail() {
        Quality quality = new Quality(Quality.Status.UNCERTAIN, Quality.Reason.STALE, "未刷新 for 30 s");
        Sample sample = new Sample("p", Value.of(DataType.FLOAT32, 12.5), quality, T, T + 30_000);

        assertEquals(sample, roundTrip(sample));
    }

    @Test
    void goodQualityWithDetailKeepsDetail() {
        Quality quality = new Quality(Quality.Status.GOOD, Quality.Reason.NONE, "substituted by operator");
        Sample sample = new Sample("p", Value.ofBoolean(true), quality, T, T);

        assertEquals(sample, roundTrip(sample));
    }

    @Test
    void sourceAndGatewayTimesAreKeptApartInBothDirections() {
        for (long gatewayTime : List.of(T, T + 1, T - 1, T + 86_400_000L, T - 3_600_000L, 0L, Long.MAX_VALUE)) {
            Sample sample = new Sample("p", Value.ofDouble(1.5), Quality.GOOD, T, gatewayTime);
            Sample decoded = roundTrip(sample);
            assertEquals(T, decoded.sourceTime());
            assertEquals(gatewayTime, decoded.gatewayTime());
        }
        Sample extremes = new Sample("p", Value.ofDouble(1.5), Quality.GOOD, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(extremes, roundTrip(extremes));
    }

    @Test
    void bodyDoesNotCarryThePointId() {
        Sample a = Sample.good("a", Value.of(DataType.FLOAT32, 1.0), T);
        Sample b = Sample.good("a/much/longer/point/name/that/would/cost/bytes", Value.of(DataType.FLOAT32, 1.0), T);

        assertEquals(codec.encode(a).length, codec.encode(b).length);
        assertEquals("other", codec.decode("other", codec.encode(a)).pointId());
    }

    @Test
    void typicalTelemetryIsCompact() {
        assertEquals(11, codec.encode(Sample.good("p", Value.of(DataType.FLOAT32, 21.5), T)).length);
        assertEquals(15, codec.encode(Sample.good("p", Value.of(DataType.FLOAT64, 21.5), T)).length);
        assertEquals(8, codec.encode(Sample.good("p", Value.ofBoolean(true), T)).length);
        assertEquals(8, codec.encode(Sample.good("p", Value.of(DataType.UINT16, 100), T)).length);
    }

    @Test
    void truncatedOrPaddedBodyIsRejectedAsMalformed() {
        byte[] body = codec.encode(Sample.good("p", Value.of(DataType.STRING, "hello"), T));

        for (int length = 0; length < body.length; length++) {
            byte[] truncated = Arrays.copyOf(body, length);
            assertThrows(MalformedBodyException.class, () -> codec.decode("p", truncated), "length " + length);
        }
        byte[] padded = Arrays.copyOf(body, body.length + 1);
        MalformedBodyException e = assertThrows(MalformedBodyException.class, () -> codec.decode("p", padded));
        assertTrue(e.getMessage().contains("after the end"), e.getMessage());
    }

    @Test
    void unknownTagsAreRejectedAsMalformed() {
        byte[] unknownType = {0x0F, 0};
        assertThrows(MalformedBodyException.class, () -> codec.decode("p", unknownType));
        byte[] unknownStatus = {0x31, 1, 0};
        assertThrows(MalformedBodyException.class, () -> codec.decode("p", unknownStatus));
        byte[] goodWithoutValue = {0x00, 0};
        assertThrows(MalformedBodyException.class, () -> codec.decode("p", goodWithoutValue));
    }
}
