package io.tidegate.driver.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address notations of docs/modbus.md, each parsed to the protocol address a device sees. */
class ModbusAddressTest {

    @ParameterizedTest(name = "{0} as {1} (base {2}) -> {3}:{4} bit {5}, {6} registers, {7}")
    @CsvSource(delimiter = '|', textBlock = """
        hr:0            | UINT16  | 0 | HOLDING_REGISTER | 0     | -1 | 1  | ABCD
        holding:100     | FLOAT32 | 0 | HOLDING_REGISTER | 100   | -1 | 2  | ABCD
        HR:1            | INT16   | 1 | HOLDING_REGISTER | 0     | -1 | 1  | ABCD
        4x:10           | INT16   | 0 | HOLDING_REGISTER | 10    | -1 | 1  | ABCD
        ir:12:CDAB      | INT32   | 0 | INPUT_REGISTER   | 12    | -1 | 2  | CDAB
        input register:7| INT64   | 0 | INPUT_REGISTER   | 7     | -1 | 4  | ABCD
        hr:0x10:dcba    | FLOAT64 | 0 | HOLDING_REGISTER | 16    | -1 | 4  | DCBA
        hr:100.3        | BOOL    | 0 | HOLDING_REGISTER | 100   | 3  | 1  | ABCD
        hr:200[8]       | STRING  | 0 | HOLDING_REGISTER | 200   | -1 | 8  | ABCD
        hr:200[8]:BADC  | STRING  | 0 | HOLDING_REGISTER | 200   | -1 | 8  | BADC
        co:5            | BOOL    | 0 | COIL             | 5     | -1 | 1  | ABCD
        di:0            | BOOL    | 0 | DISCRETE_INPUT   | 0     | -1 | 1  | ABCD
        hr:40001        | UINT16  | 0 | HOLDING_REGISTER | 40001 | -1 | 1  | ABCD
        40001           | UINT16  | 0 | HOLDING_REGISTER | 0     | -1 | 1  | ABCD
        40001           | UINT16  | 1 | HOLDING_REGISTER | 0     | -1 | 1  | ABCD
        400001          | UINT16  | 0 | HOLDING_REGISTER | 0     | -1 | 1  | ABCD
        465536          | UINT16  | 0 | HOLDING_REGISTER | 65535 | -1 | 1  | ABCD
        30011:CDAB      | FLOAT32 | 0 | INPUT_REGISTER   | 10    | -1 | 2  | CDAB
        10001           | BOOL    | 0 | DISCRETE_INPUT   | 0     | -1 | 1  | ABCD
        00001           | BOOL    | 0 | COIL             | 0     | -1 | 1  | ABCD
        40101.15        | BOOL    | 0 | HOLDING_REGISTER | 100   | 15 | 1  | ABCD
        """)
    void parses(String text, DataType type, int base, Area area, int offset, int bit, int count, WordOrder order) {
        ModbusAddress a = ModbusAddress.parse(text, type, base, WordOrder.ABCD);
        assertEquals(new ModbusAddress(area, offset, bit, count, order), a);
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        100         | UINT16  | not a Modbus address; area:number; 5 or 6 digits
        4001        | UINT16  | not a Modbus address
        40000       | UINT16  | manual numbers count from 1
        xr:1        | UINT16  | 'xr' is not a Modbus area; holding (hr, 4x)
        hr:1.16     | BOOL    | bit 16 does not exist; bits 0-15
        hr:1.3      | UINT16  | a bit of a register is a BOOL
        hr:1        | BOOL    | needs the bit; hr:100.3
        co:1        | UINT16  | holds one bit: declare the point BOOL
        co:1.2      | BOOL    | already a single bit
        hr:1        | STRING  | needs its length in registers
        hr:1[200]   | STRING  | 1 to 125 registers
        hr:1[2]     | INT32   | fixed size
        hr:1:ABDC   | INT32   | not a byte/word order; ABCD, CDAB, BADC, DCBA
        hr:65535    | INT32   | past the last Modbus address 65535
        """)
    void refusesWithAClearReason(String text, DataType type, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModbusAddress.parse(text, type, 0, WordOrder.ABCD));
        for (String w : words.split(";")) {
            assertTrue(e.getMessage().contains(w.trim()), () -> "'" + w.trim() + "' not in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        hr:0 | below 1; addressBase: 1
        """)
    void oneBasedRefusesZero(String text, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModbusAddress.parse(text, DataType.UINT16, 1, WordOrder.ABCD));
        for (String w : words.split(";")) {
            assertTrue(e.getMessage().contains(w.trim()), () -> "'" + w.trim() + "' not in: " + e.getMessage());
        }
    }
}
