package io.tidegate.driver.modbus.internal;

import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.tidegate.driver.modbus.Area;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One request PDU (function code + data) and the exact size its normal answer must have. The
 * request bytes come from j2mod's message classes; the expected size is what lets the framing
 * layers tell a short, long or stale answer from the right one.
 *
 * @param bytes            function code and data
 * @param expectedResponse size of the normal response PDU, function code included
 */
record Pdu(byte[] bytes, int expectedResponse) {

    int function() {
        return bytes[0] & 0xFF;
    }

    static Pdu read(Area area, int start, int count) {
        ModbusRequest request = switch (area) {
            case COIL -> new ReadCoilsRequest(start, count);
            case DISCRETE_INPUT -> new ReadInputDiscretesRequest(start, count);
            case INPUT_REGISTER -> new ReadInputRegistersRequest(start, count);
            case HOLDING_REGISTER -> new ReadMultipleRegistersRequest(start, count);
        };
        int dataBytes = area.isBits() ? (count + 7) / 8 : count * 2;
        return new Pdu(encode(request), 2 + dataBytes);
    }

    /** FC5. */
    static Pdu writeCoil(int address, boolean on) {
        return new Pdu(encode(new WriteCoilRequest(address, on)), 5);
    }

    /** FC15. */
    static Pdu writeCoils(int address, boolean[] values) {
        BitVector bits = new BitVector(values.length);
        for (int i = 0; i < values.length; i++) {
            bits.setBit(i, values[i]);
        }
        return new Pdu(encode(new WriteMultipleCoilsRequest(address, bits)), 5);
    }

    /** FC6. */
    static Pdu writeRegister(int address, byte[] wire) {
        return new Pdu(encode(new WriteSingleRegisterRequest(address, new SimpleRegister(wire[0], wire[1]))), 5);
    }

    /** FC16. */
    static Pdu writeRegisters(int address, byte[] wire) {
        SimpleRegister[] registers = new SimpleRegister[wire.length / 2];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = new SimpleRegister(wire[i * 2], wire[i * 2 + 1]);
        }
        return new Pdu(encode(new WriteMultipleRegistersRequest(address, registers)), 5);
    }

    private static byte[] encode(ModbusRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(260);
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeByte(request.getFunctionCode());
            request.writeData(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * Checks a response PDU against this request.
     *
     * @return the response's data after the function code and byte count (reads), or empty (writes)
     * @throws ModbusFault a Modbus exception, or an answer of the wrong function or size
     */
    byte[] check(byte[] response, int unit) throws ModbusFault {
        if (response.length < 1) {
            throw new ModbusFault(ModbusFault.Kind.SHORT_RESPONSE, "empty response from unit " + unit);
        }
        int fc = response[0] & 0xFF;
        if (fc == (function() | 0x80)) {
            if (response.length != 2) {
                throw new ModbusFault(response.length < 2 ? ModbusFault.Kind.SHORT_RESPONSE
                        : ModbusFault.Kind.LONG_RESPONSE, "exception response of " + response.length
                        + " bytes from unit " + unit + " (2 expected)");
            }
            throw ModbusFault.exception(response[1] & 0xFF, function(), unit);
        }
        if (fc != function()) {
            throw new ModbusFault(ModbusFault.Kind.STALE_RESPONSE, "unit " + unit + " answered function " + fc
                    + " to a function " + function() + " request (a late answer to an earlier request?)");
        }
        if (response.length != expectedResponse) {
            throw new ModbusFault(response.length < expectedResponse ? ModbusFault.Kind.SHORT_RESPONSE
                    : ModbusFault.Kind.LONG_RESPONSE, "unit " + unit + " answered " + response.length
                    + " bytes of PDU where " + expectedResponse + " were expected");
        }
        if (function() <= 4) {
            int byteCount = response[1] & 0xFF;
            if (byteCount != expectedResponse - 2) {
                throw new ModbusFault(byteCount < expectedResponse - 2 ? ModbusFault.Kind.SHORT_RESPONSE
                        : ModbusFault.Kind.LONG_RESPONSE, "unit " + unit + " says " + byteCount
                        + " data bytes where " + (expectedResponse - 2) + " were asked for");
            }
            byte[] data = new byte[byteCount];
            System.arraycopy(response, 2, data, 0, byteCount);
            return data;
        }
        // A write's echo must repeat the address (and value or quantity) we sent.
        for (int i = 1; i < 5; i++) {
            if (response[i] != bytes[i]) {
                throw new ModbusFault(ModbusFault.Kind.STALE_RESPONSE, "unit " + unit
                        + " echoed a different address or value than was written");
            }
        }
        return new byte[0];
    }
}
