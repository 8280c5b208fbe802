package io.tidegate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueTest {

    @Test
    void integerTypesRefuseValuesOutsideTheirRange() {
        assertEquals(65535L, Value.of(DataType.UINT16, 65535).raw());
        var e = assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.UINT16, 70000));
        assertTrue(e.getMessage().contains("outside the UINT16 range 0..65535"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.INT16, -32769));
        assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.UINT32, -1));
        assertEquals(4294967295L, Value.of(DataType.UINT32, 4294967295L).asLong());
    }

    @Test
    void integerTypesRefuseFractions() {
        var e = assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.INT32, 1.5));
        assertTrue(e.getMessage().contains("fraction"), e.getMessage());
        assertEquals(2L, Value.of(DataType.INT32, 2.0).raw());
    }

    @Test
    void booleansAcceptOnlyTrueFalseOneAndZero() {
        assertEquals(true, Value.of(DataType.BOOL, 1).raw());
        assertEquals(false, Value.of(DataType.BOOL, 0.0).raw());
        assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.BOOL, 1.7));
        assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.BOOL, 2));
        assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.BOOL, "yes"));
    }

    @Test
    void float32KeepsFloatPrecision() {
        assertEquals((double) 0.1f, Value.of(DataType.FLOAT32, 0.1).asDouble());
        assertEquals(0.1, Value.of(DataType.FLOAT64, 0.1).asDouble());
    }

    @Test
    void aGoodSampleNeedsAValueAndABadOneSaysWhy() {
        assertThrows(IllegalArgumentException.class, () -> new Sample("p", null, Quality.GOOD, 1, 1));
        Sample bad = Sample.bad("p", Quality.bad(Quality.Reason.COMM_FAILURE, "timeout"), 5);
        assertEquals(Quality.Reason.COMM_FAILURE, bad.quality().reason());
        assertThrows(IllegalArgumentException.class,
                () -> new Quality(Quality.Status.GOOD, Quality.Reason.STALE, ""));
    }

    @Test
    void scaledIntegerPointsBecomeFloat64Upstream() {
        Point raw = Point.simple("p", "d", "a", DataType.INT16, java.time.Duration.ofSeconds(1));
        assertEquals(DataType.INT16, raw.engineeringType());
        Point scaled = new Point("p", "d", "a", DataType.INT16, "bar", new Scaling(0.1, 0), Access.READ, null, null,
                java.time.Duration.ofSeconds(1), null, null);
        assertEquals(DataType.FLOAT64, scaled.engineeringType());
        assertEquals(12.3, scaled.scaling().toEngineering(123), 1e-9);
    }
}
