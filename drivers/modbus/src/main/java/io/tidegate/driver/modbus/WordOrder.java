package io.tidegate.driver.modbus;

import java.util.Locale;

/**
 * Byte and word order of a value spread over registers, named by where the bytes of the big-endian
 * value {@code A B C D} (A most significant) land on the wire. Two independent choices:
 * <ul>
 *   <li>bytes inside each register: high first (A B, the Modbus standard) or swapped (B A);</li>
 *   <li>registers: most significant first (AB CD) or least significant first (CD AB). For a 64-bit
 *       value "least significant first" reverses all four registers.</li>
 * </ul>
 * A 16-bit value only sees the byte choice: ABCD and CDAB read it as is, BADC and DCBA swap its bytes.
 */
public enum WordOrder {
    /** Big-endian: the Modbus standard. */
    ABCD(false, false),
    /** Word-swapped (little-endian registers, big-endian bytes): common on PLCs and meters. */
    CDAB(false, true),
    /** Byte-swapped inside each register. */
    BADC(true, false),
    /** Fully little-endian. */
    DCBA(true, true);

    private final boolean swapBytes;
    private final boolean lowWordFirst;

    WordOrder(boolean swapBytes, boolean lowWordFirst) {
        this.swapBytes = swapBytes;
        this.lowWordFirst = lowWordFirst;
    }

    public boolean swapBytes() {
        return swapBytes;
    }

    public boolean lowWordFirst() {
        return lowWordFirst;
    }

    /** The order a name means, case-insensitive, or null. */
    public static WordOrder byName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
