package io.tidegate.console.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {
    @Test
    void valuesAreEscapedAndNonNumbersBecomeNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\" \\ line\n</script>");
        m.put("n", 1.5);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("l", List.of(1L, "x"));
        m.put("none", null);

        assertEquals("{\"s\":\"a \\\"quoted\\\" \\\\ line\\n\\u003c/script>\",\"n\":1.5,\"nan\":null,\"b\":true,"
                + "\"l\":[1,\"x\"],\"none\":null}", Json.write(m));
    }
}
