package io.tidegate.driver.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.driver.modbus.ModbusSettings;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session over a scripted RTU line: what one poll sends when a unit stops answering. */
class ModbusSessionTest {
    private final ScriptedLine line = new ScriptedLine();
    private final ModbusSettings settings = ModbusSettings.parse("modbus-rtu", Map.of("serialPort", "scripted",
            "unit", "1", "timeout", "100ms", "retries", "1", "backoff", "10ms", "maxGap", "0"));
    private final ModbusSession session = new ModbusSession(new Device("meter", "modbus-rtu", Map.of(), List.of()),
            settings, new ModbusClient(new RtuLink(line, 1_750_000), settings), () -> { });

    private static Point point(String id, String address) {
        return Point.simple(id, "meter", address, DataType.UINT16, Duration.ofSeconds(1));
    }

    @Test
    void aSilentUnitCostsOneRequestWithItsRetriesNotOnePerBlock() throws Exception {
        List<Point> points = List.of(point("a", "hr:0"), point("b", "hr:10"), point("c", "hr:20"));
        List<Sample> samples = session.read(points);
        // one request and its one retry; the two other blocks were not sent
        assertEquals(2, session.client().requests());
        for (Sample s : samples) {
            assertEquals(Quality.Reason.COMM_FAILURE, s.quality().reason());
        }
        assertTrue(samples.get(0).quality().detail().contains("no answer from unit 1"), samples.get(0).quality()::detail);
        assertTrue(samples.get(2).quality().detail().contains("not sent"), samples.get(2).quality()::detail);
    }

    @Test
    void aRetryRecoversAPassingFault() throws Exception {
        line.answers.add(r -> {
            byte[] a = RtuLink.frame(1, HexFormat.of().parseHex("03020007"));
            a[3] ^= 1;
            return a;
        });
        line.answers.add(r -> RtuLink.frame(1, HexFormat.of().parseHex("03020007")));
        List<Sample> samples = session.read(List.of(point("a", "hr:0")));
        assertEquals(7L, samples.get(0).value().raw());
        assertEquals(2, session.client().requests());
    }
}
