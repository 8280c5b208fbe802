package io.tidegate.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.Commissioning.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings box of the device form: one {@code key: value} a line, mistakes named by line. */
class CommissioningApiTest {

    @Test
    void settingsAreReadOneKeyALine() {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> settings = CommissioningApi.settings(
                "host: 10.0.0.5\r\n\n# the meter's unit\nunitId=7\nurl: opc.tcp://10.0.0.6:4840\n", problems);
        assertEquals(List.of(), problems);
        assertEquals(Map.of("host", "10.0.0.5", "unitId", "7", "url", "opc.tcp://10.0.0.6:4840"), settings);
        assertEquals(List.of("host", "unitId", "url"), List.copyOf(settings.keySet()), "kept in the installer's order");
    }

    @Test
    void aLineThatIsNoSettingIsNamed() {
        List<Problem> problems = new ArrayList<>();
        CommissioningApi.settings("host: 10.0.0.5\nport 502\nhost: 10.0.0.6", problems);
        assertEquals(List.of(
                new Problem("settings", 2, "", "line 2: 'port 502' is not key: value (e.g. host: 10.0.0.5)"),
                new Problem("settings", 3, "", "line 3: host is given twice")), problems);
    }
}
