package io.tidegate.driver.modbus;

import java.util.List;
import java.util.Locale;

/** The four Modbus data areas, with the function codes that read and write them. */
public enum Area {
    COIL(0, 1, true, true, "coil", "coils", "co", "0x"),
    DISCRETE_INPUT(1, 2, true, false, "discrete", "discrete-input", "discrete input", "di", "1x"),
    INPUT_REGISTER(3, 4, false, false, "input", "input-register", "input register", "ir", "3x"),
    HOLDING_REGISTER(4, 3, false, true, "holding", "holding-register", "holding register", "hr", "4x");

    private final int modiconDigit;
    private final int readFunction;
    private final boolean bits;
    private final boolean writable;
    private final List<String> names;

    Area(int modiconDigit, int readFunction, boolean bits, boolean writable, String... names) {
        this.modiconDigit = modiconDigit;
        this.readFunction = readFunction;
        this.bits = bits;
        this.writable = writable;
        this.names = List.of(names);
    }

    /** The leading digit of the 0xxxx/1xxxx/3xxxx/4xxxx notation of device manuals. */
    public int modiconDigit() {
        return modiconDigit;
    }

    /** FC1, FC2, FC4 or FC3. */
    public int readFunction() {
        return readFunction;
    }

    /** True for coils and discrete inputs, which hold single bits; false for 16-bit registers. */
    public boolean isBits() {
        return bits;
    }

    /** Coils (FC5/15) and holding registers (FC6/16) can be written; inputs cannot. */
    public boolean isWritable() {
        return writable;
    }

    /** The short name used in addresses: co, di, ir, hr. */
    public String shortName() {
        return names.get(names.size() - 2);
    }

    /** The area a name means (coil, di, holding register, 4x ...), case-insensitive, or null. */
    public static Area byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Area a : values()) {
            if (a.names.contains(n) || a.names.contains(n.replace('-', ' '))) {
                return a;
            }
        }
        return null;
    }

    /** The area of a Modicon leading digit, or null. */
    public static Area byModiconDigit(int digit) {
        for (Area a : values()) {
            if (a.modiconDigit == digit) {
                return a;
            }
        }
        return null;
    }

    /** The names an error message offers. */
    public static String allowedNames() {
        return "coil (co, 0x), discrete (di, 1x), input (ir, 3x), holding (hr, 4x)";
    }
}
