package io.tidegate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayValueTest {

    @Test
    void everyScalarTypeHasAnArrayTypeSpelledWithBrackets() {
        for (DataType scalar : DataType.values()) {
            if (scalar.isArray()) {
                continue;
            }
            DataType array = scalar.arrayType();
            assertTrue(array.isArray());
            assertEquals(scalar, array.elementType());
            assertEquals(scalar.name() + "[]", array.toString());
            assertEquals(array, DataType.parse(scalar.name().toLowerCase() + "[]"));
            assertEquals(array, DataType.parse(array.name()));
            assertEquals(scalar, DataType.parse(" " + scalar.name() + " "));
            assertFalse(array.isNumeric(), "scaling and limits are for single numbers");
            assertFalse(array.isInteger());
        }
        assertEquals("FLOAT64", DataType.FLOAT64.toString(), "scalar spelling unchanged");
        assertThrows(IllegalArgumentException.class, () -> DataType.parse("FLOAT64[][]"));
        assertThrows(IllegalArgumentException.class, () -> DataType.parse("REAL[]"));
    }

    @Test
    void scalarOrdinalsNeverMoveBecauseStoredRowsUseThem() {
        assertEquals(8, DataType.STRING.ordinal());
        assertEquals(9, DataType.BOOL_ARRAY.ordinal());
    }

    @Test
    void arrayElementsAreCheckedAgainstTheElementType() {
        Value v = Value.of(DataType.UINT16_ARRAY, new int[] {1, 2, 65535});
        assertEquals(List.of(1L, 2L, 65535L), v.raw());
        assertEquals(3, v.size());
        assertEquals(Value.of(DataType.UINT16, 65535), v.elements().get(2));

        var e = assertThrows(IllegalArgumentException.class,
                () -> Value.of(DataType.UINT16_ARRAY, List.of(1, 70000)));
        assertTrue(e.getMessage().contains("element 1 of the UINT16[]"), e.getMessage());
        assertTrue(e.getMessage().contains("outside the UINT16 range"), e.getMessage());

        var notAnArray = assertThrows(IllegalArgumentException.class, () -> Value.of(DataType.FLOAT64_ARRAY, 1.5));
        assertTrue(notAnArray.getMessage().contains("is not a FLOAT64[]"), notAnArray.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Value.ofArray(DataType.STRING, java.util.Arrays.asList("a", null)));
    }

    @Test
    void arrayValuesAreImmutableCopies() {
        List<Double> source = new ArrayList<>(List.of(1.0, 2.0));
        Value v = Value.ofArray(DataType.FLOAT64, source);
        source.set(0, 99.0);
        assertEquals(List.of(1.0, 2.0), v.raw(), "later changes to the caller's list do not leak in");
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) v.raw()).set(0, 5.0));
        assertThrows(UnsupportedOperationException.class, () -> v.elements().clear());
    }

    @Test
    void equalsHashCodeAndToString() {
        Value a = Value.of(DataType.FLOAT64_ARRAY, new double[] {1.5, 2.0});
        Value b = Value.ofArray(DataType.FLOAT64_ARRAY, List.of(1.5, 2));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Value.of(DataType.FLOAT32_ARRAY, new double[] {1.5, 2.0}), "type is part of a value");
        assertNotEquals(a, Value.of(DataType.FLOAT64_ARRAY, new double[] {2.0, 1.5}), "order matters");
        assertEquals("[1.5, 2.0]", a.toString());
        assertEquals("[\"on\", \"say \\\"hi\\\"\"]", Value.of(DataType.STRING_ARRAY, List.of("on", "say \"hi\"")).toString());
        assertEquals("[]", Value.of(DataType.BOOL_ARRAY, List.of()).toString());
        assertEquals(Value.of(DataType.FLOAT32_ARRAY, List.of(0.1)).elements().get(0).asDouble(), (double) 0.1f);
    }

    @Test
    void anArrayHasNoSingleNumber() {
        Value v = Value.of(DataType.INT32_ARRAY, List.of(1));
        var e = assertThrows(IllegalStateException.class, v::asDouble);
        assertTrue(e.getMessage().contains("INT32[]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Value.of(DataType.INT32, 1).size());
    }
}
