package io.tidegate.cli.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTemplateTest {

    @Test
    void aDeviceSpecSplitsIntoIdDriverCsvAndSettings() {
        DeviceSpec d = DeviceSpec.parse("id=meter1,driver=modbus-tcp,csv=maps/meter.csv,interval=5s,host=10.0.0.5,unit=3");
        assertEquals("meter1", d.id());
        assertEquals("modbus-tcp", d.driver());
        assertEquals("maps/meter.csv", d.csv().toString());
        assertEquals("5s", d.interval());
        assertEquals(Map.of("host", "10.0.0.5", "unit", "3"), d.settings());
    }

    @Test
    void aDeviceSpecWithoutItsCsvOrWithAStrayWordSaysWhat() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> DeviceSpec.parse("id=meter1,driver=modbus-tcp"));
        assertTrue(missing.getMessage().contains("needs csv="), missing.getMessage());
        IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                () -> DeviceSpec.parse("id=meter1,driver=sim,csv=a.csv,oops"));
        assertTrue(stray.getMessage().contains("'oops' is not key=value"), stray.getMessage());
    }

    @Test
    void anUnknownPlaceholderNamesTheTemplateLine() {
        ProfileTemplate t = new ProfileTemplate("my.tpl", "gateway:\n  id: {{gateway.id}}\n  group: {{site.name}}\n"
                + "devices:\n  {{devices}}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.render(Map.of("gateway.id", "gw1"), List.of(), d -> ""));
        assertTrue(e.getMessage().startsWith("my.tpl:3: unknown placeholder {{site.name}}"), e.getMessage());
    }

    @Test
    void valuesThatYamlWouldMisreadAreQuoted() {
        assertEquals("10.0.0.5", ProfileTemplate.scalar("10.0.0.5"));
        assertEquals("\"# not a comment\"", ProfileTemplate.scalar("# not a comment"));
        assertEquals("\"a: b\"", ProfileTemplate.scalar("a: b"));
        assertEquals("\"say \\\"hi\\\"\"", ProfileTemplate.scalar("say \"hi\""));
    }
}
