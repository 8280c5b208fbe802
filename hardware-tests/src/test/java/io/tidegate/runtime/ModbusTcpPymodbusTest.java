package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process against Debian's pymodbus Modbus TCP server, through Mosquitto to a
 * Sparkplug host: every type and word order arrives with exactly the value pymodbus was given, the
 * address pymodbus refuses is bad with exception 02 while its neighbours stay good, and a slow
 * unit's late answers never become values.
 */
class ModbusTcpPymodbusTest {
    @TempDir
    Path dir;

    /** Point id -> the value the host must see (pymodbus_server.py packs the same values, unit 1). */
    private static final Map<String, Object> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("plc/int16", -201L);
        EXPECTED.put("plc/uint16", 65000L);
        EXPECTED.put("plc/uint16_scaled", 650.0);
        EXPECTED.put("plc/int32_abcd", -123456L);
        EXPECTED.put("plc/int32_cdab", -123456L);
        EXPECTED.put("plc/int32_badc", -123456L);
        EXPECTED.put("plc/int32_dcba", -123456L);
        EXPECTED.put("plc/uint32", 3735928559L);
        EXPECTED.put("plc/float_abcd", 12.375);
        EXPECTED.put("plc/float_cdab", 12.375);
        EXPECTED.put("plc/float_badc", 12.375);
        EXPECTED.put("plc/float_dcba", 12.375);
        EXPECTED.put("plc/int64_abcd", 81985529216486895L);
        EXPECTED.put("plc/int64_cdab", -81985529216486895L);
        EXPECTED.put("plc/double_abcd", 3.141592653589793);
        EXPECTED.put("plc/double_dcba", 3.141592653589793);
        EXPECTED.put("plc/name", "PUMP1");
        EXPECTED.put("plc/bit0", true);
        EXPECTED.put("plc/bit1", false);
        EXPECTED.put("plc/bit15", true);
        EXPECTED.put("plc/after_hole", 4242L);
        EXPECTED.put("plc/before_ghost", 7L);
        EXPECTED.put("plc/input", 1235L);
        EXPECTED.put("plc/coil0", false);
        EXPECTED.put("plc/coil1", true);
        EXPECTED.put("plc/di0", true);
        EXPECTED.put("slow/input", 1235L);
    }

    private static final String CSV = """
            Point ID,Area,Address,Type,Byte/Word Order,Scale,Offset,Unit,Access,Poll Group,Description
            plc/int16,holding,0,INT16,,,,,read,,
            plc/uint16,,40002,UINT16,,,,,read,,Modicon notation
            plc/uint16_scaled,holding,1,UINT16,,0.01,,m3/h,read,,scaled
            plc/int32_abcd,holding,2,INT32,ABCD,,,,read,,
            plc/int32_cdab,holding,4,INT32,CDAB,,,,read,,
            plc/int32_badc,holding,6,INT32,BADC,,,,read,,
            plc/int32_dcba,holding,8,INT32,DCBA,,,,read,,
            plc/uint32,holding,10,UINT32,,,,,read,,
            plc/float_abcd,holding,12,FLOAT32,ABCD,,,,read,,
            plc/float_cdab,holding,14,FLOAT32,CDAB,,,,read,,
            plc/float_badc,holding,16,FLOAT32,BADC,,,,read,,
            plc/float_dcba,holding,18,FLOAT32,DCBA,,,,read,,
            plc/int64_abcd,holding,20,INT64,,,,,read,,
            plc/int64_cdab,holding,24,INT64,CDAB,,,,read,,
            plc/double_abcd,holding,28,FLOAT64,,,,,read,,
            plc/double_dcba,holding,32,FLOAT64,DCBA,,,,read,,
            plc/name,holding,36[4],STRING,,,,,read,,
            plc/bit0,holding,40.0,BOOL,,,,,read,,
            plc/bit1,holding,40.1,BOOL,,,,,read,,
            plc/bit15,,40041.15,BOOL,,,,,read,,bit 15 in Modicon notation
            plc/after_hole,holding,50,UINT16,,,,,read,,41-49 do not exist
            plc/before_ghost,holding,60,UINT16,,,,,read,,
            plc/ghost,holding,61,UINT16,,,,,read,,the device refuses it
            plc/input,input,0,UINT16,,,,,read,,
            plc/coil0,coil,0,BOOL,,,,,read,,
            plc/coil1,coil,1,BOOL,,,,,read,,
            plc/di0,discrete,0,BOOL,,,,,read,,
            """;

    @Test
    void everyTypeAndOrderArrivesExactlyAndFaultsStayWithTheirPoints() throws Exception {
        int plcPort = TestSites.freePort();
        int slowPort = TestSites.freePort();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             PythonPeer plc = PythonPeer.python(dir, "pymodbus-plc", "pymodbus_server.py", "tcp",
                     Integer.toString(plcPort)).awaitPort(plcPort);
             PythonPeer slow = PythonPeer.python(dir, "pymodbus-slow", "pymodbus_server.py", "tcp",
                     Integer.toString(slowPort), "0.5").awaitPort(slowPort);
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            Path profile = dir.resolve("site.yaml");
            Files.writeString(dir.resolve("plc.csv"), CSV);
            Files.writeString(profile, """
                    gateway:
                      id: hw-gw
                      group: hw
                    devices:
                      - id: plc
                        driver: modbus-tcp
                        interval: 200ms
                        settings:
                          host: 127.0.0.1
                          port: %d
                          unit: 1
                          timeout: 1s
                          retries: 0
                        pointsCsv: plc.csv
                      - id: slow
                        driver: modbus-tcp
                        interval: 500ms
                        settings:
                          host: 127.0.0.1
                          port: %d
                          unit: 1
                          timeout: 400ms
                          retries: 0
                        points:
                          - id: slow/int16
                            address: hr:0
                            type: INT16
                          - id: slow/input
                            address: ir:0
                            type: UINT16
                    uplink:
                      host: 127.0.0.1
                      port: %d
                    """.formatted(plcPort, slowPort, broker.port()));
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"),
                    dir.resolve("gateway.log"))) {
                host.await("5 polls of every point", Duration.ofSeconds(60), h -> EXPECTED.keySet().stream()
                        .allMatch(id -> h.readings(id).size() >= 5) && h.readings("slow/int16").size() >= 3
                        && h.readings("plc/ghost").size() >= 3);

                for (Map.Entry<String, Object> e : EXPECTED.entrySet()) {
                    List<SparkplugHost.Reading> readings = host.readings(e.getKey());
                    for (SparkplugHost.Reading r : readings) {
                        assertNull(r.qualityReason(), () -> e.getKey() + " is bad: " + r.qualityReason());
                        assertSameValue(e.getKey(), e.getValue(), r.value());
                    }
                }
                for (SparkplugHost.Reading r : host.readings("plc/ghost")) {
                    assertTrue(r.qualityReason() != null && r.qualityReason().startsWith("DEVICE_EXCEPTION")
                            && r.qualityReason().contains("exception 02 (illegal data address)"),
                            () -> "ghost: " + r.qualityReason());
                }
                for (SparkplugHost.Reading r : host.readings("slow/int16")) {
                    assertTrue(r.qualityReason() != null && r.qualityReason().startsWith("COMM_FAILURE")
                            && r.qualityReason().contains("no answer"), () -> "slow/int16: " + r.qualityReason());
                }
                assertFalse(gateway.log().contains("Exception in thread"), gateway::log);
                plc.assertAlive();
                slow.assertAlive();
            }
        }
    }

    private static void assertSameValue(String id, Object expected, Object actual) {
        if (expected instanceof Long l) {
            assertEquals(l.longValue(), ((Number) actual).longValue(), id);
        } else if (expected instanceof Double d) {
            assertEquals(d, ((Number) actual).doubleValue(), 0.0, id);
        } else {
            assertEquals(expected, actual, id);
        }
    }
}
