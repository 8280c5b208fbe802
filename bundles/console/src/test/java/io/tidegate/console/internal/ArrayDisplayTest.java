package io.tidegate.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Value;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole arrays in the console's point list: short text, never a huge list or a broken number. */
class ArrayDisplayTest {

    @Test
    void anArrayIsShownAsShortTextWithItsLength() {
        assertEquals("[1.5, 2.0] (2 values)", GatewayView.displayValue(Value.of(DataType.FLOAT64_ARRAY, List.of(1.5, 2.0))));
        assertEquals("[\"on\"] (1 value)", GatewayView.displayValue(Value.of(DataType.STRING_ARRAY, List.of("on"))));
        assertEquals("[] (0 values)", GatewayView.displayValue(Value.of(DataType.BOOL_ARRAY, List.of())));
    }

    @Test
    void aLongArrayIsCut() {
        Value big = Value.of(DataType.INT32_ARRAY, Collections.nCopies(10_000, 123456));

        String text = (String) GatewayView.displayValue(big);

        assertTrue(text.length() < GatewayView.ARRAY_TEXT_LIMIT + 30, text);
        assertTrue(text.endsWith("… (10000 values)"), text);
        // and it is still valid JSON text in the API answer
        assertTrue(Json.write(Map.of("value", text)).startsWith("{\"value\":\"[123456, 123456"));
    }

    @Test
    void scalarsAreUnchanged() {
        assertEquals(1.5, GatewayView.displayValue(Value.ofDouble(1.5)));
        assertEquals(true, GatewayView.displayValue(Value.ofBoolean(true)));
        assertNull(GatewayView.displayValue(null));
    }
}
