package io.tidegate.driver.modbus;

import io.tidegate.api.DataType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a point lives on a Modbus device, parsed from the point's {@code address}. Two notations,
 * both case-insensitive (see docs/modbus.md):
 * <pre>
 *   area:number[.bit][[registers]][:order]     hr:0  ir:12:CDAB  hr:100.3  hr:200[8]  co:5
 *   modicon[.bit][[registers]][:order]         40001 (= hr:0)  30011:CDAB  400001  10001  00001
 * </pre>
 * <ul>
 *   <li>With an area the number is the protocol address, zero-based unless the device says
 *       {@code addressBase: 1}; it is taken literally, so {@code hr:40001} is register 40001.</li>
 *   <li>Without an area only the manuals' register numbers are accepted: five digits (0xxxx,
 *       1xxxx, 3xxxx, 4xxxx, numbers 1-9999) or six (numbers 1-65536), always one-based whatever
 *       {@code addressBase} says. Anything shorter is refused as ambiguous.</li>
 *   <li>{@code .bit} (0 = least significant) reads one bit of a register as a BOOL.</li>
 *   <li>{@code [registers]} is a STRING's length in registers (two characters each).</li>
 *   <li>{@code :order} is ABCD, CDAB, BADC or DCBA ({@link WordOrder}); the device's {@code order}
 *       setting is the default.</li>
 * </ul>
 *
 * @param area      the data area
 * @param offset    zero-based protocol (PDU) address of the first register or bit
 * @param bit       bit inside the register, 0-15, or -1
 * @param count     registers (or bits) the value spans
 * @param order     byte and word order
 */
public record ModbusAddress(Area area, int offset, int bit, int count, WordOrder order) {
    /** Most registers one read request may carry (FC3/FC4). */
    public static final int MAX_REGISTERS = 125;
    /** Most bits one read request may carry (FC1/FC2). */
    public static final int MAX_BITS = 2000;

    private static final Pattern WITH_AREA =
            Pattern.compile("(?i)\\s*([a-z0-9 _-]+?)\\s*:\\s*(\\d+|0x[0-9a-f]+)(?:\\.(\\d+))?(?:\\[(\\d+)])?(?::\\s*([a-z]+))?\\s*");
    private static final Pattern MODICON =
            Pattern.compile("(?i)\\s*([0134])(\\d{4,5})(?:\\.(\\d+))?(?:\\[(\\d+)])?(?::\\s*([a-z]+))?\\s*");

    /** The last protocol address the value occupies. */
    public int lastOffset() {
        return offset + count - 1;
    }

    /**
     * Parses and checks an address for a point of the given type.
     *
     * @param addressBase  0 or 1: what the number after {@code area:} counts from
     * @param defaultOrder the order when the address gives none
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static ModbusAddress parse(String text, DataType type, int addressBase, WordOrder defaultOrder) {
        Matcher m = WITH_AREA.matcher(text);
        Area area;
        long number;
        if (m.matches() && !m.group(1).isBlank()) {
            area = Area.byName(m.group(1));
            if (area == null) {
                throw new IllegalArgumentException("'" + m.group(1).trim() + "' is not a Modbus area; allowed: "
                        + Area.allowedNames());
            }
            String n = m.group(2).toLowerCase();
            number = n.startsWith("0x") ? Long.parseLong(n.substring(2), 16) : Long.parseLong(n);
            if (number < addressBase) {
                throw new IllegalArgumentException("address " + number + " is below " + addressBase
                        + (addressBase == 1 ? " (the device counts from 1: addressBase: 1)" : ""));
            }
            number -= addressBase;
        } else {
            m = MODICON.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text.trim() + "' is not a Modbus address; write area:number"
                        + " (zero-based, e.g. hr:0, ir:12:CDAB, hr:100.3, hr:200[8], co:5) or a manual's register"
                        + " number with 5 or 6 digits (e.g. 40001 = hr:0, 30011, 10001, 00001)");
            }
            area = Area.byModiconDigit(Integer.parseInt(m.group(1)));
            number = Long.parseLong(m.group(2));
            if (number < 1) {
                throw new IllegalArgumentException("register number " + m.group(1) + m.group(2)
                        + " does not exist: manual numbers count from 1 (" + m.group(1) + "0001 is the first)");
            }
            number -= 1;
        }
        int bit = -1;
        if (m.group(3) != null) {
            bit = Integer.parseInt(m.group(3));
            if (area.isBits()) {
                throw new IllegalArgumentException("'." + m.group(3) + "' picks a bit of a register, but a " + area
                        + " is already a single bit");
            }
            if (bit > 15) {
                throw new IllegalArgumentException("bit " + bit + " does not exist: a register has bits 0-15");
            }
            if (type != DataType.BOOL) {
                throw new IllegalArgumentException("a bit of a register is a BOOL, not a " + type);
            }
        }
        WordOrder order = defaultOrder;
        if (m.group(5) != null) {
            order = WordOrder.byName(m.group(5));
            if (order == null) {
                throw new IllegalArgumentException("'" + m.group(5) + "' is not a byte/word order; allowed: ABCD,"
                        + " CDAB, BADC, DCBA");
            }
        }
        int count = registers(area, type, bit, m.group(4));
        if (number + count - 1 > 0xFFFF) {
            throw new IllegalArgumentException("address " + number + (count > 1 ? " + " + count + " registers" : "")
                    + " goes past the last Modbus address 65535");
        }
        return new ModbusAddress(area, (int) number, bit, count, order);
    }

    private static int registers(Area area, DataType type, int bit, String length) {
        if (area.isBits()) {
            if (type != DataType.BOOL) {
                throw new IllegalArgumentException("a " + area + " holds one bit: declare the point BOOL, not " + type);
            }
            if (length != null) {
                throw new IllegalArgumentException("[" + length + "] is a STRING's length; a " + area + " is one bit");
            }
            return 1;
        }
        if (type == DataType.STRING) {
            if (length == null) {
                throw new IllegalArgumentException("a STRING needs its length in registers, e.g. hr:100[8] for 16"
                        + " characters");
            }
            int n = Integer.parseInt(length);
            if (n < 1 || n > MAX_REGISTERS) {
                throw new IllegalArgumentException("a STRING spans 1 to " + MAX_REGISTERS + " registers, not " + n);
            }
            return n;
        }
        if (length != null) {
            throw new IllegalArgumentException("[" + length + "] is a STRING's length; a " + type + " has a fixed size");
        }
        if (type == DataType.BOOL && bit < 0) {
            throw new IllegalArgumentException("a BOOL in a register needs the bit, e.g. hr:100.3 (bit 0 = least"
                    + " significant); or use a coil or discrete input");
        }
        return switch (type) {
            case BOOL, INT16, UINT16 -> 1;
            case INT32, UINT32, FLOAT32 -> 2;
            case INT64, FLOAT64 -> 4;
            default -> throw new IllegalArgumentException("type " + type + " cannot be read from a register");
        };
    }

    /** The canonical zero-based form, e.g. {@code hr:100.3} or {@code ir:12:CDAB}. */
    @Override
    public String toString() {
        return area.shortName() + ":" + offset + (bit >= 0 ? "." + bit : "") + (order != WordOrder.ABCD ? ":" + order : "");
    }
}
