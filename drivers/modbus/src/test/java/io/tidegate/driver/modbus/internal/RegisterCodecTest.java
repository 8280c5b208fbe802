package io.tidegate.driver.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidegate.api.DataType;
import io.tidegate.api.Value;
import io.tidegate.driver.modbus.ModbusAddress;
import io.tidegate.driver.modbus.WordOrder;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known wire bytes for known values in every type and order (checked by hand against the byte
 * layouts device manuals print), decoded, and encoded back to the same bytes.
 */
class RegisterCodecTest {

    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource(delimiter = '|', textBlock = """
        INT16   | ABCD | FF38             | -200
        INT16   | BADC | 38FF             | -200
        INT16   | CDAB | FF38             | -200
        INT16   | DCBA | 38FF             | -200
        UINT16  | ABCD | FF38             | 65336
        INT32   | ABCD | FFFE1DC0         | -123456
        INT32   | CDAB | 1DC0FFFE         | -123456
        INT32   | BADC | FEFFC01D         | -123456
        INT32   | DCBA | C01DFEFF         | -123456
        UINT32  | ABCD | DEADBEEF         | 3735928559
        UINT32  | CDAB | BEEFDEAD         | 3735928559
        FLOAT32 | ABCD | 41460000         | 12.375
        FLOAT32 | CDAB | 00004146         | 12.375
        FLOAT32 | BADC | 46410000         | 12.375
        FLOAT32 | DCBA | 00004641         | 12.375
        INT64   | ABCD | FFFFFFFFFFFFFFFE | -2
        INT64   | ABCD | 0123456789ABCDEF | 81985529216486895
        INT64   | CDAB | CDEF89AB45670123 | 81985529216486895
        INT64   | BADC | 23016745AB89EFCD | 81985529216486895
        INT64   | DCBA | EFCDAB8967452301 | 81985529216486895
        FLOAT64 | ABCD | 400921FB54442D18 | 3.141592653589793
        FLOAT64 | CDAB | 2D185444_21FB4009 | 3.141592653589793
        FLOAT64 | DCBA | 182D4454FB210940 | 3.141592653589793
        """)
    void decodesAndEncodesBack(DataType type, WordOrder order, String hex, String expected) {
        byte[] wire = HexFormat.of().parseHex(hex.replace("_", ""));
        ModbusAddress a = new ModbusAddress(io.tidegate.driver.modbus.Area.HOLDING_REGISTER, 0, -1, wire.length / 2,
                order);
        Value v = RegisterCodec.decode(wire, 0, a, type);
        assertEquals(Value.of(type, type.isInteger() ? (Object) Long.parseLong(expected) : Double.parseDouble(expected)),
                v);
        assertArrayEquals(wire, RegisterCodec.encode(v, a, type));
    }

    @ParameterizedTest(name = "{0}: {1} = ''{2}''")
    @CsvSource(delimiter = '|', textBlock = """
        ABCD | 50554D5031000000 | PUMP1
        BADC | 5550504D00310000 | PUMP1
        ABCD | 4142432020202020 | ABC
        """)
    void stringsRunInRegisterOrderAndStopAtNul(WordOrder order, String hex, String expected) {
        byte[] wire = HexFormat.of().parseHex(hex);
        ModbusAddress a = new ModbusAddress(io.tidegate.driver.modbus.Area.HOLDING_REGISTER, 0, -1, 4, order);
        assertEquals(Value.of(DataType.STRING, expected), RegisterCodec.decode(wire, 0, a, DataType.STRING));
    }

    @ParameterizedTest(name = "bit {0} of 0x8005 = {1}")
    @CsvSource({"0, true", "1, false", "2, true", "15, true", "14, false"})
    void bitInRegister(int bit, boolean expected) {
        ModbusAddress a = new ModbusAddress(io.tidegate.driver.modbus.Area.HOLDING_REGISTER, 0, bit, 1, WordOrder.ABCD);
        assertEquals(Value.ofBoolean(expected), RegisterCodec.decode(new byte[] {(byte) 0x80, 0x05}, 0, a,
                DataType.BOOL));
    }

    @ParameterizedTest
    @CsvSource({"UINT16, 70000", "INT16, -40000", "UINT32, -1", "INT16, 1.5"})
    void encodingRefusesValuesTheTypeCannotHold(DataType type, double value) {
        ModbusAddress a = new ModbusAddress(io.tidegate.driver.modbus.Area.HOLDING_REGISTER, 0, -1,
                type == DataType.UINT32 ? 2 : 1, WordOrder.ABCD);
        assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encode(Value.ofDouble(value), a, type));
    }
}
