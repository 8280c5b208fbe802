package io.tidegate.driver.modbus.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Value;
import io.tidegate.driver.modbus.ModbusAddress;
import io.tidegate.driver.modbus.WordOrder;
import java.nio.charset.StandardCharsets;

/**
 * Turns register bytes as they came off the wire into a typed value, and a value into register
 * bytes to write, honouring the point's byte and word order. Pure functions, no I/O.
 */
final class RegisterCodec {
    private RegisterCodec() {
    }

    /**
     * Decodes a value.
     *
     * @param wire  the register bytes of a read response (two per register, as received)
     * @param from  index of the value's first byte in {@code wire}
     */
    static Value decode(byte[] wire, int from, ModbusAddress address, DataType type) {
        byte[] be = toBigEndian(wire, from, address.count(), address.order(), type == DataType.STRING);
        if (address.bit() >= 0) {
            int register = ((be[0] & 0xFF) << 8) | (be[1] & 0xFF);
            return Value.ofBoolean(((register >> address.bit()) & 1) == 1);
        }
        return switch (type) {
            case INT16 -> Value.of(type, (long) (short) (((be[0] & 0xFF) << 8) | (be[1] & 0xFF)));
            case UINT16 -> Value.of(type, (long) (((be[0] & 0xFF) << 8) | (be[1] & 0xFF)));
            case INT32 -> Value.of(type, (long) (int) unsigned(be, 4));
            case UINT32 -> Value.of(type, unsigned(be, 4));
            case INT64 -> Value.of(type, unsigned(be, 8));
            case FLOAT32 -> Value.of(type, (double) Float.intBitsToFloat((int) unsigned(be, 4)));
            case FLOAT64 -> Value.of(type, Double.longBitsToDouble(unsigned(be, 8)));
            case STRING -> Value.of(type, text(be));
            case BOOL -> throw new IllegalArgumentException("a BOOL in a register needs a bit");
            // The profile refuses array types on Modbus points (KnownDrivers), so none gets here.
            default -> throw new IllegalArgumentException("a " + type + " cannot be read from registers");
        };
    }

    /**
     * Encodes a raw value into the register bytes to write (two per register, wire order).
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    static byte[] encode(Value value, ModbusAddress address, DataType type) {
        byte[] be = new byte[address.count() * 2];
        switch (type) {
            case INT16, UINT16 -> put(be, Value.of(type, value.raw()).asLong(), 2);
            case INT32, UINT32 -> put(be, Value.of(type, value.raw()).asLong(), 4);
            case INT64 -> put(be, Value.of(type, value.raw()).asLong(), 8);
            case FLOAT32 -> put(be, Float.floatToIntBits((float) value.asDouble()) & 0xFFFF_FFFFL, 4);
            case FLOAT64 -> put(be, Double.doubleToLongBits(value.asDouble()), 8);
            case STRING -> {
                byte[] chars = value.raw().toString().getBytes(StandardCharsets.ISO_8859_1);
                if (chars.length > be.length) {
                    throw new IllegalArgumentException("'" + value + "' has " + chars.length + " characters; "
                            + address + " holds " + be.length);
                }
                System.arraycopy(chars, 0, be, 0, chars.length); // padded with NULs
            }
            case BOOL -> throw new IllegalArgumentException("a bit of a register is written by read-modify-write");
        }
        return fromBigEndian(be, address.order(), type == DataType.STRING);
    }

    /** Reorders wire bytes into one big-endian value. */
    static byte[] toBigEndian(byte[] wire, int from, int registers, WordOrder order, boolean string) {
        byte[] out = new byte[registers * 2];
        for (int r = 0; r < registers; r++) {
            // A string's characters run in register order; only numbers have a word order.
            int source = order.lowWordFirst() && !string ? registers - 1 - r : r;
            byte hi = wire[from + source * 2];
            byte lo = wire[from + source * 2 + 1];
            out[r * 2] = order.swapBytes() ? lo : hi;
            out[r * 2 + 1] = order.swapBytes() ? hi : lo;
        }
        return out;
    }

    /** The inverse of {@link #toBigEndian}. */
    static byte[] fromBigEndian(byte[] be, WordOrder order, boolean string) {
        int registers = be.length / 2;
        byte[] wire = new byte[be.length];
        for (int r = 0; r < registers; r++) {
            int target = order.lowWordFirst() && !string ? registers - 1 - r : r;
            byte hi = be[r * 2];
            byte lo = be[r * 2 + 1];
            wire[target * 2] = order.swapBytes() ? lo : hi;
            wire[target * 2 + 1] = order.swapBytes() ? hi : lo;
        }
        return wire;
    }

    private static long unsigned(byte[] be, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (be[i] & 0xFF);
        }
        return v;
    }

    private static void put(byte[] be, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            be[i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Text up to the first NUL, trailing blanks dropped: devices pad with either. */
    private static String text(byte[] be) {
        int end = 0;
        while (end < be.length && be[end] != 0) {
            end++;
        }
        return new String(be, 0, end, StandardCharsets.ISO_8859_1).stripTrailing();
    }
}
