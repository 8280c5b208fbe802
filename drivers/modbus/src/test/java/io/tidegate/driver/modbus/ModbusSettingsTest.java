package io.tidegate.driver.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModbusSettingsTest {

    @Test
    void rtuDefaultsFollowTheSerialLineSpecification() {
        ModbusSettings s = ModbusSettings.parse("modbus-rtu", Map.of("serialPort", "/dev/ttyUSB0"));
        assertEquals(9600, s.baud());
        assertEquals(ModbusSettings.Parity.EVEN, s.parity());
        assertEquals(1, s.stopBits());
        assertEquals(11, s.bitsPerCharacter());
        // 3.5 characters of 11 bits at 9600 baud = 4.01 ms; 1.5 characters = 1.72 ms
        assertEquals(4_010_416, s.t35Nanos());
        assertEquals(1_718_750, s.t15Nanos());
        assertEquals(1, s.unit());
        assertEquals(Duration.ofSeconds(1), s.timeout());
    }

    @Test
    void noParityMeansTwoStopBits() {
        ModbusSettings s = ModbusSettings.parse("modbus-rtu", Map.of("serialPort", "/dev/ttyS0", "parity", "none"));
        assertEquals(2, s.stopBits());
    }

    @Test
    void aboveNineteenThousandTwoHundredBaudTheGapsAreFixed() {
        ModbusSettings s = ModbusSettings.parse("modbus-rtu", Map.of("serialPort", "/dev/ttyS0", "baud", "38400"));
        assertEquals(1_750_000, s.t35Nanos());
        assertEquals(750_000, s.t15Nanos());
    }

    @Test
    void tcpNeedsAHostAndTakesPortAndUnit() {
        ModbusSettings s = ModbusSettings.parse("modbus-tcp", Map.of("host", "10.0.0.5", "port", "1502", "unit", "0",
                "timeout", "250ms", "order", "cdab", "maxGap", "4"));
        assertEquals("10.0.0.5:1502", s.endpoint());
        assertEquals(0, s.unit());
        assertEquals(Duration.ofMillis(250), s.timeout());
        assertEquals(WordOrder.CDAB, s.order());
        assertEquals(4, s.maxGap());
    }

    @Test
    void errorsNameTheSettingAndWhatIsAllowed() {
        assertMessage(Map.of(), "modbus-tcp", "setting 'host' is missing");
        assertMessage(Map.of("host", "h", "baud", "9600"), "modbus-tcp", "unknown setting 'baud'; belong to driver modbus-rtu");
        assertMessage(Map.of("serialPort", "/dev/x", "parity", "mark"), "modbus-rtu", "setting 'parity' = 'mark'; none, even, odd");
        assertMessage(Map.of("serialPort", "/dev/x", "unit", "248"), "modbus-rtu", "setting 'unit' = '248'; from 1 to 247");
        assertMessage(Map.of("host", "h", "timeout", "1"), "modbus-tcp", "setting 'timeout' = '1' is not a duration");
        assertMessage(Map.of("host", "h", "maxRegisters", "126"), "modbus-tcp", "'maxRegisters' = '126'; from 1 to 125");
    }

    private static void assertMessage(Map<String, String> settings, String driver, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModbusSettings.parse(driver, settings));
        for (String w : words.split(";")) {
            assertTrue(e.getMessage().contains(w.trim()), () -> "'" + w.trim() + "' not in: " + e.getMessage());
        }
    }
}
