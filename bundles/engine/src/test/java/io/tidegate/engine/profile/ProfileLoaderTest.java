package io.tidegate.engine.profile;

import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.Scaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a valid profile turns into: defaults, overrides, scaling, CSV columns. */
class ProfileLoaderTest {

    @TempDir
    Path dir;

    @Test
    void fullProfileWithEveryOption() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/mqtt.secret"), "not-a-real-password\n");
        Files.setPosixFilePermissions(dir.resolve("secrets/mqtt.secret"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("boiler.csv"), """
                ID,Address,Type,Unit,Access,Min,Max,Scale,Offset,Interval,Description
                # temperatures come in tenths of a degree
                boiler/temp, 40001 , INT16, °C, , , , 0.1, , 5s, "Flow temperature, \"\"outlet\"\"\"

                boiler/setpoint,40010,uint16,°C,read-write,20,80,0.5,-10,,Setpoint
                ,,,,,,,,,,
                """);
        String yaml = """
                gateway: {id: plant.7, group: north_water}
                devices:
                  - id: plc-1
                    driver: sim
                    interval: 1.5s
                    settings: {host: 10.0.0.5, port: 502, verbose: yes, model: "on"}
                    points:
                      - id: line/speed
                        address: "%MW10"
                        type: float32
                        unit: m/min
                        interval: 250ms
                        tags: {site: north, enabled: yes}
                      - id: line/name
                        address: name
                        type: STRING
                        description: Line name
                    pointsCsv: boiler.csv
                uplink:
                  host: broker.example.com
                  port: 8883
                  clientId: plant-7-gw
                  keepAlive: 1m
                  username: gw01
                  passwordFile: secrets/mqtt.secret
                """;
        SiteProfile site = ProfileLoader.load(yaml, dir.resolve("site.yaml"));

        assertEquals(new GatewayConfig("plant.7", "north_water"), site.gateway());
        Device plc = site.devices().get(0);
        assertEquals(Map.of("host", "10.0.0.5", "port", "502", "verbose", "true", "model", "on"), plc.settings());
        assertEquals(List.of("line/speed", "line/name", "boiler/temp", "boiler/setpoint"),
                plc.points().stream().map(Point::id).toList(), "inline points first, then the CSV's");

        Point speed = site.point("line/speed").orElseThrow();
        assertEquals(DataType.FLOAT32, speed.type(), "types are case-insensitive");
        assertEquals("%MW10", speed.address());
        assertEquals(Duration.ofMillis(250), speed.pollInterval(), "the point's own interval");
        assertEquals(Map.of("site", "north", "enabled", "yes"), speed.tags());
        assertEquals(Access.READ, speed.access());

        Point name = site.point("line/name").orElseThrow();
        assertEquals(Duration.ofMillis(1500), name.pollInterval(), "the device's interval");
        assertEquals("Line name", name.description());

        Point temp = site.point("boiler/temp").orElseThrow();
        assertEquals("40001", temp.address());
        assertEquals(DataType.INT16, temp.type());
        assertEquals("°C", temp.unit());
        assertEquals(new Scaling(0.1, 0.0), temp.scaling());
        assertEquals(Duration.ofSeconds(5), temp.pollInterval());
        assertEquals("Flow temperature, \"outlet\"", temp.description());
        assertEquals("plc-1", temp.deviceId());

        Point setpoint = site.point("boiler/setpoint").orElseThrow();
        assertEquals(DataType.UINT16, setpoint.type());
        assertEquals(Access.READ_WRITE, setpoint.access());
        assertEquals(20.0, setpoint.writeMin());
        assertEquals(80.0, setpoint.writeMax());
        assertEquals(new Scaling(0.5, -10), setpoint.scaling());
        assertEquals(Duration.ofMillis(1500), setpoint.pollInterval());

        UplinkConfig uplink = site.uplink();
        assertEquals(new UplinkConfig("sparkplug", "broker.example.com", 8883, "plant-7-gw", Duration.ofMinutes(1),
                "gw01", dir.resolve("secrets/mqtt.secret")), uplink);
    }

    @Test
    void storeSectionSetsSizeAgePolicyAndDurability() throws Exception {
        SiteProfile site = ProfileLoader.load(Path.of(getClass().getResource("/profiles/store-settings.yaml").toURI()));

        assertEquals(new StoreConfig(1_500_000_000L, Duration.ofDays(7), "reject-new", "normal"), site.store());
    }

    @Test
    void withoutAStoreSectionTheStoreIsDurableAndBoundedAtOneGibibyte() throws Exception {
        SiteProfile site = ProfileLoader.load(Path.of(getClass().getResource("/profiles/good-minimal.yaml").toURI()));

        assertEquals(new StoreConfig(1L << 30, Duration.ZERO, "drop-oldest", "full"), site.store());
    }

    @Test
    void defectsInDifferentPlacesAreAllReported() throws Exception {
        Files.writeString(dir.resolve("map.csv"), """
                id,address,type
                a/1,1,INT16
                a/1,2,INT16
                a/3,,INT16
                """);
        String yaml = """
                gateway: {id: gw, group: g}
                devices:
                  - id: d1
                    driver: sim
                    interval: 10
                    pointsCsv: map.csv
                  - id: d1
                    driver: sim
                    settings: {password: hunter2}
                    points:
                      - {id: b, address: x, type: BOOL, access: read-write, min: 0, max: 1}
                      - {id: c, address: y, type: INT16, scale: 1, offset: x}
                      - {id: d, address: z, type: UINT16, access: read-write, max: 70000}
                uplink: {host: "mqtt://broker:1883", keepAlive: 1.5s}
                """;
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.load(yaml, dir.resolve("site.yaml")));

        List<String> got = e.errors().stream().map(er -> er.file().getFileName() + ":" + er.line() + " "
                + er.field()).toList();
        assertEquals(List.of(
                "site.yaml:5 devices[0].interval",
                "site.yaml:7 devices[1].id",
                "site.yaml:9 devices[1].settings.password",
                "site.yaml:11 devices[1].points[0].min",
                "site.yaml:12 devices[1].points[1].offset",
                "site.yaml:13 devices[1].points[2].max",
                "site.yaml:14 uplink.host",
                "site.yaml:14 uplink.keepAlive",
                "map.csv:3 column 'id'",
                "map.csv:4 column 'address'"), got, e::getMessage);
        assertTrue(e.errors().get(1).message().contains("already used at line 3"), e::getMessage);
        assertTrue(e.errors().get(3).message().contains("BOOL point has no write limits"), e::getMessage);
        assertTrue(e.errors().get(5).message().contains("UINT16 holds 0..65535"), e::getMessage);
        assertTrue(e.errors().get(6).message().contains("the port goes in port:"), e::getMessage);
        assertTrue(e.errors().get(7).message().contains("whole seconds"), e::getMessage);
    }

    @Test
    void wrongShapesAreOneErrorEach() {
        String yaml = """
                gateway: [gw]
                devices:
                  - id: d
                    driver: sim
                    points: {id: x}
                  -
                uplink:
                  host: h
                  port: 1883
                  port: 1884
                """;
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.load(yaml, Path.of("site.yaml")));

        assertEquals(List.of("1 gateway", "5 devices[0].points", "6 devices[1]", "10 uplink.port"),
                e.errors().stream().map(er -> er.line() + " " + er.field()).toList(), e::getMessage);
    }

    @Test
    void yamlTagsDoNotConstructObjects() {
        String yaml = """
                gateway: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x"]]]]
                devices: []
                uplink: {host: h}
                """;
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.load(yaml, Path.of("site.yaml")));

        assertEquals(1, e.errors().size(), e::getMessage);
        assertEquals(1, e.errors().get(0).line());
        assertTrue(e.errors().get(0).message().contains("tag is not allowed"), e::getMessage);
    }
}
