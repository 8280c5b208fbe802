package io.tidegate.engine.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "1s, 1000", "1.5s, 1500", "2m, 120000", "1h, 3600000", "7d, 604800000", "0.5s, 500", "10 s, 10000"})
    void parsesUnits(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        1      | has no unit
        0s     | must be greater than zero
        -1s    | must be greater than zero
        0.1ms  | the smallest duration is 1ms
        1w     | not a duration
        fast   | not a duration
        """)
    void refuses(String text, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void bareNumberSaysWhichUnitsExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5"));
        assertEquals("'5' has no unit; add one, e.g. 5s or 5ms (units: ms, s, m, h, d)", e.getMessage());
    }
}
