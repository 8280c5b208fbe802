package io.tidegate.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-array point types in a profile: how they are written, and what is refused on them. */
class ArrayPointsProfileTest {
    @TempDir
    Path dir;

    @Test
    void arrayTypesLoadInlineAndFromARegisterMap() throws Exception {
        Files.writeString(dir.resolve("line1.csv"), """
                id,address,type,unit
                line1/flags,ns=2;s=Flags,bool[],
                line1/names,ns=2;s=Names,STRING[],
                """);
        String yaml = """
                gateway: {id: gw, group: plant}
                devices:
                  - id: line1
                    driver: opcua
                    settings: {endpoint: "opc.tcp://plc1:4840"}
                    pointsCsv: line1.csv
                    points:
                      - id: line1/temps
                        address: "ns=2;s=Temperatures"
                        type: FLOAT64[]
                        unit: degC
                      - {id: line1/counts, address: "ns=2;s=Counts", type: "INT32[]", access: read-write}
                      - {id: line1/raw, address: "ns=2;s=Raw", type: UINT16_ARRAY}
                uplink: {host: 127.0.0.1}
                """;
        SiteProfile site = ProfileLoader.load(yaml, dir.resolve("site.yaml"));

        List<Point> points = site.devices().get(0).points();
        assertEquals(List.of(DataType.FLOAT64_ARRAY, DataType.INT32_ARRAY, DataType.UINT16_ARRAY, DataType.BOOL_ARRAY,
                DataType.STRING_ARRAY), points.stream().map(Point::type).toList());
        assertEquals("degC", points.get(0).unit(), "one unit for every element of a numeric array");
        assertTrue(points.get(1).writable());
        assertEquals(DataType.FLOAT64_ARRAY, points.get(0).engineeringType(), "arrays are never scaled");
    }

    @Test
    void scalingLimitsIndexAndOtherDriversAreRefusedWithTheirPlaceAndPoint() {
        String yaml = """
                gateway: {id: gw, group: plant}
                devices:
                  - id: line1
                    driver: opcua
                    settings: {endpoint: "opc.tcp://plc1:4840"}
                    points:
                      - {id: line1/a, address: "ns=2;s=A", type: "INT16[]", scale: 0.1}
                      - {id: line1/b, address: "ns=2;s=B", type: "FLOAT64[]", access: read-write, max: 10}
                      - {id: line1/c, address: "index=2;ns=2;s=C", type: "FLOAT32[]"}
                      - {id: line1/d, address: "ns=2;s=D", type: "REAL[]"}
                      - {id: line1/e, address: "ns=2;s=E", type: "BOOL[]", unit: V}
                  - id: pump
                    driver: sim
                    points:
                      - {id: pump/x, address: discharge_pressure, type: "FLOAT64[]"}
                uplink: {host: 127.0.0.1}
                """;
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.load(yaml, dir.resolve("site.yaml")));

        List<String> where = e.errors().stream().map(er -> er.file().getFileName() + ":" + er.line() + ":"
                + er.column() + " " + er.field()).toList();
        assertEquals(List.of(
                "site.yaml:7:68 devices[0].points[0].scale",
                "site.yaml:8:88 devices[0].points[1].max",
                "site.yaml:9:32 devices[0].points[2].address",
                "site.yaml:10:50 devices[0].points[3].type",
                "site.yaml:11:66 devices[0].points[4].unit",
                "site.yaml:15:31 devices[1].points[0].address"), where, e::getMessage);
        List<String> messages = e.errors().stream().map(ProfileError::message).toList();
        assertTrue(messages.get(0).contains("point 'line1/a': a INT16[] point cannot be scaled"), messages.get(0));
        assertTrue(messages.get(1).contains("point 'line1/b': a FLOAT64[] point has no write limits"), messages.get(1));
        assertTrue(messages.get(2).contains("point 'line1/c'") && messages.get(2).contains("drop index=N;"),
                messages.get(2));
        assertTrue(messages.get(3).contains("'REAL[]' is not a data type") && messages.get(3).contains("FLOAT64[]"),
                messages.get(3));
        assertTrue(messages.get(4).contains("BOOL[] point has no unit"), messages.get(4));
        assertTrue(messages.get(5).contains("point 'pump/x'") && messages.get(5).contains("only the opcua driver"),
                messages.get(5));
    }
}
