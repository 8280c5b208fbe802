package io.tidegate.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Access;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modbus devices in a profile: register maps as manuals give them, and wrong addresses refused at load. */
class ModbusProfileTest {
    @TempDir
    Path dir;

    private static final String PROFILE = """
            gateway:
              id: station-01
              group: water
            devices:
              - id: pumps
                driver: modbus-tcp
                interval: 1s
                settings:
                  host: 10.0.0.5
                  unit: 3
                  order: CDAB
                pointsCsv: pumps.csv
            uplink:
              host: 127.0.0.1
            """;

    private Path write(String csv) throws Exception {
        Files.writeString(dir.resolve("pumps.csv"), csv);
        Path profile = dir.resolve("site.yaml");
        Files.writeString(profile, PROFILE);
        return profile;
    }

    @Test
    void aManualsRegisterMapWithItsOwnColumnNamesLoads() throws Exception {
        Path profile = write("""
                Point ID,Area,Address,Type,Byte/Word Order,Scale,Offset,Unit,Access,Poll Group,Description
                pump1/speed,holding,0,UINT16,,0.1,,%,read-write,1s,Pump 1 speed
                pump1/flow,input,10,FLOAT32,ABCD,,,L/s,read,100ms,Pump 1 flow
                pump1/running,,40101.3,BOOL,,,,,read,,Running bit
                meter/energy,,30021,INT64,,,,kWh,read,,Energy counter
                """);
        SiteProfile site = ProfileLoader.load(profile);
        Device d = site.devices().get(0);
        List<Point> p = d.points();
        assertEquals(List.of("holding:0", "input:10:ABCD", "40101.3", "30021"),
                p.stream().map(Point::address).toList());
        assertEquals(0.1, p.get(0).scaling().factor());
        assertEquals(Access.READ_WRITE, p.get(0).access());
        assertEquals(Duration.ofMillis(100), p.get(1).pollInterval());
        assertEquals(Duration.ofSeconds(1), p.get(2).pollInterval());
    }

    @Test
    void aWrongAddressInTheRegisterMapNamesTheRowTheColumnAndThePoint() throws Exception {
        Path profile = write("""
                id,area,address,type,unit
                pump1/speed,holding,0,UINT16,%
                pump1/flow,input,10,FLOAT32,L/s
                pump1/running,holding,101,BOOL,
                """);
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(profile));
        assertEquals(1, e.errors().size(), e::getMessage);
        ProfileError error = e.errors().get(0);
        assertEquals("pumps.csv:4", error.file().getFileName() + ":" + error.line());
        assertEquals("column 'address'", error.field());
        assertTrue(error.message().contains("point 'pump1/running'"), error::toString);
        assertTrue(error.message().contains("needs the bit, e.g. hr:100.3"), error::toString);
    }

    @Test
    void writingAnInputRegisterIsRefusedBeforeAnythingStarts() throws Exception {
        Path profile = write("""
                id,address,type,access
                pump1/flow,30011,FLOAT32,read-write
                """);
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(profile));
        assertTrue(e.getMessage().contains("pumps.csv:2: column 'address': point 'pump1/flow'"), e::getMessage);
        assertTrue(e.getMessage().contains("cannot be written"), e::getMessage);
    }

    @Test
    void badSettingsAreNamed() throws Exception {
        Files.writeString(dir.resolve("pumps.csv"), "id,address,type\np,hr:0,UINT16\n");
        Path profile = dir.resolve("site.yaml");
        Files.writeString(profile, PROFILE.replace("unit: 3", "unit: 3\n      baud: 9600"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(profile));
        assertEquals(1, e.errors().size(), e::getMessage);
        assertTrue(e.errors().get(0).toString().contains("site.yaml:9"), e::getMessage);
        assertTrue(e.getMessage().contains("unknown setting 'baud' for modbus-tcp"), e::getMessage);
    }

    @Test
    void aPollGroupIsItsInterval() throws Exception {
        Path profile = write("""
                id,address,type,poll group
                p,hr:0,UINT16,fast
                """);
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(profile));
        assertTrue(e.getMessage().contains("pumps.csv:2: column 'group': poll group 'fast'"), e::getMessage);
    }
}
